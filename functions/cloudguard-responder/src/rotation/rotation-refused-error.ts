/**
 * Thrown inside a rotation when a precondition does not hold: nothing has been changed yet,
 * and the outcome is `refused` with this message as the reason. Messages name OCIDs and
 * counts, never secret values.
 */
export class RotationRefusedError extends Error {
  override name = 'RotationRefusedError';
}
