import { ocidType } from '../domain/ocid.js';
import type { SecretInfo } from '../ports/secret-store-port.js';
import { SECRET_USER_TAG } from '../rotation/preflight-checks.js';

/** Freeform tags a scheduled secret declares itself with (documented in docs/scheduled-rotation.md). */
export const SECRET_CREDENTIAL_TAG = 'cg-responder-credential';
export const SECRET_PARTNER_TAG = 'cg-responder-partner';
/** Optional: the auth token a hand-made first version holds, when its name carries no rotation marker. */
export const SECRET_CREDENTIAL_ID_TAG = 'cg-responder-credential-id';

export type ScheduledCredential = 'api-key' | 'auth-token' | 'customer-secret-key';
const SCHEDULED_CREDENTIALS: readonly ScheduledCredential[] = ['api-key', 'auth-token', 'customer-secret-key'];

export interface SecretDeclaration {
  userId: string;
  credential: ScheduledCredential;
  /** customer-secret-key: the secret holding the access key id, updated in the same run. */
  partnerSecretId: string | null;
  /** auth-token: the token a first, hand-written version holds. */
  credentialId: string | null;
}

export type DeclarationResult = { ok: true; declaration: SecretDeclaration } | { ok: false; reason: string };

/**
 * What a secret on Vault's schedule holds, from its freeform tags. Anything missing or
 * inconsistent is refused with the exact tag to set; console passwords are refused outright:
 * a reset kills the old password at once, so no PENDING phase exists in which both work.
 */
export function readDeclaration(secret: SecretInfo): DeclarationResult {
  const tags = secret.freeformTags;
  const refuse = (why: string): DeclarationResult => ({ ok: false, reason: `Secret ${secret.id} cannot be rotated on a schedule: ${why}` });
  const credential = tags[SECRET_CREDENTIAL_TAG];
  if (credential === undefined) {
    return refuse(
      `it declares no credential. Add the freeform tag ${SECRET_CREDENTIAL_TAG}=api-key, auth-token or customer-secret-key (the credential ` +
        `its CURRENT version holds).`,
    );
  }
  if (/password/i.test(credential)) {
    return refuse(
      `console passwords are not rotated on a schedule: a reset ends the old password at once, so there is no moment where both work. Remove ` +
        `the rotation schedule from this secret; Cloud Guard's PASSWORD_TOO_OLD path rotates it.`,
    );
  }
  if (!(SCHEDULED_CREDENTIALS as readonly string[]).includes(credential)) {
    return refuse(
      `the tag ${SECRET_CREDENTIAL_TAG} must be api-key, auth-token or customer-secret-key (found a value of ${credential.length} characters).`,
    );
  }
  const userId = tags[SECRET_USER_TAG];
  if (userId === undefined || ocidType(userId) !== 'user') {
    return refuse(
      `${userId === undefined ? 'it names no user' : `the tag ${SECRET_USER_TAG} is not a user OCID`}. Set the freeform tag ` +
        `${SECRET_USER_TAG}=<user OCID> (ocid1.user.oc1..…), the user whose ${credential} it holds.`,
    );
  }
  const partner = tags[SECRET_PARTNER_TAG];
  if (credential === 'customer-secret-key') {
    if (partner === undefined || ocidType(partner) !== 'vaultsecret' || partner === secret.id) {
      return refuse(
        `a customer secret key needs its access key id secret: set the freeform tag ${SECRET_PARTNER_TAG}=<OCID of the secret holding the ` +
          `access key id> on this secret (the one holding the secret key, which carries the schedule).`,
      );
    }
  } else if (partner !== undefined) {
    return refuse(
      `the tag ${SECRET_PARTNER_TAG} is only for customer secret keys; remove it, or set ${SECRET_CREDENTIAL_TAG}=customer-secret-key if ` +
        `that is what this secret holds.`,
    );
  }
  const credentialId = tags[SECRET_CREDENTIAL_ID_TAG] ?? null;
  return {
    ok: true,
    declaration: {
      userId,
      credential: credential as ScheduledCredential,
      partnerSecretId: credential === 'customer-secret-key' ? (partner as string) : null,
      credentialId,
    },
  };
}

/** The partner secret must be declared for the same user and type, or the pair is refused. */
export function checkPartner(partner: SecretInfo, declaration: SecretDeclaration, secretId: string): string | null {
  const user = partner.freeformTags[SECRET_USER_TAG];
  const credential = partner.freeformTags[SECRET_CREDENTIAL_TAG];
  if (user !== declaration.userId || credential !== 'customer-secret-key') {
    return (
      `Secret ${secretId} names ${partner.id} as its access key id secret, but that secret is not declared for the same key: set the ` +
      `freeform tags ${SECRET_USER_TAG}=${declaration.userId} and ${SECRET_CREDENTIAL_TAG}=customer-secret-key on ${partner.id}.`
    );
  }
  return null;
}
