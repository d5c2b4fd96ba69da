import type { Outcome } from '../outcome.js';

/**
 * What the Function answers Vault: `{responseCode, returnMessage, versionNo}`, the template's
 * `SecretRotationOutput` (docs/scheduled-rotation.md). 200: the step is done (again, when
 * repeated); 400: refused, a person must act, retrying changes nothing; 404: the secret has no
 * CURRENT version (VERIFY_CONNECTION, as the template answers); 500: failed, or another rotation
 * holds the credential, so retrying the step may succeed. `versionNo` is the number the step
 * hands on: the working version (VERIFY_CONNECTION), the PENDING version to promote
 * (UPDATE_TARGET_SYSTEM), null otherwise. `outcome` is this tool's own account of the step (the
 * same shape as for a Cloud Guard event); Vault ignores it (assumed).
 */
export interface VaultRotationAnswer {
  responseCode: 200 | 400 | 404 | 500;
  /** One line; never a secret value. */
  returnMessage: string;
  versionNo: number | null;
  outcome: Outcome;
}

export function isVaultRotationAnswer(value: unknown): value is VaultRotationAnswer {
  return typeof value === 'object' && value !== null && 'responseCode' in value && 'outcome' in value;
}
