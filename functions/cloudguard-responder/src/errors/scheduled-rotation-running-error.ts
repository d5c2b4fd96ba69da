import { ResponderError } from './responder-error.js';

/**
 * A Cloud Guard event met a secret that Vault's own rotation holds IN_PROGRESS: single flight
 * per credential, so this delivery changes nothing and leaves the rotation to the schedule.
 */
export class ScheduledRotationRunningError extends ResponderError {
  override name = 'ScheduledRotationRunningError';
  readonly secretId: string;

  constructor(secretId: string) {
    super(`Vault's scheduled rotation of secret ${secretId} is running right now (rotationStatus IN_PROGRESS)`, { retryable: true });
    this.secretId = secretId;
  }
}
