import { ResponderError } from './responder-error.js';

export interface OciCallErrorDetails {
  /** The SDK operation, e.g. `CreateAuthToken`. */
  operation: string;
  /** The OCID (or id) the call was about. */
  resourceId: string;
  /** The HTTP status, or null when no response came back (network, open circuit breaker). */
  statusCode: number | null;
  serviceCode: string | null;
  opcRequestId: string | null;
  retryable: boolean;
  /** One line from the service; never a request body. */
  detail: string;
}

/**
 * An OCI API call failed. Carries what an operator needs to find it in OCI (operation, the
 * resource OCID, the opc-request-id) and whether trying again could help; the SDK error is the
 * `cause`. The message holds the operation, status and service code, never a request body.
 */
export class OciCallError extends ResponderError {
  override name = 'OciCallError';
  readonly operation: string;
  readonly resourceId: string;
  readonly statusCode: number | null;
  readonly serviceCode: string | null;
  readonly opcRequestId: string | null;

  constructor(details: OciCallErrorDetails, options?: ErrorOptions) {
    const status = details.statusCode === null ? 'no response' : `${details.statusCode} ${details.serviceCode ?? ''}`.trim();
    const requestId = details.opcRequestId ? ` [opc-request-id ${details.opcRequestId}]` : '';
    super(`${details.operation} on ${details.resourceId} failed (${status}): ${details.detail}${requestId}`, {
      ...options,
      retryable: details.retryable,
    });
    this.operation = details.operation;
    this.resourceId = details.resourceId;
    this.statusCode = details.statusCode;
    this.serviceCode = details.serviceCode;
    this.opcRequestId = details.opcRequestId;
  }

  /** The service answered (with an error): the request is over, not still in flight somewhere. */
  get answered(): boolean {
    return this.statusCode !== null;
  }
}
