import { createHash } from 'node:crypto';
import {
  createOciEmulator,
  VirtualClock,
  type EmulatorState,
  type KeyPairSource,
  type ProblemRecord,
  type SecretRecord,
  type UserRecord,
} from '../../emulator/index.js';
import {
  buildResponder,
  modelTime,
  parseEvent,
  type LoggerPort,
  type OciClients,
  type Outcome,
  type RemediationRequest,
} from '../../functions/cloudguard-responder/src/index.js';
import { explainFailure } from '../describe-failure.js';
import { CommandFailedError } from '../errors/command-failed-error.js';
import { readWithRetry } from './read-with-retry.js';
import { signingAs } from '../emulator-operator.js';
import { eventRegion, type SdkRegion } from './realm-regions.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'DELETE']);
/** The operator the responder signs as inside the mirror; it exists nowhere else. */
function mirrorOperator(realm: string): string {
  return `ocid1.user.${realm}..aaaaaaaadryrunoperatorusedonlyinsidethemirror`;
}

/**
 * The dry run: read-only calls to the real tenancy copy exactly what the event concerns (the
 * problem and its history, the user and its credentials, the named secrets' metadata and
 * versions, no secret content except this rotation's own staged version) into a private
 * emulator, and the real responder runs against that copy. The emulator's call log is then the
 * exact plan: every write the responder would have sent, in order. Nothing is written to OCI.
 */
export async function mirrorTenancyForEvent(options: {
  clients: OciClients;
  text: string;
  topicId: string;
  correlationId: string;
  logger: LoggerPort;
  /** The deadline handed to the responder, as Fn's would be. */
  timeoutMs: number;
  /** The mirror's operator key pair source (default a fresh pair). */
  keyPairs?: KeyPairSource | undefined;
}): Promise<{ outcome: Outcome; plannedCalls: string[] }> {
  const intake = parseEvent(options.text);
  // The mirror sits in the event's realm and region (its home and Cloud Guard reporting region),
  // as a stand-in tenancy does: a government-realm event is planned in its own realm.
  const placement = intake.kind === 'accepted' ? eventRegion(intake.request).region : null;
  const state = emptyMirror(options.topicId, placement);
  if (intake.kind === 'accepted') {
    try {
      await copyWhatTheEventConcerns(options.clients, intake.request, state);
    } catch (error) {
      throw new CommandFailedError(
        `the dry run could not read what the event concerns from the tenancy: ${await explainFailure(error)}`,
        "nothing was written; check --endpoint or the profile's region, and that the profile may read the problem, the user and the secrets",
      );
    }
  }

  const clock = new VirtualClock();
  const emulator = await createOciEmulator({ state, clock, keyPairs: options.keyPairs });
  try {
    const provider = signingAs(emulator, mirrorOperator(placement?.realmId ?? 'oc1'), state.tenancy.homeRegion);
    const { respond } = buildResponder({
      provider,
      topicId: options.topicId,
      endpoint: emulator.url,
      identityRegion: state.tenancy.homeRegion,
      clock,
    });
    const deadline = new Date(clock.now().getTime() + options.timeoutMs);
    const outcome = await respond(options.text, {
      correlationId: options.correlationId,
      deadline,
      deadlineMarginMs: 3_000,
      logger: options.logger,
    });
    const plannedCalls = emulator
      .calls()
      .filter((call) => WRITE_METHODS.has(call.method) && call.status < 400)
      .map((call) => `${call.operation} ${call.method} ${call.path}`);
    return { outcome, plannedCalls };
  } finally {
    await emulator.close();
  }
}

function emptyMirror(topicId: string, region: SdkRegion | null): EmulatorState {
  const now = new Date().toISOString();
  const homeRegion = region?.regionId ?? 'us-ashburn-1';
  const realm = region?.realmId ?? 'oc1';
  return {
    version: 1,
    tenancy: {
      id: `ocid1.tenancy.${realm}..aaaaaaaadryrunmirror`,
      name: 'dry-run mirror',
      homeRegion,
      ...(region
        ? { regionSubscriptions: [{ regionName: region.regionId, regionKey: region.regionKey.toUpperCase(), status: 'READY' as const }] }
        : {}),
    },
    cloudGuard: { reportingRegion: homeRegion },
    settings: {
      credentialActivationDelayMs: 0,
      secretUpdatingMs: 0,
      limits: { apiKeysPerUser: 3, authTokensPerUser: 2, customerSecretKeysPerUser: 2, secretVersionsPerSecret: 30 },
      maxClockSkewMs: 300_000,
    },
    users: [mirrorUser(mirrorOperator(realm), `ocid1.tenancy.${realm}..aaaaaaaadryrunmirror`, 'cg-responder-operator', now)],
    vaults: [],
    secrets: [],
    topics: [{ id: topicId, compartmentId: `ocid1.tenancy.${realm}..aaaaaaaadryrunmirror`, name: 'secops (dry run)', messages: [] }],
    problems: [],
    resourcePrincipalSessions: [],
  };
}

