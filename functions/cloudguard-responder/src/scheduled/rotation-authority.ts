import { OciCallError } from '../errors/oci-call-error.js';
import type { SecretInfo, SecretStorePort } from '../ports/secret-store-port.js';
import type { VaultRotationStep } from './vault-rotation-request.js';

export type Authority = { ok: true; secret: SecretInfo } | { ok: false; reason: string };

/**
 * Whether Vault's own record lets this Function act on the secret. Whoever may invoke the
 * Function could send a Vault-shaped request for any secret it can tag; only Vault's record says
 * the rotation is real: the secret's `rotationConfig` targets this very Function, and (for the
 * steps that write) its `rotationStatus` is IN_PROGRESS. VERIFY_CONNECTION only reads, so it is
 * answered whenever the secret's rotation targets this Function, before or after a rotation.
 */
export async function checkAuthority(
  secrets: SecretStorePort,
  secretId: string,
  step: VaultRotationStep,
  functionId: string | null,
): Promise<Authority> {
  const refuse = (why: string): Authority => ({ ok: false, reason: `${why} Nothing was changed.` });
  let secret: SecretInfo;
  try {
    secret = await secrets.getSecret(secretId);
  } catch (error) {
    if (error instanceof OciCallError && error.statusCode === 404)
      return refuse(`Secret ${secretId} does not exist, or this Function may not read it (GetSecret answered 404).`);
    throw error;
  }
  if (functionId === null) {
    return refuse(
      `This Function does not know its own OCID (Fn sets FN_FN_ID), so it cannot check that Vault's rotation of ${secretId} targets it.`,
    );
  }
  if (secret.rotationFunctionId !== functionId) {
    return refuse(
      secret.rotationFunctionId === null
        ? `Secret ${secretId} has no rotation config with a FUNCTION target: Vault does not rotate it, so no rotation step applies to it.`
        : `Secret ${secretId}'s rotation config targets function ${secret.rotationFunctionId}, not this one (${functionId}).`,
    );
  }
  if (step !== 'VERIFY_CONNECTION' && secret.rotationStatus !== 'IN_PROGRESS') {
    return refuse(
      `Vault's rotation of secret ${secretId} is not in progress (rotationStatus ${secret.rotationStatus ?? 'unknown'}): only a rotation ` +
        `Vault is running may write the secret.`,
    );
  }
  return { ok: true, secret };
}
