import { ResponderError } from './responder-error.js';

/**
 * The credential a problem names is not on the user any more (a definite read of the user's
 * credentials), and no rotation of this tool replaced it: someone removed it before the resolve.
 * Not a failure: the stale credential is gone, so there is nothing to rotate and nothing to
 * reopen. The message says what was read; never a value.
 */
export class NothingToRotateError extends ResponderError {
  override name = 'NothingToRotateError';
  readonly credentialId: string;

  constructor(details: { credentialId: string; message: string }, options?: ErrorOptions) {
    super(details.message, { ...options, retryable: false });
    this.credentialId = details.credentialId;
  }
}
