import { ResponderError } from './responder-error.js';

/**
 * The invocation stopped before `step` because the Fn deadline (less the safety margin) was
 * too close. Retryable: the rotation is resumable, so replaying the event finishes it.
 */
export class DeadlineExceededError extends ResponderError {
  override name = 'DeadlineExceededError';
  readonly step: string;

  constructor(step: string, options?: ErrorOptions) {
    super(`Stopped before step ${step}: the invocation deadline is too close to start it safely.`, { ...options, retryable: true });
    this.step = step;
  }
}
