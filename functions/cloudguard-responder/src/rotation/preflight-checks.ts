import type { RemediationRequest } from '../domain/remediation-request.js';
import type { UserSummary } from '../ports/identity-port.js';
import type { SecretInfo, SecretVersionInfo } from '../ports/secret-store-port.js';
import { RotationRefusedError } from '../errors/rotation-refused-error.js';
import type { RotationTrigger } from './rotation-trigger.js';
import { ScheduledRotationRunningError } from '../errors/scheduled-rotation-running-error.js';
import type { RotationSettings } from './rotation-settings.js';
import { UnmanageableUserError } from '../errors/unmanageable-user-error.js';
import { unmanageableUser } from './run-rotation.js';

/** Freeform tag that, when present on a secret, binds it to one user OCID. */
export const SECRET_USER_TAG = 'cg-responder-user';

type Capability = keyof UserSummary['capabilities'];

export function requireUsableUser(user: UserSummary, capability: Capability, what: string): void {
  if (user.lifecycleState !== 'ACTIVE') {
    throw new RotationRefusedError(`User ${user.id} is ${user.lifecycleState}, not ACTIVE; nothing was changed.`);
  }
  if (!user.capabilities[capability]) {
    throw new RotationRefusedError(`User ${user.id} may not use ${what} (capability ${capability} is off); nothing was changed.`);
  }
}

/**
 * A named secret must exist (the read already proved that), be ACTIVE or briefly UPDATING,
 * be a primary (replicas are read-only, oci-behaviour §4.4), not be in the middle of Vault's own
 * rotation (§4.6), sit in an allowed vault or compartment, and not be bound to another user.
 *
 * And it must be bound to this user by something other than the event's own word, or a forged
 * event could have a new credential written into any secret the Function may write: Cloud
 * Guard's record of the resolve names the same secrets (`commentConfirmed`), or the secret
 * carries `cg-responder-user=<user OCID>`, or an allow-list the administrator set covers it.
 */
export function requireWritableSecret(
  secret: SecretInfo,
  request: RemediationRequest,
  settings: RotationSettings,
  commentConfirmed: boolean,
  trigger: RotationTrigger,
): void {
  const refuse = (why: string): never => {
    throw new RotationRefusedError(`Secret ${secret.id} ${why}; nothing was changed.`);
  };
  if (secret.lifecycleState !== 'ACTIVE' && secret.lifecycleState !== 'UPDATING') refuse(`is ${secret.lifecycleState}, not ACTIVE`);
  if (secret.isReplica) refuse('is a read-only replica');
  // Vault's own rotation holds the secret: only that rotation (this Function, invoked by Vault) writes it.
  if (secret.rotationStatus === 'IN_PROGRESS' && trigger.kind !== 'vault-schedule') throw new ScheduledRotationRunningError(secret.id);
  if (settings.allowedVaultIds.length > 0 && !settings.allowedVaultIds.includes(secret.vaultId)) {
    refuse(`is in vault ${secret.vaultId}, which is not in the allowed list (CGR_ALLOWED_VAULT_OCIDS)`);
  }
  if (settings.allowedCompartmentIds.length > 0 && !settings.allowedCompartmentIds.includes(secret.compartmentId)) {
    refuse(`is in compartment ${secret.compartmentId}, which is not in the allowed list (CGR_ALLOWED_COMPARTMENT_OCIDS)`);
  }
  const boundUser = secret.freeformTags[SECRET_USER_TAG];
  if (boundUser !== undefined && boundUser !== request.userId) {
    refuse(`is tagged ${SECRET_USER_TAG}=${boundUser}, another user than ${request.userId}`);
  }
  if (!isBoundToUser(secret, request, settings, commentConfirmed)) {
    refuse(
      `is not bound to user ${request.userId}: Cloud Guard's record of the resolve names no secrets, the secret has no ${SECRET_USER_TAG} ` +
        `tag and no allow-list is set. ` +
        `Tag the secret ${SECRET_USER_TAG}=${request.userId} (or set CGR_ALLOWED_VAULT_OCIDS / CGR_ALLOWED_COMPARTMENT_OCIDS), then replay`,
    );
  }
}

/**
 * Whether a secret is bound to the request's user by more than the event's own word: Cloud Guard's
 * record of the resolve names it, or it carries `cg-responder-user=<user>`, or it lies inside the
 * allow-lists that are set (and is not tagged for another user). The rotation writes only to such
 * a secret, and a problem is reopened only for one.
 */
export function isBoundToUser(
  secret: Pick<SecretInfo, 'vaultId' | 'compartmentId' | 'freeformTags'>,
  request: RemediationRequest,
  settings: RotationSettings,
  commentConfirmed: boolean,
): boolean {
  const boundUser = secret.freeformTags[SECRET_USER_TAG];
  if (boundUser !== undefined && boundUser !== request.userId) return false;
  if (commentConfirmed || boundUser === request.userId) return true;
  const { allowedVaultIds: vaults, allowedCompartmentIds: compartments } = settings;
  if (vaults.length === 0 && compartments.length === 0) return false;
  return (
    (vaults.length === 0 || vaults.includes(secret.vaultId)) && (compartments.length === 0 || compartments.includes(secret.compartmentId))
  );
}

/** Versions count toward Vault's cap until their deletion is scheduled (oci-behaviour §4.5). */
export function requireVersionRoom(secretId: string, versions: readonly SecretVersionInfo[], settings: RotationSettings): void {
  const live = versions.filter((version) => version.timeOfDeletion === null).length;
  if (live >= settings.limits.secretVersionsPerSecret) {
    throw new RotationRefusedError(
      `Secret ${secretId} already has ${live} versions not scheduled for deletion, Vault's limit of ` +
        `${settings.limits.secretVersionsPerSecret}, so no new version fits. ` +
        `Clean up first: schedule deletion of old DEPRECATED versions (oci vault secret-version schedule-deletion --secret-id ${secretId} ` +
        `--secret-version-number <n>); ` +
        `this tool's own hygiene only removes DEPRECATED versions it wrote (named cgr-…) beyond CGR_KEEP_PREVIOUS_VERSIONS. Then replay. Nothing was changed.`,
    );
  }
}

export function isLive(lifecycleState: string): boolean {
  return lifecycleState !== 'DELETED' && lifecycleState !== 'DELETING';
}

/** The user's credentials of one kind; a user the classic IAM API does not know refuses the rotation (nothing changed yet). */
export async function listOrRefuse<T>(list: () => Promise<T[]>): Promise<T[]> {
  try {
    return await list();
  } catch (error) {
    if (error instanceof UnmanageableUserError) throw new RotationRefusedError(unmanageableUser(error));
    throw error;
  }
}
