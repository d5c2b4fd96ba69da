import { createHash, generateKeyPairSync } from 'node:crypto';
import type { EmulatorState, SecretRecord, UserRecord } from '../../emulator/index.js';
import type { RemediationRequest } from '../../functions/cloudguard-responder/src/index.js';
import { realmOfOcid, regionKeyOfOcid } from './realm-regions.js';

/** What provisioning added, for the report. */
export interface Provisioned {
  items: string[];
}

/** How much older than the resolve a stand-in credential is: Cloud Guard's default "too old" is 90 days. */
const STAND_IN_AGE_MS = 180 * 24 * 3600 * 1000;
const DETECTED_AFTER_CREATION_MS = 90 * 24 * 3600 * 1000;

/**
 * Makes a captured event replayable as it would be in its own tenancy: adds to the emulator's
 * state whatever the event references and the state lacks (the user, the named credential, the
 * named secrets, the Cloud Guard problem as RESOLVED with the event's comment), but only when the
 * state does not know the problem yet. Existing records are never changed. Stand-ins carry no secret material: an API key stand-in has the event's
 * fingerprint over an unrelated public key, since the real public key cannot be derived from a
 * fingerprint; it can be rotated and deleted, not signed with.
 */
export function provisionForEvent(state: EmulatorState, request: RemediationRequest, now: Date): Provisioned {
  const items: string[] = [];
  // A state that already knows the problem is the event's own tenancy: adding a credential there
  // would resurrect the one an earlier replay of the same event deleted.
  if (state.problems.some((problem) => problem.id === request.problemId)) return { items };
  const tenancyId = request.tenancyId ?? state.tenancy.id;
  // The stand-in credential predates the resolve, as the stale one did: one made after it would
  // read as this problem's rotation already done.
  const created = Date.parse(request.eventTime) - STAND_IN_AGE_MS;
  const createdAt = new Date(Math.max(0, created)).toISOString();
  const firstDetected = new Date(Math.max(0, created + DETECTED_AFTER_CREATION_MS)).toISOString();

  let user = state.users.find((candidate) => candidate.id === request.userId);
  if (!user) {
    user = standInUser(request.userId, tenancyId, now);
    state.users.push(user);
    items.push(`user ${request.userId}`);
  }

  switch (request.credentialType) {
    case 'API_KEY':
      if (!user.apiKeys.some((key) => key.fingerprint === request.credentialId)) {
        const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        user.apiKeys.push({
          fingerprint: request.credentialId,
          keyValue: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
          timeCreated: createdAt,
          lifecycleState: 'ACTIVE',
          activatesAt: null,
        });
        items.push(`API key ${request.credentialId} (stand-in) on ${user.name}`);
      }
      break;
    case 'AUTH_TOKEN':
      if (!user.authTokens.some((token) => token.id === request.credentialId)) {
        user.authTokens.push({
          id: request.credentialId,
          description: request.credentialName ?? 'provisioned for replay',
          timeCreated: createdAt,
          timeExpires: null,
          lifecycleState: 'ACTIVE',
          activatesAt: null,
          tokenSha256: sha256('stand-in'),
        });
        items.push(`auth token ${request.credentialId} (stand-in) on ${user.name}`);
      }
      break;
    case 'CUSTOMER_SECRET_KEY':
      if (!user.customerSecretKeys.some((key) => key.id === request.credentialId)) {
        user.customerSecretKeys.push({
          id: request.credentialId,
          displayName: request.credentialName ?? 'provisioned for replay',
          timeCreated: createdAt,
          timeExpires: null,
          lifecycleState: 'ACTIVE',
          activatesAt: null,
          keySha256: sha256('stand-in'),
        });
        items.push(`customer secret key ${request.credentialId} (stand-in) on ${user.name}`);
      }
      break;
    case 'UI_PASSWORD':
      if (!user.uiPassword) {
        user.uiPassword = { timeCreated: createdAt, lifecycleState: 'ACTIVE', passwordSha256: sha256('stand-in') };
        items.push(`console password (stand-in) for ${user.name}`);
      }
      break;
  }

  for (const [role, secretId] of Object.entries(request.secrets)) {
    if (role === 'type' || typeof secretId !== 'string') continue;
    if (!state.secrets.some((secret) => secret.id === secretId)) {
      state.secrets.push(standInSecret(state, secretId, role, tenancyId, now));
      items.push(`secret ${secretId}`);
    }
  }

  if (!state.problems.some((problem) => problem.id === request.problemId)) {
    const resolvedAt = request.eventTime;
    state.problems.push({
      id: request.problemId,
      compartmentId: request.compartmentId,
      detectorRuleId: request.problemName,
      detectorId: 'IAAS_CONFIGURATION_DETECTOR',
      riskLevel: 'MEDIUM',
      resourceId: request.credentialResourceId,
      resourceName: request.credentialName ?? request.credentialResourceId,
      resourceType: 'User',
      labels: ['IAM'],
      timeFirstDetected: firstDetected,
      timeLastDetected: resolvedAt,
      lifecycleState: 'ACTIVE',
      lifecycleDetail: 'RESOLVED',
      targetId: `ocid1.cloudguardtarget.${realmOfOcid(request.problemId) ?? 'oc1'}.${regionKeyOfOcid(request.problemId) ?? ''}.aaaaaaaaprovisionedforreplay`,
      region: problemRegion(state, request.region),
      additionalDetails: { 'User OCID': request.userId },
      description: request.problemDisplayName,
      recommendation: 'Rotate the credential.',
      comment: request.comment,
      histories: [
        {
          id: provisionedResolveId(request.problemId),
          actorType: 'USER',
          actorName: 'replayed-event',
          explanation: 'Resolved (provisioned from the replayed event)',
          lifecycleDetail: 'RESOLVED',
          eventStatus: 'RESOLVE',
          timeCreated: resolvedAt,
          delta: '',
          comment: request.comment,
        },
      ],
    });
    items.push(`Cloud Guard problem ${request.problemId} (RESOLVED)`);
  }
  return { items };
}

