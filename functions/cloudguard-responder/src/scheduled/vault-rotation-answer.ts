import type { Outcome } from '../outcome.js';

/**
 * What the Function answers Vault: `{responseCode, returnMessage, versionNo}` (the format of
 * Oracle's public rotation function samples; assumed). 200: the step is done (again, when
 * repeated); 400: refused, a person must act, retrying changes nothing; 500: failed or another
 * rotation holds the credential, retrying the step may succeed. `outcome` is this tool's own
 * account of the step (the same shape as for a Cloud Guard event); Vault ignores it (assumed).
 */
export interface VaultRotationAnswer {
  responseCode: 200 | 400 | 500;
  /** One line; never a secret value. */
  returnMessage: string;
  versionNo: number | null;
  outcome: Outcome;
}

export function isVaultRotationAnswer(value: unknown): value is VaultRotationAnswer {
  return typeof value === 'object' && value !== null && 'responseCode' in value && 'outcome' in value;
}
