import { ResponderError } from './responder-error.js';

/**
 * The classic IAM API (20160918) cannot see or manage this user's credentials: it answered
 * 404 NotAuthorizedOrNotFound for a user Cloud Guard reported. That is what a user of a
 * non-default identity domain looks like through that API (oci-facts §3.8), or a user deleted
 * since the problem was raised. Not retryable: a person must act.
 */
export class UnmanageableUserError extends ResponderError {
  override name = 'UnmanageableUserError';
  readonly operation: string;
  readonly userId: string;
  readonly opcRequestId: string | null;

  constructor(details: { operation: string; userId: string; opcRequestId: string | null }, options?: ErrorOptions) {
    super(`${details.operation} does not know user ${details.userId} (404 NotAuthorizedOrNotFound).`, { ...options, retryable: false });
    this.operation = details.operation;
    this.userId = details.userId;
    this.opcRequestId = details.opcRequestId;
  }
}
