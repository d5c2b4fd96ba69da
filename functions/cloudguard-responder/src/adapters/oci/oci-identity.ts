import type { IdentityClient, models } from 'oci-identity';
import type {
  ApiKeySummary,
  AuthTokenSummary,
  CustomerSecretKeySummary,
  DeleteResult,
  IdentityPort,
  UiPasswordInfo,
  UserSummary,
} from '../../ports/identity-port.js';
import { SecretValue } from '../../secret-value.js';
import { modelTime } from './model-time.js';
import { ociCall } from './oci-call.js';

/** The Identity API (20160918) for one user's credentials. */
export function createOciIdentity(client: IdentityClient): IdentityPort {
  return {
    getUser: (userId) =>
      ociCall('GetUser', userId, async () => toUser((await client.getUser({ userId })).user)),
    listApiKeys: (userId) =>
      ociCall('ListApiKeys', userId, async () => (await client.listApiKeys({ userId })).items.map(toApiKey)),
    uploadApiKey: (userId, publicKeyPem, retryToken) =>
      ociCall('UploadApiKey', userId, async () =>
        toApiKey((await client.uploadApiKey({ userId, createApiKeyDetails: { key: publicKeyPem }, opcRetryToken: retryToken })).apiKey),
      ),
    deleteApiKey: (userId, fingerprint) => deleteOnce('DeleteApiKey', userId, () => client.deleteApiKey({ userId, fingerprint })),
    listAuthTokens: (userId) =>
      ociCall('ListAuthTokens', userId, async () => (await client.listAuthTokens({ userId })).items.map(toAuthToken)),
    createAuthToken: (userId, description, retryToken) =>
      ociCall('CreateAuthToken', userId, async () => {
        const { authToken } = await client.createAuthToken({ userId, createAuthTokenDetails: { description }, opcRetryToken: retryToken });
        return { token: toAuthToken(authToken), value: authToken.token ? SecretValue.fromString(authToken.token) : null };
      }),
    deleteAuthToken: (userId, tokenId) => deleteOnce('DeleteAuthToken', tokenId, () => client.deleteAuthToken({ userId, authTokenId: tokenId })),
    listCustomerSecretKeys: (userId) =>
      ociCall('ListCustomerSecretKeys', userId, async () => (await client.listCustomerSecretKeys({ userId })).items.map(toCustomerSecretKey)),
    createCustomerSecretKey: (userId, displayName, retryToken) =>
      ociCall('CreateCustomerSecretKey', userId, async () => {
        const { customerSecretKey } = await client.createCustomerSecretKey({
          userId,
          createCustomerSecretKeyDetails: { displayName },
          opcRetryToken: retryToken,
        });
        return { key: toCustomerSecretKey(customerSecretKey), value: customerSecretKey.key ? SecretValue.fromString(customerSecretKey.key) : null };
      }),
    deleteCustomerSecretKey: (userId, keyId) =>
      deleteOnce('DeleteCustomerSecretKey', keyId, () => client.deleteCustomerSecretKey({ userId, customerSecretKeyId: keyId })),
    resetUiPassword: (userId, retryToken) =>
      ociCall('CreateOrResetUIPassword', userId, async () => {
        const { uIPassword } = await client.createOrResetUIPassword({ userId, opcRetryToken: retryToken });
        return { info: toUiPasswordInfo(uIPassword), value: uIPassword.password ? SecretValue.fromString(uIPassword.password) : null };
      }),
    getUiPasswordInfo: async (userId) => {
      try {
        return await ociCall('GetUserUIPasswordInformation', userId, async () =>
          toUiPasswordInfo((await client.getUserUIPasswordInformation({ userId })).uIPasswordInformation),
        );
      } catch (error) {
        // A user who never had a console password has no password information.
        if (isNotFound(error)) return null;
        throw error;
      }
    },
  };
}

/**
 * Deletes retry by default and carry no retry token, so a retry after a lost response finds
 * nothing and answers 404 (oci-facts §0.5): the credential is gone either way.
 */
async function deleteOnce(operation: string, resourceId: string, call: () => Promise<unknown>): Promise<DeleteResult> {
  try {
    await ociCall(operation, resourceId, call);
    return 'deleted';
  } catch (error) {
    if (isNotFound(error)) return 'already-absent';
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { statusCode?: unknown }).statusCode === 404;
}

function toUser(user: models.User): UserSummary {
  const capabilities = user.capabilities ?? {};
  return {
    id: user.id,
    name: user.name,
    tenancyId: user.compartmentId,
    lifecycleState: user.lifecycleState,
    isFederated: Boolean(user.identityProviderId),
    capabilities: {
      canUseApiKeys: capabilities.canUseApiKeys ?? true,
      canUseAuthTokens: capabilities.canUseAuthTokens ?? true,
      canUseCustomerSecretKeys: capabilities.canUseCustomerSecretKeys ?? true,
      canUseConsolePassword: capabilities.canUseConsolePassword ?? true,
    },
  };
}

function toApiKey(key: models.ApiKey): ApiKeySummary {
  return { fingerprint: key.fingerprint ?? '', lifecycleState: key.lifecycleState ?? 'UNKNOWN', timeCreated: modelTime(key.timeCreated) };
}

function toAuthToken(token: models.AuthToken): AuthTokenSummary {
  return { id: token.id ?? '', description: token.description ?? '', lifecycleState: token.lifecycleState ?? 'UNKNOWN', timeCreated: modelTime(token.timeCreated) };
}

function toCustomerSecretKey(key: models.CustomerSecretKey | models.CustomerSecretKeySummary): CustomerSecretKeySummary {
  return { id: key.id ?? '', displayName: key.displayName ?? '', lifecycleState: key.lifecycleState ?? 'UNKNOWN', timeCreated: modelTime(key.timeCreated) };
}

function toUiPasswordInfo(info: models.UIPassword | models.UIPasswordInformation): UiPasswordInfo {
  return { timeCreated: modelTime(info.timeCreated), lifecycleState: info.lifecycleState ?? 'UNKNOWN' };
}
