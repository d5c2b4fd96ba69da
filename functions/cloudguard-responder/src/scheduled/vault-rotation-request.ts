import { decode } from '../intake/parse-event.js';
import { ocidType } from '../domain/ocid.js';

/**
 * The four steps Vault invokes a secret's FUNCTION target with, in this order, one invocation
 * each (`rotationConfig.targetSystemDetails`, Terraform `oci_vault_secret`:
 * https://docs.oracle.com/en-us/iaas/tools/terraform-provider-oci/latest/docs/r/vault_secret.html).
 * The request `{step, secretId, versionNo}` and what each step does with `versionNo` follow
 * Oracle's custom rotation function template, `CustomRotateFunction` (GitHub
 * tstahl/oci-rotate-secret-fn, src/main/java/com/oracle/bmc/ocisms/fn/CustomRotateFunction.java,
 * the sample behind the A-Team post "Automatically Rotate OCI Secrets using a Custom Function");
 * docs/scheduled-rotation.md has the table.
 */
export const VAULT_ROTATION_STEPS = [
  'VERIFY_CONNECTION',
  'CREATE_PENDING_VERSION',
  'UPDATE_TARGET_SYSTEM',
  'PROMOTE_PENDING_VERSION',
] as const;
export type VaultRotationStep = (typeof VAULT_ROTATION_STEPS)[number];

export interface VaultRotationRequest {
  step: VaultRotationStep;
  secretId: string;
  /**
   * The template's nullable `Long versionNo`: ignored by VERIFY_CONNECTION and
   * CREATE_PENDING_VERSION, the CURRENT version for UPDATE_TARGET_SYSTEM, the PENDING version to
   * promote for PROMOTE_PENDING_VERSION. null when absent or null.
   */
  versionNo: number | null;
}

export type VaultRequestParse = { ok: true; request: VaultRotationRequest } | { ok: false; reason: string; versionNo: number | null };

/** Oversized bodies are still read this far, only to tell which kind of request they claim to be. */
const SHAPE_SNIFF_MAX_BYTES = 8 * 1024 * 1024;

/**
 * A Vault rotation request is told from a Cloud Guard event by shape: a JSON object with `step`
 * and `secretId` and no `eventType`. Anything else goes to the event intake, which refuses or
 * ignores it as before. A body too large for the intake is still looked at (up to 8 MiB), so a
 * Vault-shaped one is refused in Vault's format, with a `responseCode`.
 */
export function looksLikeVaultRotationRequest(input: unknown): boolean {
  const decoded = decode(input);
  const value = decoded.ok ? decoded.value : sniffOversized(input);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const body = value as Record<string, unknown>;
  return 'step' in body && 'secretId' in body && !('eventType' in body);
}

function sniffOversized(input: unknown): unknown {
  const text =
    typeof input === 'string'
      ? input
      : input instanceof Uint8Array && input.byteLength <= SHAPE_SNIFF_MAX_BYTES
        ? Buffer.from(input).toString('utf8')
        : null;
  if (text === null || Buffer.byteLength(text, 'utf8') > SHAPE_SNIFF_MAX_BYTES) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * Reads `{step, secretId, versionNo}`. Fields the template does not read are ignored, as its
 * Jackson mapping would let Vault add some. A bad field is refused naming it, never echoing it.
 */
export function parseVaultRotationRequest(input: unknown): VaultRequestParse {
  const decoded = decode(input);
  if (!decoded.ok) return { ok: false, reason: decoded.reason, versionNo: null };
  if (typeof decoded.value !== 'object' || decoded.value === null || Array.isArray(decoded.value))
    return { ok: false, reason: 'The rotation request is not a JSON object.', versionNo: null };
  const body = decoded.value as Record<string, unknown>;
  const fail = (reason: string): VaultRequestParse => ({ ok: false, reason, versionNo: null });
  const step = body['step'];
  if (typeof step !== 'string' || !(VAULT_ROTATION_STEPS as readonly string[]).includes(step)) {
    return fail(`/step must be one of ${VAULT_ROTATION_STEPS.join(', ')}.`);
  }
  const secretId = body['secretId'];
  if (typeof secretId !== 'string' || ocidType(secretId) !== 'vaultsecret')
    return fail('/secretId must be a secret OCID (ocid1.vaultsecret.…).');
  const versionNo = body['versionNo'];
  if (
    versionNo !== undefined &&
    versionNo !== null &&
    !(typeof versionNo === 'number' && Number.isSafeInteger(versionNo) && versionNo >= 1)
  ) {
    return fail('/versionNo must be a positive whole number, null, or absent.');
  }
  return { ok: true, request: { step: step as VaultRotationStep, secretId, versionNo: typeof versionNo === 'number' ? versionNo : null } };
}
