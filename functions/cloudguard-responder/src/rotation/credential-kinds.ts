import { CredentialValueMissingError } from '../errors/credential-value-missing-error.js';
import type { IdentityPort } from '../ports/identity-port.js';
import { SecretValue } from '../secret-value.js';
import type { GeneratedCredentialKind } from './generated-credential-kind.js';

function requireValue(value: SecretValue | null, what: string): SecretValue {
  if (!value) throw new CredentialValueMissingError(what);
  return value;
}

/** Auth token: one secret, holding the raw token as the tutorial stored it. */
export function authTokenKind(identity: IdentityPort, tokenSecretId: string): GeneratedCredentialKind {
  return {
    type: 'AUTH_TOKEN',
    noun: 'auth token',
    capability: 'canUseAuthTokens',
    limit: (settings) => settings.limits.authTokensPerUser,
    list: async (userId) =>
      (await identity.listAuthTokens(userId)).map((token) => ({
        id: token.id,
        label: token.description,
        lifecycleState: token.lifecycleState,
        timeCreated: token.timeCreated,
      })),
    create: async (userId, label, retryToken) => {
      const result = await identity.createAuthToken(userId, label, retryToken);
      if (result.kind !== 'created') return result;
      const token = result.credential;
      return {
        kind: 'created',
        credential: { id: token.id, label: token.description, lifecycleState: token.lifecycleState, timeCreated: token.timeCreated },
        value: result.value,
      };
    },
    remove: (userId, id) => identity.deleteAuthToken(userId, id),
    stores: [{ secretId: tokenSecretId, role: 'auth-token', content: ({ value }) => requireValue(value, 'auth token') }],
    prove: (proofs, { namespace, userName, value, withinPropagationBound }) =>
      proofs.port.proveAuthToken({ namespace, userName, token: value, withinPropagationBound }),
  };
}

/**
 * Customer secret key: the secret key and the access key id go to their own secrets, as the
 * tutorial's consumers expect. The secret key is written first because it exists only in this
 * run; the id can always be read back from IAM. Both versions carry the same name, so a
 * consumer can pair them exactly even in the moment between the two promotions.
 */
export function customerSecretKeyKind(
  identity: IdentityPort,
  targets: { accessKeyIdSecretId: string; secretKeySecretId: string },
): GeneratedCredentialKind {
  return {
    type: 'CUSTOMER_SECRET_KEY',
    noun: 'customer secret key',
    capability: 'canUseCustomerSecretKeys',
    limit: (settings) => settings.limits.customerSecretKeysPerUser,
    list: async (userId) =>
      (await identity.listCustomerSecretKeys(userId)).map((key) => ({
        id: key.id,
        label: key.displayName,
        lifecycleState: key.lifecycleState,
        timeCreated: key.timeCreated,
      })),
    create: async (userId, label, retryToken) => {
      const result = await identity.createCustomerSecretKey(userId, label, retryToken);
      if (result.kind !== 'created') return result;
      const key = result.credential;
      return {
        kind: 'created',
        credential: { id: key.id, label: key.displayName, lifecycleState: key.lifecycleState, timeCreated: key.timeCreated },
        value: result.value,
      };
    },
    remove: (userId, id) => identity.deleteCustomerSecretKey(userId, id),
    stores: [
      { secretId: targets.secretKeySecretId, role: 'secret-key', content: ({ value }) => requireValue(value, 'secret key') },
      { secretId: targets.accessKeyIdSecretId, role: 'access-key-id', content: ({ credential }) => SecretValue.fromString(credential.id) },
    ],
    prove: (proofs, { namespace, credential, value, withinPropagationBound }) =>
      proofs.port.proveCustomerSecretKey({
        namespace,
        region: proofs.region,
        accessKeyId: credential.id,
        secretKey: value,
        withinPropagationBound,
      }),
  };
}
