/**
 * What started a rotation. Both run the same engine and end in the same summary email; the
 * trigger decides where the marker comes from (the Cloud Guard resolve, or the Vault secret and
 * its rotation's `versionNo`), and whether the run may write a secret that Vault's own rotation
 * holds IN_PROGRESS (only that rotation itself may).
 */
export type RotationTrigger =
  | { kind: 'cloud-guard' }
  | {
      kind: 'vault-schedule';
      /** The secret whose `rotationConfig` Vault ran (for a customer secret key, the secret-key secret). */
      secretId: string;
      /** Vault's `versionNo` for this rotation: every retry of every step carries the same one. */
      versionNo: number;
    };

export const CLOUD_GUARD_TRIGGER: RotationTrigger = Object.freeze({ kind: 'cloud-guard' });

/** For the outcome and the email. */
export function describeTrigger(trigger: RotationTrigger): string {
  return trigger.kind === 'cloud-guard'
    ? 'Cloud Guard (a resolved stale-credential problem)'
    : `Vault schedule (rotation of secret ${trigger.secretId}, versionNo ${trigger.versionNo})`;
}
