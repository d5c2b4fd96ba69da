import { ResponderError } from './responder-error.js';

/**
 * Thrown inside a rotation when a precondition does not hold: nothing has been changed yet,
 * and the outcome is `refused` with this message as the reason. Messages name OCIDs and
 * counts, never secret values. Not retryable: a human must act before a replay can succeed.
 */
export class RotationRefusedError extends ResponderError {
  override name = 'RotationRefusedError';
}
