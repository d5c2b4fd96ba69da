import type { IdentityClient, models } from 'oci-identity';
import { UnmanageableUserError } from '../../errors/unmanageable-user-error.js';
import type {
  ApiKeySummary,
  AuthTokenSummary,
  CreateResult,
  CustomerSecretKeySummary,
  DeleteResult,
  IdentityPort,
  UiPasswordInfo,
  UserSummary,
} from '../../ports/identity-port.js';
import { SecretValue } from '../../secret-value.js';
import type { IdentityTarget } from './home-region.js';
import { modelTime } from './model-time.js';
import type { OciCaller } from './oci-call.js';
import { failureOf } from './failure-of.js';

export interface OciIdentityOptions {
  caller: OciCaller;
  /** The Function's own region: GetUser is read there (reads work in any region). */
  local: IdentityClient;
  /** The home region's client for a tenancy: every credential call goes there (oci-behaviour §3.9). */
  home(tenancyId: string): Promise<IdentityTarget>;
}

/**
 * The Identity API (20160918) for one user's credentials. The tenancy of a user is learnt from
 * GetUser (users live in the tenancy's root compartment), which every rotation reads first;
 * credential calls for a user not read yet go to the local region.
 */
export function createOciIdentity(options: OciIdentityOptions): IdentityPort {
  const { caller } = options;
  const tenancyOf = new Map<string, string>();
  const clientFor = async (userId: string): Promise<IdentityClient> => {
    const tenancyId = tenancyOf.get(userId);
    return tenancyId ? (await options.home(tenancyId)).client : options.local;
  };
  const listing = <T>(operation: string, userId: string, list: (client: IdentityClient) => Promise<{ items: T[] }>): Promise<T[]> =>
    userKnown(operation, userId, async () => {
      const client = await clientFor(userId);
      return caller.call(operation, userId, async (seen) => seen(await list(client)).items);
    });
  return {
    getUser: async (userId) => {
      try {
        const user = await caller.call('GetUser', userId, async (seen) => toUser(seen(await options.local.getUser({ userId })).user));
        tenancyOf.set(userId, user.tenancyId);
        return user;
      } catch (error) {
        if (failureOf(error).status === 404) return null;
        throw error;
      }
    },
    listApiKeys: (userId) => listing('ListApiKeys', userId, (client) => client.listApiKeys({ userId })).then((keys) => keys.map(toApiKey)),
    uploadApiKey: async (userId, publicKeyPem, retryToken) => {
      const client = await clientFor(userId);
      try {
        const { apiKey } = await caller.call('UploadApiKey', userId, async (seen) =>
          seen(await client.uploadApiKey({ userId, createApiKeyDetails: { key: publicKeyPem }, opcRetryToken: retryToken })),
        );
        return { kind: 'uploaded', key: toApiKey(apiKey) };
      } catch (error) {
        const failure = failureOf(error);
        if (failure.status === 409 && failure.code === 'InvalidatedRetryToken') return { kind: 'token-invalidated' };
        // OCI refuses a key the user already has (assumed 409, oci-behaviour §3.5): an earlier upload landed.
        if (failure.status === 409) return { kind: 'already-present' };
        throw error;
      }
    },
    deleteApiKey: async (userId, fingerprint) => {
      const client = await clientFor(userId);
      return deleteOnce(caller, 'DeleteApiKey', userId, (seen) => client.deleteApiKey({ userId, fingerprint }).then(seen));
    },
    listAuthTokens: (userId) =>
      listing('ListAuthTokens', userId, (client) => client.listAuthTokens({ userId })).then((tokens) => tokens.map(toAuthToken)),
    createAuthToken: async (userId, description, retryToken) => {
      const client = await clientFor(userId);
      return creating(async () => {
        const { authToken } = await caller.call('CreateAuthToken', userId, async (seen) =>
          seen(await client.createAuthToken({ userId, createAuthTokenDetails: { description }, opcRetryToken: retryToken })),
        );
        return {
          kind: 'created',
          credential: toAuthToken(authToken),
          value: authToken.token ? SecretValue.fromString(authToken.token) : null,
        };
      });
    },
    deleteAuthToken: async (userId, tokenId) => {
      const client = await clientFor(userId);
      return deleteOnce(caller, 'DeleteAuthToken', tokenId, (seen) => client.deleteAuthToken({ userId, authTokenId: tokenId }).then(seen));
    },
    listCustomerSecretKeys: (userId) =>
      listing('ListCustomerSecretKeys', userId, (client) => client.listCustomerSecretKeys({ userId })).then((keys) =>
        keys.map(toCustomerSecretKey),
      ),
    createCustomerSecretKey: async (userId, displayName, retryToken) => {
      const client = await clientFor(userId);
      return creating(async () => {
        const { customerSecretKey } = await caller.call('CreateCustomerSecretKey', userId, async (seen) =>
          seen(
            await client.createCustomerSecretKey({ userId, createCustomerSecretKeyDetails: { displayName }, opcRetryToken: retryToken }),
          ),
        );
        return {
          kind: 'created',
          credential: toCustomerSecretKey(customerSecretKey),
          value: customerSecretKey.key ? SecretValue.fromString(customerSecretKey.key) : null,
        };
      });
    },
    deleteCustomerSecretKey: async (userId, keyId) => {
      const client = await clientFor(userId);
      return deleteOnce(caller, 'DeleteCustomerSecretKey', keyId, (seen) =>
        client.deleteCustomerSecretKey({ userId, customerSecretKeyId: keyId }).then(seen),
      );
    },
    resetUiPassword: async (userId, retryToken) => {
      const client = await clientFor(userId);
      return userKnown('CreateOrResetUIPassword', userId, async () => {
        const { uIPassword } = await caller.call('CreateOrResetUIPassword', userId, async (seen) =>
          seen(await client.createOrResetUIPassword({ userId, opcRetryToken: retryToken })),
        );
        return { info: toUiPasswordInfo(uIPassword), value: uIPassword.password ? SecretValue.fromString(uIPassword.password) : null };
      });
    },
    getUiPasswordInfo: async (userId) => {
      const client = await clientFor(userId);
      try {
        return await caller.call('GetUserUIPasswordInformation', userId, async (seen) =>
          toUiPasswordInfo(seen(await client.getUserUIPasswordInformation({ userId })).uIPasswordInformation),
        );
      } catch (error) {
        // A user who never had a console password has no password information.
        if (failureOf(error).status === 404) return null;
        throw error;
      }
    },
  };
}

