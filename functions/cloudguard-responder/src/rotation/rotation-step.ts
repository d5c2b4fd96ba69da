/**
 * The steps of a rotation, in the order they run. A failed outcome names the step, and the
 * report of what still works is written per step: that is why they are an explicit list.
 */
export type RotationStep =
  | 'verify-problem'
  | 'preflight'
  | 'resume'
  | 'generate-key'
  | 'create-credential'
  | 'stage-secret'
  | 'upload-key'
  | 'wait-active'
  | 'prove-key'
  | 'prove-credential'
  | 'promote-secret'
  | 'retire-old'
  | 'compensate'
  | 'reset-password'
  | 'store-password';
