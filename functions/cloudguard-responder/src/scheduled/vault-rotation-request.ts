import { decode } from '../intake/parse-event.js';
import { ocidType } from '../domain/ocid.js';

/**
 * The four steps Vault invokes a secret's FUNCTION target with, in this order, one invocation
 * each (`rotationConfig.targetSystemDetails`, Terraform `oci_vault_secret`:
 * https://docs.oracle.com/en-us/iaas/tools/terraform-provider-oci/latest/docs/r/vault_secret.html;
 * step names and the `{step, secretId, versionNo}` body as Oracle's public rotation function
 * samples use them; the exact payload is not in the API reference: assumed).
 */
export const VAULT_ROTATION_STEPS = ['VERIFY_CONNECTION', 'CREATE_PENDING_VERSION', 'UPDATE_TARGET_SYSTEM', 'PROMOTE_PENDING_VERSION'] as const;
export type VaultRotationStep = (typeof VAULT_ROTATION_STEPS)[number];

export interface VaultRotationRequest {
  step: VaultRotationStep;
  secretId: string;
  /** Vault's number for this rotation; the same for every step (and retry) of one rotation. */
  versionNo: number;
}

export type VaultRequestParse = { ok: true; request: VaultRotationRequest } | { ok: false; reason: string; versionNo: number | null };

/**
 * A Vault rotation request is told from a Cloud Guard event by shape: a JSON object with `step`
 * and `secretId` and no `eventType`. Anything else goes to the event intake, which refuses or
 * ignores it as before.
 */
export function looksLikeVaultRotationRequest(input: unknown): boolean {
  const decoded = decode(input);
  if (!decoded.ok || typeof decoded.value !== 'object' || decoded.value === null || Array.isArray(decoded.value)) return false;
  const body = decoded.value as Record<string, unknown>;
  return 'step' in body && 'secretId' in body && !('eventType' in body);
}

export function parseVaultRotationRequest(input: unknown): VaultRequestParse {
  const decoded = decode(input);
  if (!decoded.ok) return { ok: false, reason: decoded.reason, versionNo: null };
  const body = decoded.value as Record<string, unknown>;
  const versionNo = body['versionNo'];
  const echoedVersion = typeof versionNo === 'number' && Number.isSafeInteger(versionNo) ? versionNo : null;
  const fail = (reason: string): VaultRequestParse => ({ ok: false, reason, versionNo: echoedVersion });
  const unknownKeys = Object.keys(body).filter((key) => key !== 'step' && key !== 'secretId' && key !== 'versionNo');
  if (unknownKeys.length > 0) return fail(`The rotation request has fields Vault does not send (${unknownKeys.slice(0, 3).map((key) => key.slice(0, 40)).join(', ')}).`);
  const step = body['step'];
  if (typeof step !== 'string' || !(VAULT_ROTATION_STEPS as readonly string[]).includes(step)) {
    return fail(`/step must be one of ${VAULT_ROTATION_STEPS.join(', ')}.`);
  }
  const secretId = body['secretId'];
  if (typeof secretId !== 'string' || ocidType(secretId) !== 'vaultsecret') return fail('/secretId must be a secret OCID (ocid1.vaultsecret.…).');
  if (echoedVersion === null || echoedVersion < 1) return fail('/versionNo must be a positive whole number.');
  return { ok: true, request: { step: step as VaultRotationStep, secretId, versionNo: echoedVersion } };
}