async function copyWhatTheEventConcerns(clients: OciClients, request: RemediationRequest, state: EmulatorState): Promise<void> {
  const time = (value: Date | string | undefined): string => modelTime(value) || new Date(0).toISOString();
  const ignoreMissing = async <T>(read: () => Promise<T>): Promise<T | null> => {
    try {
      return await readWithRetry(read);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return null;
      throw error;
    }
  };

  const problem = await ignoreMissing(async () => (await clients.cloudGuard.getProblem({ problemId: request.problemId })).problem);
  if (problem) {
    const histories = (
      await readWithRetry(() => clients.cloudGuard.listProblemHistories({ problemId: problem.id, compartmentId: problem.compartmentId }))
    ).problemHistoryCollection.items;
    const record: ProblemRecord = {
      id: problem.id,
      compartmentId: problem.compartmentId,
      detectorRuleId: problem.detectorRuleId ?? '',
      detectorId: problem.detectorId ?? '',
      riskLevel: (problem.riskLevel ?? 'MEDIUM') as ProblemRecord['riskLevel'],
      resourceId: problem.resourceId ?? '',
      resourceName: problem.resourceName ?? '',
      resourceType: problem.resourceType ?? '',
      labels: problem.labels ?? [],
      timeFirstDetected: time(problem.timeFirstDetected),
      timeLastDetected: time(problem.timeLastDetected),
      lifecycleState: (problem.lifecycleState ?? 'ACTIVE') as ProblemRecord['lifecycleState'],
      lifecycleDetail: (problem.lifecycleDetail ?? 'OPEN') as ProblemRecord['lifecycleDetail'],
      targetId: problem.targetId ?? '',
      region: problem.regions?.[0] ?? state.tenancy.homeRegion,
      additionalDetails: problem.additionalDetails ?? {},
      description: problem.description ?? '',
      recommendation: problem.recommendation ?? '',
      comment: problem.comment ?? null,
      histories: histories.map((entry) => ({
        id: entry.id,
        actorType: entry.actorType as ProblemRecord['histories'][number]['actorType'],
        actorName: entry.actorName ?? '',
        explanation: entry.explanation ?? '',
        lifecycleDetail: entry.lifecycleDetail as ProblemRecord['lifecycleDetail'],
        eventStatus: (entry.eventStatus ?? 'UPDATE') as ProblemRecord['histories'][number]['eventStatus'],
        timeCreated: time(entry.timeCreated),
        delta: entry.delta ?? '',
        comment: entry.comment ?? null,
      })),
    };
    state.problems.push(record);
  }

  const user = await ignoreMissing(async () => (await clients.identity.getUser({ userId: request.userId })).user);
  if (user) {
    state.tenancy.id = user.compartmentId;
    for (const existing of state.users) existing.compartmentId = user.compartmentId;
    for (const topic of state.topics) topic.compartmentId = user.compartmentId;
    const mirrored = mirrorUser(user.id, user.compartmentId, user.name, time(user.timeCreated));
    mirrored.identityProviderId = user.identityProviderId ?? null;
    mirrored.lifecycleState = user.lifecycleState as UserRecord['lifecycleState'];
    mirrored.capabilities = {
      canUseApiKeys: user.capabilities?.canUseApiKeys ?? true,
      canUseAuthTokens: user.capabilities?.canUseAuthTokens ?? true,
      canUseCustomerSecretKeys: user.capabilities?.canUseCustomerSecretKeys ?? true,
      canUseConsolePassword: user.capabilities?.canUseConsolePassword ?? true,
    };
    const unknownDigest = createHash('sha256').update('not read in a dry run').digest('hex');
    mirrored.apiKeys = (await readWithRetry(() => clients.identity.listApiKeys({ userId: user.id }))).items.map((key) => ({
      fingerprint: key.fingerprint ?? '',
      keyValue: key.keyValue ?? '',
      timeCreated: time(key.timeCreated),
      lifecycleState: (key.lifecycleState ?? 'ACTIVE') as UserRecord['apiKeys'][number]['lifecycleState'],
      activatesAt: null,
    }));
    mirrored.authTokens = (await readWithRetry(() => clients.identity.listAuthTokens({ userId: user.id }))).items.map((token) => ({
      id: token.id ?? '',
      description: token.description ?? '',
      timeCreated: time(token.timeCreated),
      timeExpires: null,
      lifecycleState: (token.lifecycleState ?? 'ACTIVE') as UserRecord['authTokens'][number]['lifecycleState'],
      activatesAt: null,
      tokenSha256: unknownDigest,
    }));
    mirrored.customerSecretKeys = (await readWithRetry(() => clients.identity.listCustomerSecretKeys({ userId: user.id }))).items.map(
      (key) => ({
        id: key.id ?? '',
        displayName: key.displayName ?? '',
        timeCreated: time(key.timeCreated),
        timeExpires: null,
        lifecycleState: (key.lifecycleState ?? 'ACTIVE') as UserRecord['customerSecretKeys'][number]['lifecycleState'],
        activatesAt: null,
        keySha256: unknownDigest,
      }),
    );
    const password = await ignoreMissing(
      async () => (await clients.identity.getUserUIPasswordInformation({ userId: user.id })).uIPasswordInformation,
    );
    mirrored.uiPassword = password
      ? { timeCreated: time(password.timeCreated), lifecycleState: 'ACTIVE', passwordSha256: unknownDigest }
      : null;
    state.users.push(mirrored);
  }

  for (const [role, secretId] of Object.entries(request.secrets)) {
    if (role === 'type' || typeof secretId !== 'string') continue;
    const secret = await ignoreMissing(async () => (await clients.vaults.getSecret({ secretId })).secret);
    if (!secret) continue;
    if (!state.vaults.some((vault) => vault.id === secret.vaultId)) {
      state.vaults.push({
        id: secret.vaultId,
        compartmentId: secret.compartmentId,
        displayName: 'mirrored vault',
        keyId: secret.keyId ?? '',
      });
    }
    const versions = (await readWithRetry(() => clients.vaults.listSecretVersions({ secretId }))).items;
    const record: SecretRecord = {
      id: secret.id,
      compartmentId: secret.compartmentId,
      vaultId: secret.vaultId,
      keyId: secret.keyId ?? '',
      secretName: secret.secretName,
      description: secret.description ?? null,
      lifecycleState: secret.lifecycleState as SecretRecord['lifecycleState'],
      updatingUntil: null,
      timeCreated: time(secret.timeCreated),
      metadata: secret.metadata ?? null,
      freeformTags: secret.freeformTags ?? {},
      isReplica: secret.isReplica ?? false,
      rotationStatus: (secret.rotationStatus ?? 'NOT_ENABLED') as SecretRecord['rotationStatus'],
      versions: [],
    };
    for (const version of versions) {
      // Only this responder's own staged versions are read (a rotation resumes from them); any
      // other content stays in the tenancy and the mirror holds a placeholder.
      let content = Buffer.from('not read in a dry run');
      if (version.name?.startsWith('cgr-')) {
        const bundle = await readWithRetry(() => clients.secrets.getSecretBundle({ secretId, versionNumber: version.versionNumber }));
        const bundleContent = bundle.secretBundle.secretBundleContent as { content?: string } | undefined;
        content = Buffer.from(bundleContent?.content ?? '', 'base64');
      }
      record.versions.push({
        versionNumber: version.versionNumber,
        name: version.name ?? null,
        stages: (version.stages ?? []) as SecretRecord['versions'][number]['stages'],
        contentType: 'BASE64',
        content: content.toString('base64'),
        contentSha256: createHash('sha256').update(content).digest('hex'),
        timeCreated: time(version.timeCreated),
        timeOfDeletion: version.timeOfDeletion ? time(version.timeOfDeletion) : null,
      });
    }
    state.secrets.push(record);
  }
}

function mirrorUser(id: string, tenancyId: string, name: string, timeCreated: string): UserRecord {
  return {
    id,
    compartmentId: tenancyId,
    name,
    description: '',
    email: null,
    lifecycleState: 'ACTIVE',
    timeCreated,
    identityProviderId: null,
    capabilities: { canUseApiKeys: true, canUseAuthTokens: true, canUseCustomerSecretKeys: true, canUseConsolePassword: true },
    apiKeys: [],
    authTokens: [],
    customerSecretKeys: [],
    uiPassword: null,
  };
}
