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

/** Result of a delete: a delete retried by the SDK after a lost response finds nothing (oci-behaviour §0.5). */
export type DeleteResult = 'deleted' | 'already-absent';

/**
 * IAM user credentials (Identity API 20160918). Writes take a caller-chosen `retryToken` so a
 * repeated delivery of the same event gets the same credential back instead of a second one.
 *
 * @example
 *   const { token, value } = await identity.createAuthToken(userId, 'ci token [cgr-…]', 'cgr-…-create');
 */
export interface IdentityPort {
  getUser(userId: string): Promise<UserSummary>;
  listApiKeys(userId: string): Promise<ApiKeySummary[]>;
  uploadApiKey(userId: string, publicKeyPem: string, retryToken: string): Promise<ApiKeySummary>;
  deleteApiKey(userId: string, fingerprint: string): Promise<DeleteResult>;
  listAuthTokens(userId: string): Promise<AuthTokenSummary[]>;
  createAuthToken(userId: string, description: string, retryToken: string): Promise<{ token: AuthTokenSummary; value: SecretValue | null }>;
  deleteAuthToken(userId: string, tokenId: string): Promise<DeleteResult>;
  listCustomerSecretKeys(userId: string): Promise<CustomerSecretKeySummary[]>;
  createCustomerSecretKey(
    userId: string,
    displayName: string,
    retryToken: string,
  ): Promise<{ key: CustomerSecretKeySummary; value: SecretValue | null }>;
  deleteCustomerSecretKey(userId: string, keyId: string): Promise<DeleteResult>;
  /** `value` is null where OCI mails a reset link instead (identity-domain tenancies, oci-behaviour §3.4). */
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
 * Proves a new API key works by signing a real read-only request with it. Rejects with an
 * `OciCallError` (401 while IAM has not yet propagated the key).
 */
export interface ApiKeyProbePort {
  proveApiKey(credentials: ApiKeyCredentials): Promise<void>;
}