/** 404 on a user Cloud Guard reported means the classic API cannot manage it (oci-behaviour §3.8). */
async function userKnown<T>(operation: string, userId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const failure = failureOf(error);
    if (failure.status === 404)
      throw new UnmanageableUserError({ operation, userId, opcRequestId: failure.opcRequestId }, { cause: error });
    throw error;
  }
}

/** A retry token whose credential was deleted since is refused (oci-behaviour §0.5): the caller derives a new one. */
async function creating<T>(create: () => Promise<CreateResult<T>>): Promise<CreateResult<T>> {
  try {
    return await create();
  } catch (error) {
    const failure = failureOf(error);
    if (failure.status === 409 && failure.code === 'InvalidatedRetryToken') return { kind: 'token-invalidated' };
    throw error;
  }
}

/**
 * Deletes carry no retry token, so a retry after a lost response finds nothing and answers
 * 404 (oci-behaviour §0.5): the credential is gone either way. A 404 on a retry is taken as this
 * call's own earlier attempt having landed; a 404 on the first attempt means someone else
 * deleted it first.
 */
async function deleteOnce(
  caller: OciCaller,
  operation: string,
  resourceId: string,
  send: (seen: <R>(r: R) => R) => Promise<unknown>,
): Promise<DeleteResult> {
  let attempts = 0;
  try {
    await caller.call(operation, resourceId, (seen) => {
      attempts++;
      return send(seen);
    });
    return 'deleted';
  } catch (error) {
    if (failureOf(error).status === 404) return attempts > 1 ? 'deleted' : 'already-absent';
    throw error;
  }
}

function toUser(user: models.User): UserSummary {
  const capabilities = user.capabilities ?? {};
  return {
    id: user.id,
    name: user.name,
    tenancyId: user.compartmentId,
    lifecycleState: user.lifecycleState ?? 'UNKNOWN',
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
  return {
    id: token.id ?? '',
    description: token.description ?? '',
    lifecycleState: token.lifecycleState ?? 'UNKNOWN',
    timeCreated: modelTime(token.timeCreated),
  };
}

function toCustomerSecretKey(key: models.CustomerSecretKey | models.CustomerSecretKeySummary): CustomerSecretKeySummary {
  return {
    id: key.id ?? '',
    displayName: key.displayName ?? '',
    lifecycleState: key.lifecycleState ?? 'UNKNOWN',
    timeCreated: modelTime(key.timeCreated),
  };
}

function toUiPasswordInfo(info: models.UIPassword | models.UIPasswordInformation): UiPasswordInfo {
  return { timeCreated: modelTime(info.timeCreated), lifecycleState: info.lifecycleState ?? 'UNKNOWN' };
}
