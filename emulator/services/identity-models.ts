import type {
  ApiKeyRecord,
  AuthTokenRecord,
  CustomerSecretKeyRecord,
  TenancyRecord,
  UiPasswordRecord,
  UserRecord,
} from '../state/types.js';

/**
 * Identity records rendered in the SDK's wire shape (`oci-identity/lib/model/*.d.ts`,
 * oci-behaviour §3.2): camelCase keys, RFC 3339 strings. Once-only values are added by the
 * create handlers only; these functions never see them.
 */

export function userModel(user: UserRecord): Record<string, unknown> {
  return {
    id: user.id,
    compartmentId: user.compartmentId,
    name: user.name,
    description: user.description,
    email: user.email,
    // The state does not track verification; a user with an email is reported verified (assumed).
    emailVerified: user.email !== null,
    dbUserName: null,
    identityProviderId: user.identityProviderId,
    externalIdentifier: null,
    timeCreated: user.timeCreated,
    // OCI answers it (oracle/oci-cli identity_test_get_user.yml); the state keeps no modification time.
    timeModified: user.timeCreated,
    lifecycleState: user.lifecycleState,
    inactiveStatus: null,
    freeformTags: {},
    definedTags: {},
    capabilities: {
      canUseConsolePassword: user.capabilities.canUseConsolePassword,
      canUseApiKeys: user.capabilities.canUseApiKeys,
      canUseAuthTokens: user.capabilities.canUseAuthTokens,
      // The state keeps only the four flags the responder acts on; the other three are
      // reported as a fresh local user's defaults, true (assumed).
      canUseSmtpCredentials: true,
      canUseDbCredentials: true,
      canUseCustomerSecretKeys: user.capabilities.canUseCustomerSecretKeys,
      canUseOAuth2ClientCredentials: true,
    },
    isMfaActivated: false,
    lastSuccessfulLoginTime: null,
    previousSuccessfulLoginTime: null,
  };
}

/** `ApiKey.keyId` is `TENANCY/USER/FINGERPRINT`, the same string a request signature carries (oci-behaviour §0.2, §3.2). */
export function apiKeyId(tenancy: TenancyRecord, user: UserRecord, fingerprint: string): string {
  return `${tenancy.id}/${user.id}/${fingerprint}`;
}

export function apiKeyModel(tenancy: TenancyRecord, user: UserRecord, apiKey: ApiKeyRecord): Record<string, unknown> {
  return {
    keyId: apiKeyId(tenancy, user, apiKey.fingerprint),
    keyValue: apiKey.keyValue,
    fingerprint: apiKey.fingerprint,
    userId: user.id,
    timeCreated: apiKey.timeCreated,
    lifecycleState: apiKey.lifecycleState,
    inactiveStatus: null,
  };
}

/** `AuthToken` without `token`: ListAuthTokens never returns the value (oci-behaviour §3.3). */
export function authTokenModel(user: UserRecord, authToken: AuthTokenRecord): Record<string, unknown> {
  return {
    id: authToken.id,
    // OCI sends the user's compartment (the tenancy) with every credential, though the SDK's model
    // has no such field (oracle/oci-cli identity_test_create_auth_token.yml, …list_auth_tokens.yml).
    compartmentId: user.compartmentId,
    userId: user.id,
    description: authToken.description,
    timeCreated: authToken.timeCreated,
    timeExpires: authToken.timeExpires,
    lifecycleState: authToken.lifecycleState,
    inactiveStatus: null,
  };
}

/** `CustomerSecretKeySummary`: the `CustomerSecretKey` fields without `key` (oci-behaviour §3.2, §3.3). */
export function customerSecretKeySummaryModel(user: UserRecord, secretKey: CustomerSecretKeyRecord): Record<string, unknown> {
  return {
    id: secretKey.id,
    // OCI also sends `name` (the same 40 hex characters as `id`) and the user's compartment
    // (oracle/oci-cli identity_test_create_customer_secret_key.yml).
    name: secretKey.id,
    compartmentId: user.compartmentId,
    userId: user.id,
    displayName: secretKey.displayName,
    timeCreated: secretKey.timeCreated,
    timeExpires: secretKey.timeExpires,
    lifecycleState: secretKey.lifecycleState,
    inactiveStatus: null,
  };
}

/** `UIPasswordInformation`: what GetUserUIPasswordInformation returns, never the password (oci-behaviour §3.1, §3.3). */
export function uiPasswordInformationModel(user: UserRecord, password: UiPasswordRecord): Record<string, unknown> {
  return {
    userId: user.id,
    timeCreated: password.timeCreated,
    lifecycleState: password.lifecycleState,
  };
}
