import common from 'oci-common';
import { OciCallError } from '../../errors/oci-call-error.js';
import { isRetryable } from './retry-policy.js';

/**
 * Runs one SDK call and turns any failure into an OciCallError. The SDK throws OciError for HTTP
 * errors but plain objects for network failures and an open breaker (stack.md §2); both end up
 * the same shape here, so the rotation can read `statusCode`/`serviceCode` without the SDK.
 */
export async function ociCall<T>(operation: string, resourceId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toOciCallError(error, operation, resourceId);
  }
}

export function toOciCallError(error: unknown, operation: string, resourceId: string): OciCallError {
  if (error instanceof OciCallError) return error;
  if (error instanceof common.OciError) {
    return new OciCallError(
      {
        operation,
        resourceId,
        statusCode: error.statusCode,
        serviceCode: error.serviceCode,
        opcRequestId: error.opcRequestId,
        retryable: isRetryable(error),
        detail: oneLine(error.message),
      },
      { cause: error },
    );
  }
  const message = typeof error === 'object' && error !== null && 'message' in error ? String((error as { message: unknown }).message) : 'unknown failure';
  return new OciCallError({ operation, resourceId, statusCode: null, serviceCode: null, opcRequestId: null, retryable: true, detail: oneLine(message) }, { cause: error });
}

function oneLine(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}
