import type { CredentialType } from '../domain/credential-type.js';
import type { CredentialProofResult } from '../ports/credential-proof-port.js';
import type { CreateResult, DeleteResult, UserSummary } from '../ports/identity-port.js';
import type { SecretValue } from '../secret-value.js';
import type { ProofDependencies } from './rotation-context.js';
import type { RotationSettings } from './rotation-settings.js';
import type { SecretRole } from './rotation-types.js';

/** A credential OCI generates and shows once: an auth token or a customer secret key. */
export interface GeneratedCredential {
  id: string;
  label: string;
  lifecycleState: string;
  timeCreated: string;
}

/** Where one part of a new credential goes. The first store holds the once-only value. */
export interface CredentialStore {
  secretId: string;
  role: SecretRole;
  /** `value` is null when resuming: only parts derived from the credential can be written then. */
  content(created: { credential: GeneratedCredential; value: SecretValue | null }): SecretValue;
}

/** What differs between auth tokens and customer secret keys; the protocol is shared. */
export interface GeneratedCredentialKind {
  type: CredentialType;
  /** For messages: "auth token", "customer secret key". */
  noun: string;
  capability: keyof UserSummary['capabilities'];
  limit(settings: RotationSettings): number;
  list(userId: string): Promise<GeneratedCredential[]>;
  create(userId: string, label: string, retryToken: string): Promise<CreateResult<GeneratedCredential>>;
  remove(userId: string, id: string): Promise<DeleteResult>;
  /** Value-holding secret first: once it is written the value is safe and the rest can follow. */
  stores: readonly [CredentialStore, ...CredentialStore[]];
  /** Uses the credential the way its consumers do, once (the caller retries within its bound). */
  prove(
    proofs: ProofDependencies,
    attempt: { namespace: string; userName: string; credential: GeneratedCredential; value: SecretValue; withinPropagationBound: boolean },
  ): Promise<CredentialProofResult>;
}

/** Longest label we write; OCI allows 400 characters for an auth token description. */
const MAX_LABEL_LENGTH = 255;

/** The new credential's label: the old one's text, tagged with this rotation's marker. */
export function labelFor(oldLabel: string, tag: string): string {
  const room = MAX_LABEL_LENGTH - tag.length - 1;
  const base = oldLabel
    .replace(/\s*\[cgr-[0-9a-f-]+\]/g, '')
    .trim()
    .slice(0, room);
  return base ? `${base} ${tag}` : tag;
}
