/**
 * An OCI API call failed. Carries what an operator needs to find it in OCI (operation, the
 * resource OCID, the opc-request-id) and whether trying again could help; the SDK error is the
 * `cause`. The message holds the operation, status and service code, never a request body.
 */
export class OciCallError extends Error {
  override name = 'OciCallError';
  readonly operation: string;
  readonly resourceId: string;
  readonly statusCode: number | null;
  readonly serviceCode: string | null;
  readonly opcRequestId: string | null;
  readonly retryable: boolean;

  constructor(
    details: { operation: string; resourceId: string; statusCode: number | null; serviceCode: string | null; opcRequestId: string | null; retryable: boolean; detail: string },
    options?: ErrorOptions,
  ) {
    const status = details.statusCode === null ? 'no response' : `${details.statusCode} ${details.serviceCode ?? ''}`.trim();
    super(`${details.operation} on ${details.resourceId} failed (${status}): ${details.detail}${details.opcRequestId ? ` [opc-request-id ${details.opcRequestId}]` : ''}`, options);
    this.operation = details.operation;
    this.resourceId = details.resourceId;
    this.statusCode = details.statusCode;
    this.serviceCode = details.serviceCode;
    this.opcRequestId = details.opcRequestId;
    this.retryable = details.retryable;
  }
}
