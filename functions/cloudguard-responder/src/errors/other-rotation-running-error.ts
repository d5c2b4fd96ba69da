import { ResponderError } from './responder-error.js';

/**
 * The other path (Vault's schedule or a Cloud Guard event) created its replacement of the same
 * credential moments ago and so holds the user's last slot: single flight per credential, so this
 * rotation changes nothing and leaves the replacement to that one. The message names the
 * credential and the rotation, never a value.
 */
export class OtherRotationRunningError extends ResponderError {
  override name = 'OtherRotationRunningError';
  readonly credentialId: string;

  constructor(details: { credentialId: string; message: string }, options?: ErrorOptions) {
    super(details.message, { ...options, retryable: true });
    this.credentialId = details.credentialId;
  }
}
