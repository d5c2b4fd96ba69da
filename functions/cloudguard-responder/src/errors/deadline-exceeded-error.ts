import { ResponderError } from './responder-error.js';

/**
 * An OCI call was not started (or not waited for any longer) because the invocation's budget,
 * Fn's deadline less the safety margin, was spent. Retryable: every rotation step is
 * resumable, so a later delivery of the event finishes what this one could not.
 */
export class DeadlineExceededError extends ResponderError {
  override name = 'DeadlineExceededError';
  readonly operation: string;
  readonly resourceId: string;

  constructor(details: { operation: string; resourceId: string }, options?: ErrorOptions) {
    super(`${details.operation} on ${details.resourceId} not sent: the invocation's deadline leaves no time for it.`, {
      ...options,
      retryable: true,
    });
    this.operation = details.operation;
    this.resourceId = details.resourceId;
  }
}
