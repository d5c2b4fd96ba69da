import type { SecretRecord, UserRecord } from '../../emulator/index.js';
import { modelTime, type OciClients, type RemediationRequest } from '../../functions/cloudguard-responder/src/index.js';
import { namedSecretIds } from '../../functions/cloudguard-responder/src/domain/remediation-request.js';
import { readWithRetry } from './read-with-retry.js';
import type { StateSnapshot } from './state-diff.js';

/**
 * What a live replay may have changed, read from the tenancy with read-only calls: the user's
 * credentials (ids, fingerprints, states, the password's creation time) and the named secrets'
 * versions and stages. No secret content is read. Taken before and after the responder runs, the
 * difference is what it really did, whatever its outcome says (a failed run still creates things).
 */
export async function readBackForEvent(clients: OciClients, request: RemediationRequest): Promise<StateSnapshot> {
  const time = (value: Date | string | undefined): string => modelTime(value) || new Date(0).toISOString();
  const snapshot: StateSnapshot = { users: [], secrets: [] };

  const user = await orNullWhenMissing(async () => (await clients.identity.getUser({ userId: request.userId })).user);
  if (user) {
    const [apiKeys, authTokens, customerSecretKeys, password] = await Promise.all([
      readWithRetry(() => clients.identity.listApiKeys({ userId: user.id })),
      readWithRetry(() => clients.identity.listAuthTokens({ userId: user.id })),
      readWithRetry(() => clients.identity.listCustomerSecretKeys({ userId: user.id })),
      orNullWhenMissing(async () => (await clients.identity.getUserUIPasswordInformation({ userId: user.id })).uIPasswordInformation),
    ]);
    // Digests are not readable and not compared: ids and states are what the report shows.
    const record: UserRecord = {
      id: user.id,
      compartmentId: user.compartmentId,
      name: user.name,
      description: user.description ?? '',
      email: user.email ?? null,
      lifecycleState: user.lifecycleState as UserRecord['lifecycleState'],
      timeCreated: time(user.timeCreated),
      identityProviderId: user.identityProviderId ?? null,
      capabilities: { canUseApiKeys: true, canUseAuthTokens: true, canUseCustomerSecretKeys: true, canUseConsolePassword: true },
      apiKeys: apiKeys.items.map((key) => ({
        fingerprint: key.fingerprint ?? '',
        keyValue: '',
        timeCreated: time(key.timeCreated),
        lifecycleState: (key.lifecycleState ?? 'ACTIVE') as UserRecord['apiKeys'][number]['lifecycleState'],
        activatesAt: null,
      })),
      authTokens: authTokens.items.map((token) => ({
        id: token.id ?? '',
        description: token.description ?? '',
        timeCreated: time(token.timeCreated),
        timeExpires: null,
        lifecycleState: (token.lifecycleState ?? 'ACTIVE') as UserRecord['authTokens'][number]['lifecycleState'],
        activatesAt: null,
        tokenSha256: '',
      })),
      customerSecretKeys: customerSecretKeys.items.map((key) => ({
        id: key.id ?? '',
        displayName: key.displayName ?? '',
        timeCreated: time(key.timeCreated),
        timeExpires: null,
        lifecycleState: (key.lifecycleState ?? 'ACTIVE') as UserRecord['customerSecretKeys'][number]['lifecycleState'],
        activatesAt: null,
        keySha256: '',
      })),
      uiPassword: password ? { timeCreated: time(password.timeCreated), lifecycleState: 'ACTIVE', passwordSha256: '' } : null,
    };
    snapshot.users.push(record);
  }

  for (const secretId of namedSecretIds(request.secrets)) {
    const secret = await orNullWhenMissing(async () => (await clients.vaults.getSecret({ secretId })).secret);
    if (!secret) continue;
    const versions = (await readWithRetry(() => clients.vaults.listSecretVersions({ secretId }))).items;
    snapshot.secrets.push({
      id: secret.id,
      compartmentId: secret.compartmentId,
      vaultId: secret.vaultId,
      keyId: secret.keyId ?? '',
      secretName: secret.secretName,
      description: secret.description ?? null,
      lifecycleState: secret.lifecycleState as SecretRecord['lifecycleState'],
      updatingUntil: null,
      timeCreated: time(secret.timeCreated),
      metadata: null,
      freeformTags: {},
      isReplica: secret.isReplica ?? false,
      rotationStatus: 'NOT_ENABLED',
      versions: versions.map((version) => ({
        versionNumber: version.versionNumber,
        name: version.name ?? null,
        stages: (version.stages ?? []) as SecretRecord['versions'][number]['stages'],
        contentType: 'BASE64',
        content: null,
        contentSha256: '',
        timeCreated: time(version.timeCreated),
        timeOfDeletion: version.timeOfDeletion ? time(version.timeOfDeletion) : null,
      })),
    });
  }
  return snapshot;
}

async function orNullWhenMissing<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await readWithRetry(read);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
}
