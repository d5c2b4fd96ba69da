import { OciCallError } from '../../errors/oci-call-error.js';

/** The HTTP status, service code and request id of a failed call, for the adapters to classify. */
export function failureOf(error: unknown): { status: number | null; code: string | null; opcRequestId: string | null } {
  if (error instanceof OciCallError) return { status: error.statusCode, code: error.serviceCode, opcRequestId: error.opcRequestId };
  return { status: null, code: null, opcRequestId: null };
}
