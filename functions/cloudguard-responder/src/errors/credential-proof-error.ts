import { ResponderError } from './responder-error.js';

export interface CredentialProofErrorDetails {
  /** `Swift auth` or `S3 ListBuckets`. */
  operation: string;
  /** What was being proven: the access key id, or `<namespace>/<user name>` for a token. */
  resourceId: string;
  /** The HTTP status, or null when no answer came back. */
  statusCode: number | null;
  /** S3's error code (`RequestTimeTooSkewed`…), when it sent one. */
  serviceCode: string | null;
  opcRequestId: string | null;
  retryable: boolean;
  /** One line; never a credential value or a request header. */
  detail: string;
}

/**
 * A proof by use could not be carried out: Object Storage was unreachable or answered something
 * that neither accepts nor refuses the credential (a 5xx, a clock-skew refusal, a malformed
 * signature). Says nothing about whether the credential works; the `cause` is the failure.
 */
export class CredentialProofError extends ResponderError {
  override name = 'CredentialProofError';
  readonly operation: string;
  readonly resourceId: string;
  readonly statusCode: number | null;
  readonly serviceCode: string | null;
  readonly opcRequestId: string | null;

  constructor(details: CredentialProofErrorDetails, options?: ErrorOptions) {
    const status = details.statusCode === null ? 'no response' : `${details.statusCode} ${details.serviceCode ?? ''}`.trim();
    const requestId = details.opcRequestId ? ` [opc-request-id ${details.opcRequestId}]` : '';
    super(`${details.operation} for ${details.resourceId} failed (${status}): ${details.detail}${requestId}`, {
      ...options,
      retryable: details.retryable,
    });
    this.operation = details.operation;
    this.resourceId = details.resourceId;
    this.statusCode = details.statusCode;
    this.serviceCode = details.serviceCode;
    this.opcRequestId = details.opcRequestId;
  }
}