/** The id of the RESOLVE entry provisioning writes: how a later replay in the same run still knows the record is invented. */
function provisionedResolveId(problemId: string): string {
  return `${problemId}.resolve`;
}

/** True when the problem's latest RESOLVE in the state is the one a replay provisioned from an event, not Cloud Guard's. */
export function resolveWasProvisioned(state: EmulatorState, problemId: string): boolean {
  const resolves =
    state.problems.find((problem) => problem.id === problemId)?.histories.filter((entry) => entry.eventStatus === 'RESOLVE') ?? [];
  const latest = resolves.sort((a, b) => Date.parse(b.timeCreated) - Date.parse(a.timeCreated))[0];
  return latest?.id === provisionedResolveId(problemId);
}

/** The event's region when the tenancy is subscribed to it, else where Cloud Guard reports. */
function problemRegion(state: EmulatorState, region: string | null): string {
  const subscribed = state.tenancy.regionSubscriptions?.map((subscription) => subscription.regionName) ?? [state.tenancy.homeRegion];
  return region !== null && subscribed.includes(region) ? region : (state.cloudGuard?.reportingRegion ?? state.tenancy.homeRegion);
}

function standInUser(userId: string, tenancyId: string, now: Date): UserRecord {
  return {
    id: userId,
    compartmentId: tenancyId,
    name: `user-${userId.slice(-8)}`,
    description: 'provisioned for replay',
    email: null,
    lifecycleState: 'ACTIVE',
    timeCreated: now.toISOString(),
    identityProviderId: null,
    capabilities: { canUseConsolePassword: true, canUseApiKeys: true, canUseAuthTokens: true, canUseCustomerSecretKeys: true },
    apiKeys: [],
    authTokens: [],
    customerSecretKeys: [],
    uiPassword: null,
  };
}

function standInSecret(state: EmulatorState, secretId: string, role: string, tenancyId: string, now: Date): SecretRecord {
  const vault = state.vaults[0];
  const placeholder = Buffer.from(`placeholder for ${role} (provisioned for replay)`);
  return {
    id: secretId,
    compartmentId: vault?.compartmentId ?? tenancyId,
    vaultId: vault?.id ?? `ocid1.vault.${realmOfOcid(secretId) ?? 'oc1'}..aaaaaaaaprovisionedforreplay`,
    keyId: vault?.keyId ?? `ocid1.key.${realmOfOcid(secretId) ?? 'oc1'}..aaaaaaaaprovisionedforreplay`,
    secretName: `replay-${role.replace(/SecretId$/, '')}-${secretId.slice(-6)}`,
    description: 'provisioned for replay',
    lifecycleState: 'ACTIVE',
    updatingUntil: null,
    timeCreated: now.toISOString(),
    metadata: null,
    freeformTags: {},
    isReplica: false,
    rotationStatus: 'NOT_ENABLED',
    versions: [
      {
        versionNumber: 1,
        name: null,
        stages: ['CURRENT', 'LATEST'],
        contentType: 'BASE64',
        content: placeholder.toString('base64'),
        contentSha256: createHash('sha256').update(placeholder).digest('hex'),
        timeCreated: now.toISOString(),
        timeOfDeletion: null,
      },
    ],
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
