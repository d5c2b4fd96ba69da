/**
 * What started a rotation. Both run the same engine and end in the same summary email; the
 * trigger decides where the marker comes from (the Cloud Guard resolve, or the Vault secret and
 * the CURRENT version its rotation replaces), and whether the run may write a secret that
 * Vault's own rotation holds IN_PROGRESS (only that rotation itself may).
 */
export type RotationTrigger =
  | { kind: 'cloud-guard' }
  | {
      kind: 'vault-schedule';
      /** The secret whose `rotationConfig` Vault ran (for a customer secret key, the secret-key secret). */
      secretId: string;
      /** The CURRENT version this rotation replaces: every step (and retry) of one rotation reads the same one. */
      versionNo: number;
    };

export const CLOUD_GUARD_TRIGGER: RotationTrigger = Object.freeze({ kind: 'cloud-guard' });

/** For the outcome and the email; an outcome may not know the version yet (a step refused early). */
export function describeTrigger(trigger: RotationTrigger | { kind: 'vault-schedule'; secretId: string; versionNo?: number }): string {
  if (trigger.kind === 'cloud-guard') return 'Cloud Guard (a resolved stale-credential problem)';
  return `Vault schedule (rotation of secret ${trigger.secretId}${trigger.versionNo === undefined ? '' : ` replacing version ${trigger.versionNo}`})`;
}
