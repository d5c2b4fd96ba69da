import { namedSecretIds, type RemediationRequest } from '../domain/remediation-request.js';
import type { SecretStorePort } from '../ports/secret-store-port.js';
import { SECRET_USER_TAG } from '../rotation/preflight-checks.js';
import type { RotationSettings } from '../rotation/rotation-settings.js';

/**
 * Whether the secrets an event names are bound to its user by more than the event's own word
 * (the rule the rotation applies before any write, preflight-checks.ts): Cloud Guard's record of
 * the resolve names them, or each carries `cg-responder-user=<user>`, or an allow-list covers it.
 * A request that names no secret (a password reset stored nowhere) has nothing to redirect.
 * Throws when a secret cannot be read: the caller is then in doubt.
 */
export async function secretsBoundToUser(
  secrets: SecretStorePort,
  request: RemediationRequest,
  settings: RotationSettings,
  commentConfirmed: boolean,
): Promise<boolean> {
  if (commentConfirmed) return true;
  for (const secretId of namedSecretIds(request.secrets)) {
    const secret = await secrets.getSecret(secretId);
    const tagged = secret.freeformTags[SECRET_USER_TAG] === request.userId;
    const allowListed = settings.allowedVaultIds.includes(secret.vaultId) || settings.allowedCompartmentIds.includes(secret.compartmentId);
    if (!tagged && !allowListed) return false;
  }
  return true;
}
