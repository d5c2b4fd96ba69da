import { namedSecretIds, type RemediationRequest } from '../domain/remediation-request.js';
import type { SecretStorePort } from '../ports/secret-store-port.js';
import { isBoundToUser } from '../rotation/preflight-checks.js';
import type { RotationSettings } from '../rotation/rotation-settings.js';

/**
 * Whether the secrets an event names are bound to its user by more than the event's own word
 * (the same rule the rotation applies before any write, `isBoundToUser`): Cloud Guard's record of
 * the resolve names them, or each carries `cg-responder-user=<user>`, or the allow-lists cover it.
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
    if (!isBoundToUser(await secrets.getSecret(secretId), request, settings, false)) return false;
  }
  return true;
}
