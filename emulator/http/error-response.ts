import { OciApiError } from './oci-api-error.js';
import type { RouteResponse } from './route.js';

/** OCI's error body: `{code, message}`, both always present so the SDK fills `serviceCode` (oci-behaviour §8). */
export function errorResponse(error: OciApiError): RouteResponse {
  return { status: error.status, body: { code: error.code, message: error.message } };
}

/** What a caller sees when the emulator itself breaks: no detail, which goes to the log instead. */
export function internalErrorResponse(): RouteResponse {
  return errorResponse(new OciApiError(500, 'InternalServerError', 'Internal error in the emulator.'));
}

/**
 * Runs work and answers a thrown OciApiError with its status and body. Anything else is a bug:
 * with `onInternalError` it is reported there and answered with a generic 500, otherwise rethrown.
 */
export function answerOciErrors(work: () => RouteResponse, onInternalError?: (error: unknown) => void): RouteResponse {
  try {
    return work();
  } catch (error) {
    if (error instanceof OciApiError) return errorResponse(error);
    if (!onInternalError) throw error;
    onInternalError(error);
    return internalErrorResponse();
  }
}
