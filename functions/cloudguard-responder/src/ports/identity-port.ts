import type { SecretValue } from '../secret-value.js';

/** What the rotation needs to know about an IAM user before touching its credentials. */
export interface UserSummary {
  id: string;
  name: string;
  /** Users live in the tenancy: this is the tenancy OCID. */
  tenancyId: string;
  lifecycleState: string;
  /** Federated users' console passwords belong to their identity provider. */
  isFederated: boolean;
  capabilities: {
    canUseApiKeys: boolean;
    canUseAuthTokens: boolean;
    canUseCustomerSecretKeys: boolean;
    canUseConsolePassword: boolean;
  };
}

export interface ApiKeySummary {
  fingerprint: string;
  lifecycleState: string;
  timeCreated: string;
}

export interface AuthTokenSummary {
  id: string;
  description: string;
  lifecycleState: string;
  timeCreated: string;
}

export interface CustomerSecretKeySummary {
  /** The access key id. */
  id: string;
  displayName: string;
  lifecycleState: string;
  timeCreated: string;
}

export interface UiPasswordInfo {
  timeCreated: string;
  lifecycleState: string;
}

/** Result of a delete: a delete retried after a lost response finds nothing (oci-facts §0.5). */
export type DeleteResult = 'deleted' | 'already-absent';

/**
 * An upload of a key the user already has (an earlier attempt's upload landed) is not an
 * error; a retry token whose key was deleted since is refused (oci-facts §0.5).
 */
export type UploadResult = { kind: 'uploaded'; key: ApiKeySummary } | { kind: 'already-present' } | { kind: 'token-invalidated' };

/**
 * A create with a retry token whose credential has since been deleted: OCI refuses the token
 * (409 InvalidatedRetryToken, oci-facts §0.5), and the caller must derive a fresh one.
 */
export type CreateResult<T> = { kind: 'created'; credential: T; value: SecretValue | null } | { kind: 'token-invalidated' };

/**
 * IAM user credentials (Identity API 20160918). Writes take a caller-chosen `retryToken` so a
 * repeated delivery of the same event gets the same credential back instead of a second one.
 *
 * @example
 *   const { token, value } = await identity.createAuthToken(userId, 'ci token [cgr-…]', 'cgr-…-create');
 */
export interface IdentityPort {
  /** null when the classic IAM API does not know the user (deleted, or in a non-default identity domain). */
  getUser(userId: string): Promise<UserSummary | null>;
  listApiKeys(userId: string): Promise<ApiKeySummary[]>;
  uploadApiKey(userId: string, publicKeyPem: string, retryToken: string): Promise<UploadResult>;
  deleteApiKey(userId: string, fingerprint: string): Promise<DeleteResult>;
  listAuthTokens(userId: string): Promise<AuthTokenSummary[]>;
  createAuthToken(userId: string, description: string, retryToken: string): Promise<CreateResult<AuthTokenSummary>>;
  deleteAuthToken(userId: string, tokenId: string): Promise<DeleteResult>;
  listCustomerSecretKeys(userId: string): Promise<CustomerSecretKeySummary[]>;
  createCustomerSecretKey(userId: string, displayName: string, retryToken: string): Promise<CreateResult<CustomerSecretKeySummary>>;
  deleteCustomerSecretKey(userId: string, keyId: string): Promise<DeleteResult>;
  /** `value` is null where OCI mails a reset link instead (identity-domain tenancies, oci-facts §3.4). */
  resetUiPassword(userId: string, retryToken: string): Promise<{ info: UiPasswordInfo; value: SecretValue | null }>;
  getUiPasswordInfo(userId: string): Promise<UiPasswordInfo | null>;
}

/** The credentials of one API signing key, held in memory only. */
export interface ApiKeyCredentials {
  tenancyId: string;
  userId: string;
  fingerprint: string;
  privateKeyPem: SecretValue;
}

/**
 * Proves a new API key works by signing a real read-only request with it: `not-yet` while IAM
 * has not propagated the key (it is refused as unauthenticated), `proven` once it is accepted.
 */
export interface ApiKeyProbePort {
  proveApiKey(credentials: ApiKeyCredentials): Promise<'proven' | 'not-yet'>;
}
