import { createHash } from 'node:crypto';
import { requests as secretsRequests } from 'oci-secrets';
import { models, requests } from 'oci-vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleTenancy, VirtualClock } from '../../../emulator/index.js';
import { newOcid } from '../../../emulator/ids.js';
import type { EmulatorState, SecretRecord, SecretVersionRecord, SecretVersionStage } from '../../../emulator/state/types.js';
import { startEmulatorHarness, withoutPolicies, type EmulatorHarness, ociFailure } from '../../support/emulator.js';

// Vault management operations (oci-behaviour §4) through the real VaultsClient (and SecretsClient
// for reading contents back) over HTTP. Each test seeds its own secret into a state whose version
// cap is 3. Secrets stay UPDATING for a minute of emulator time, and the tests move the emulator's
// clock past that window instead of sleeping, so the UPDATING window is never raced by a slow machine
// (signatures are still checked against real time).

const UPDATING_MS = 60_000;
const VERSION_LIMIT = 3;

let harness: EmulatorHarness;
let baseline: EmulatorState;
/** Emulator time: a VirtualClock restarted at the wall clock before each test and moved forward by the test (signatures still use real time). */
let clock = new VirtualClock();

interface SeedVersion {
  versionNumber: number;
  stages: SecretVersionStage[];
  text: string;
  name?: string;
  timeOfDeletion?: string;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function seededVersion(seed: SeedVersion): SecretVersionRecord {
  return {
    versionNumber: seed.versionNumber,
    name: seed.name ?? null,
    stages: seed.stages,
    contentType: 'BASE64',
    content: base64(seed.text),
    contentSha256: sha256Hex(seed.text),
    timeCreated: `2026-10-0${seed.versionNumber}T09:00:00.000Z`,
    timeOfDeletion: seed.timeOfDeletion ?? null,
  };
}

/** Resets the emulator (state and clock) to the baseline plus one fresh secret of this test's own; returns its OCID. */
function seedSecret(versions: SeedVersion[], overrides: Partial<SecretRecord> = {}): string {
  clock = new VirtualClock();
  const state = structuredClone(baseline);
  const vault = state.vaults[0];
  if (vault === undefined) throw new Error('the sample tenancy has no vault');
  const secretId = newOcid('vaultsecret', 'iad');
  state.secrets.push({
    id: secretId,
    compartmentId: vault.compartmentId,
    vaultId: vault.id,
    keyId: vault.keyId,
    secretName: `vault-test-${secretId.slice(-6)}`,
    description: 'Vault emulator integration test secret',
    lifecycleState: 'ACTIVE',
    updatingUntil: null,
    timeCreated: '2026-10-01T09:00:00.000Z',
    metadata: { owner: 'vault-test' },
    freeformTags: { purpose: 'test' },
    isReplica: false,
    rotationStatus: 'NOT_ENABLED',
    versions: versions.map(seededVersion),
    ...overrides,
  });
  harness.emulator.setState(state);
  return secretId;
}

function storedSecret(secretId: string): SecretRecord {
  const secret = harness.emulator.getState({ includeSecretContent: true }).secrets.find((candidate) => candidate.id === secretId);
  if (secret === undefined) throw new Error(`secret ${secretId} missing from the emulator state`);
  return secret;
}

/** `{versionNumber: stages}` as ListSecretVersions reports them. */
async function listedStages(secretId: string): Promise<Record<number, string[]>> {
  const { items } = await harness.clients.vaults.listSecretVersions({ secretId });
  return Object.fromEntries(items.map((item) => [item.versionNumber, (item.stages ?? []) as string[]]));
}

/** Lets the UPDATING window pass on the emulator clock, then reads the secret until it reports ACTIVE. */
async function waitUntilActive(secretId: string): Promise<models.Secret> {
  clock.advance(UPDATING_MS);
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const { secret } = await harness.clients.vaults.getSecret({ secretId });
    if (secret.lifecycleState === models.Secret.LifecycleState.Active) return secret;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`secret ${secretId} never became ACTIVE`);
}

function contentWrite(
  text: string,
  options: { name?: string; stage?: models.Base64SecretContentDetails['stage'] } = {},
): requests.UpdateSecretRequest['updateSecretDetails'] {
  const secretContent: models.Base64SecretContentDetails = { contentType: 'BASE64', content: base64(text) };
  if (options.name !== undefined) secretContent.name = options.name;
  if (options.stage !== undefined) secretContent.stage = options.stage;
  return { secretContent };
}

const PENDING = models.SecretContentDetails.Stage.Pending;

beforeAll(async () => {
  const state = createSampleTenancy();
  state.settings.secretUpdatingMs = UPDATING_MS;
  state.settings.limits.secretVersionsPerSecret = VERSION_LIMIT;
  // One emulator for the file, a fresh clock for each test: the emulator reads whichever is current.
  const followingTestClock = { now: () => clock.now() };
  harness = await startEmulatorHarness({ state: withoutPolicies(state), clock: followingTestClock });
  baseline = harness.emulator.getState({ includeSecretContent: true });
});

afterAll(async () => {
  await harness.close();
});

describe('GetSecret', () => {
  it('returns the Secret model with its current version and an etag', async () => {
    // Prepare
    const secretId = seedSecret([
      { versionNumber: 1, stages: ['PREVIOUS'], text: 'old' },
      { versionNumber: 2, stages: ['CURRENT', 'LATEST'], text: 'current' },
    ]);
    const stored = storedSecret(secretId);

    // Act
    const response = await harness.clients.vaults.getSecret({ secretId });

    // Assess
    expect(response.secret).toMatchObject({
      id: secretId,
      compartmentId: stored.compartmentId,
      vaultId: stored.vaultId,
      keyId: stored.keyId,
      secretName: stored.secretName,
      description: 'Vault emulator integration test secret',
      currentVersionNumber: 2,
      lifecycleState: 'ACTIVE',
      isReplica: false,
      rotationStatus: 'NOT_ENABLED',
      metadata: { owner: 'vault-test' },
      freeformTags: { purpose: 'test' },
      timeCreated: '2026-10-01T09:00:00.000Z',
    });
    expect(response.etag).toMatch(/\S/);
  });

  it('answers 404 NotAuthorizedOrNotFound for an unknown secret', async () => {
    // Prepare
    seedSecret([{ versionNumber: 1, stages: ['CURRENT', 'LATEST'], text: 'x' }]);

    // Act
    const failure = await ociFailure(harness.clients.vaults.getSecret({ secretId: newOcid('vaultsecret', 'iad') }));

    // Assess
    expect(failure).toMatchObject({ statusCode: 404, serviceCode: 'NotAuthorizedOrNotFound' });
  });
});

describe('UpdateSecret', () => {
  it('writes a PENDING version readable by stage and by name while CURRENT stays put', async () => {
    // Prepare
    const secretId = seedSecret([{ versionNumber: 1, stages: ['CURRENT', 'LATEST'], text: 'live credential' }]);

    // Act
    const { secret } = await harness.clients.vaults.updateSecret({
      secretId,
      updateSecretDetails: contentWrite('staged credential', { name: 'rotation-pending-1', stage: PENDING }),
    });
    await waitUntilActive(secretId);
    const byStage = await harness.clients.secrets.getSecretBundle({
      secretId,
      stage: secretsRequests.GetSecretBundleRequest.Stage.Pending,
    });
    const byName = await harness.clients.secrets.getSecretBundle({ secretId, secretVersionName: 'rotation-pending-1' });
    const current = await harness.clients.secrets.getSecretBundle({ secretId });

    // Assess
    expect(secret.lifecycleState).toBe('UPDATING');
    expect(secret.currentVersionNumber).toBe(1);
    expect(byStage.secretBundle).toMatchObject({
      secretId,
      versionNumber: 2,
      versionName: 'rotation-pending-1',
      stages: ['PENDING', 'LATEST'],
      secretBundleContent: { contentType: 'BASE64', content: base64('staged credential') },
    });
    expect(byName.secretBundle.versionNumber).toBe(2);
    expect(current.secretBundle).toMatchObject({
      versionNumber: 1,
      stages: ['CURRENT'],
      secretBundleContent: { content: base64('live credential') },
    });
    expect(storedSecret(secretId).versions.find((version) => version.versionNumber === 2)?.contentSha256).toBe(
      sha256Hex('staged credential'),
    );
  });

  it('promotes the PENDING version: it becomes CURRENT and the old CURRENT becomes PREVIOUS', async () => {
    // Prepare
    const secretId = seedSecret([
      { versionNumber: 1, stages: ['CURRENT'], text: 'old credential' },
      { versionNumber: 2, stages: ['PENDING', 'LATEST'], text: 'new credential' },
    ]);

    // Act
    await harness.clients.vaults.updateSecret({ secretId, updateSecretDetails: { currentVersionNumber: 2 } });
    const settled = await waitUntilActive(secretId);
    const stages = await listedStages(secretId);
    const current = await harness.clients.secrets.getSecretBundle({ secretId });
    const previous = await harness.clients.secrets.getSecretBundle({
      secretId,
      stage: secretsRequests.GetSecretBundleRequest.Stage.Previous,
    });

    // Assess
    expect(settled.currentVersionNumber).toBe(2);
    expect(stages).toEqual({ 1: ['PREVIOUS'], 2: ['CURRENT', 'LATEST'] });
    expect(current.secretBundle.secretBundleContent).toEqual({ contentType: 'BASE64', content: base64('new credential') });
    expect(previous.secretBundle.secretBundleContent).toEqual({ contentType: 'BASE64', content: base64('old credential') });
  });

  it('writes a CURRENT version by default: old CURRENT becomes PREVIOUS, old PREVIOUS DEPRECATED', async () => {
    // Prepare
    const secretId = seedSecret([
      { versionNumber: 1, stages: ['PREVIOUS'], text: 'oldest' },
      { versionNumber: 2, stages: ['CURRENT', 'LATEST'], text: 'older' },
    ]);

    // Act
    await harness.clients.vaults.updateSecret({ secretId, updateSecretDetails: contentWrite('newest') });
    await waitUntilActive(secretId);
    const stages = await listedStages(secretId);

    // Assess
    expect(stages).toEqual({ 1: ['DEPRECATED'], 2: ['PREVIOUS'], 3: ['CURRENT', 'LATEST'] });
  });

  it('answers 409 IncorrectState while UPDATING and accepts the same call once ACTIVE again', async () => {
    // Prepare
    const secretId = seedSecret([{ versionNumber: 1, stages: ['CURRENT', 'LATEST'], text: 'v1' }]);
    await harness.clients.vaults.updateSecret({ secretId, updateSecretDetails: contentWrite('v2', { stage: PENDING }) });

    // Act
    const duringUpdate = await ociFailure(
      harness.clients.vaults.updateSecret({ secretId, updateSecretDetails: { currentVersionNumber: 2 } }),
    );
    const listDuringUpdate = await ociFailure(harness.clients.vaults.listSecretVersions({ secretId }));
    await waitUntilActive(secretId);
    const afterwards = await harness.clients.vaults.updateSecret({ secretId, updateSecretDetails: { currentVersionNumber: 2 } });

    // Assess
    expect(duringUpdate).toMatchObject({ statusCode: 409, serviceCode: 'IncorrectState' });
    expect(duringUpdate.message).toContain('UPDATING');
    expect(listDuringUpdate).toMatchObject({ statusCode: 409, serviceCode: 'IncorrectState' });
    expect(afterwards.secret.currentVersionNumber).toBe(2);
  });

  it('refuses a duplicate version name with 409 Conflict and adds nothing', async () => {
    // Prepare
    const secretId = seedSecret([{ versionNumber: 1, stages: ['CURRENT', 'LATEST'], text: 'v1', name: 'cg-problem-1' }]);

    // Act
    const failure = await ociFailure(
      harness.clients.vaults.updateSecret({ secretId, updateSecretDetails: contentWrite('v2', { name: 'cg-problem-1', stage: PENDING }) }),
    );

    // Assess
    expect(failure).toMatchObject({ statusCode: 409, serviceCode: 'Conflict' });
    expect(storedSecret(secretId).versions.map((version) => version.versionNumber)).toEqual([1]);
    expect(storedSecret(secretId).lifecycleState).toBe('ACTIVE');
  });

  it('enforces the version cap on versions not pending deletion', async () => {
    // Prepare
    const secretId = seedSecret([
      { versionNumber: 1, stages: [], text: 'v1' },
      { versionNumber: 2, stages: ['PREVIOUS'], text: 'v2' },
      { versionNumber: 3, stages: ['CURRENT', 'LATEST'], text: 'v3' },
    ]);

    // Act
    const atCap = await ociFailure(harness.clients.vaults.updateSecret({ secretId, updateSecretDetails: contentWrite('v4') }));
    await harness.clients.vaults.scheduleSecretVersionDeletion({
      secretId,
      secretVersionNumber: 1,
      scheduleSecretVersionDeletionDetails: {},
    });
    const belowCap = await harness.clients.vaults.updateSecret({ secretId, updateSecretDetails: contentWrite('v4') });

    // Assess
    expect(atCap).toMatchObject({ statusCode: 400, serviceCode: 'LimitExceeded' });
    expect(belowCap.secret.currentVersionNumber).toBe(4);
    expect(storedSecret(secretId).versions.map((version) => version.versionNumber)).toEqual([1, 2, 3, 4]);
  });

  it('refuses content that is not Base64 with 400 InvalidParameter, without echoing it', async () => {
    // Prepare
    const secretId = seedSecret([{ versionNumber: 1, stages: ['CURRENT', 'LATEST'], text: 'v1' }]);
    const notBase64 = 'plain text password!';

    // Act
    const failure = await ociFailure(
      harness.clients.vaults.updateSecret({
        secretId,
        updateSecretDetails: { secretContent: { contentType: 'BASE64', content: notBase64 } },
      }),
    );

    // Assess
    expect(failure).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(failure.message).not.toContain(notBase64);
    expect(storedSecret(secretId).versions).toHaveLength(1);
  });

  it('refuses content and currentVersionNumber together with 400 InvalidParameter', async () => {
    // Prepare
    const secretId = seedSecret([
      { versionNumber: 1, stages: ['CURRENT'], text: 'v1' },
      { versionNumber: 2, stages: ['PENDING', 'LATEST'], text: 'v2' },
    ]);

    // Act
    const failure = await ociFailure(
      harness.clients.vaults.updateSecret({ secretId, updateSecretDetails: { ...contentWrite('v3'), currentVersionNumber: 2 } }),
    );

    // Assess
    expect(failure).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(await listedStages(secretId)).toEqual({ 1: ['CURRENT'], 2: ['PENDING', 'LATEST'] });
  });

  it('refuses to write to a replica with 409 IncorrectState', async () => {
    // Prepare
    const secretId = seedSecret([{ versionNumber: 1, stages: ['CURRENT', 'LATEST'], text: 'v1' }], { isReplica: true });

    // Act
    const failure = await ociFailure(harness.clients.vaults.updateSecret({ secretId, updateSecretDetails: contentWrite('v2') }));

    // Assess
    expect(failure).toMatchObject({ statusCode: 409, serviceCode: 'IncorrectState' });
    expect(storedSecret(secretId).versions).toHaveLength(1);
  });

  it('answers 200 when promoting the version that is already current, changing no stage', async () => {
    // Prepare
    const secretId = seedSecret([
      { versionNumber: 1, stages: ['PREVIOUS'], text: 'v1' },
      { versionNumber: 2, stages: ['CURRENT', 'LATEST'], text: 'v2' },
    ]);

    // Act
    const { secret } = await harness.clients.vaults.updateSecret({ secretId, updateSecretDetails: { currentVersionNumber: 2 } });
    await waitUntilActive(secretId);

    // Assess
    expect(secret.currentVersionNumber).toBe(2);
    expect(await listedStages(secretId)).toEqual({ 1: ['PREVIOUS'], 2: ['CURRENT', 'LATEST'] });
  });

  it('updates description, metadata and tags without adding a version', async () => {
    // Prepare
    const secretId = seedSecret([{ versionNumber: 1, stages: ['CURRENT', 'LATEST'], text: 'v1' }]);

    // Act
    const { secret } = await harness.clients.vaults.updateSecret({
      secretId,
      updateSecretDetails: { description: 'rotated by the responder', metadata: { lastProblem: 'p-1' }, freeformTags: { rotated: 'yes' } },
    });

    // Assess
    expect(secret).toMatchObject({
      description: 'rotated by the responder',
      metadata: { lastProblem: 'p-1' },
      freeformTags: { rotated: 'yes' },
    });
    expect(storedSecret(secretId)).toMatchObject({ description: 'rotated by the responder', metadata: { lastProblem: 'p-1' } });
    expect(storedSecret(secretId).versions).toHaveLength(1);
  });

  it('refuses a stale if-match etag with 412 NoEtagMatch', async () => {
    // Prepare
    const secretId = seedSecret([{ versionNumber: 1, stages: ['CURRENT', 'LATEST'], text: 'v1' }]);
    const { etag } = await harness.clients.vaults.getSecret({ secretId });
    await harness.clients.vaults.updateSecret({ secretId, updateSecretDetails: { description: 'changed' } });
    await waitUntilActive(secretId);

    // Act
    const failure = await ociFailure(
      harness.clients.vaults.updateSecret({ secretId, ifMatch: etag, updateSecretDetails: contentWrite('v2') }),
    );

    // Assess
    expect(failure).toMatchObject({ statusCode: 412, serviceCode: 'NoEtagMatch' });
    expect(storedSecret(secretId).versions).toHaveLength(1);
  });

  it('surfaces an injected fault as OciError and leaves the secret unchanged', async () => {
    // Prepare
    const secretId = seedSecret([{ versionNumber: 1, stages: ['CURRENT', 'LATEST'], text: 'v1' }]);
    harness.emulator.addFault({ operation: 'UpdateSecret', status: 500, code: 'InternalServerError', count: 1 });

    // Act
    const failure = await ociFailure(
      harness.clients.vaults.updateSecret({ secretId, updateSecretDetails: contentWrite('v2', { stage: PENDING }) }),
    );
    const afterFault = storedSecret(secretId);
    const retried = await harness.clients.vaults.updateSecret({ secretId, updateSecretDetails: contentWrite('v2', { stage: PENDING }) });

    // Assess
    expect(failure).toMatchObject({ statusCode: 500, serviceCode: 'InternalServerError' });
    expect(afterFault.lifecycleState).toBe('ACTIVE');
    expect(afterFault.versions).toHaveLength(1);
    expect(retried.secret.lifecycleState).toBe('UPDATING');
  });
});

describe('ListSecretVersions', () => {
  it('returns a bare array of summaries, newest first by default, ascending on request', async () => {
    // Prepare
    const secretId = seedSecret([
      { versionNumber: 1, stages: ['PREVIOUS'], text: 'v1', name: 'first' },
      { versionNumber: 2, stages: ['CURRENT'], text: 'v2' },
      { versionNumber: 3, stages: ['PENDING', 'LATEST'], text: 'v3', name: 'third' },
    ]);

    // Act
    const newestFirst = await harness.clients.vaults.listSecretVersions({ secretId });
    const ascending = await harness.clients.vaults.listSecretVersions({
      secretId,
      sortBy: requests.ListSecretVersionsRequest.SortBy.VersionNumber,
      sortOrder: requests.ListSecretVersionsRequest.SortOrder.Asc,
    });

    // Assess
    expect(newestFirst.items.map((item) => item.versionNumber)).toEqual([3, 2, 1]);
    expect(ascending.items.map((item) => item.versionNumber)).toEqual([1, 2, 3]);
    expect(newestFirst.items[0]).toMatchObject({
      secretId,
      versionNumber: 3,
      name: 'third',
      stages: ['PENDING', 'LATEST'],
      contentType: 'BASE64',
      timeCreated: '2026-10-03T09:00:00.000Z',
      timeOfDeletion: null,
      isContentAutoGenerated: false,
    });
    expect(JSON.stringify(newestFirst.items)).not.toContain(base64('v3'));
  });

  it('pages with limit and opc-next-page', async () => {
    // Prepare
    const secretId = seedSecret([
      { versionNumber: 1, stages: ['PREVIOUS'], text: 'v1' },
      { versionNumber: 2, stages: ['CURRENT', 'LATEST'], text: 'v2' },
    ]);

    // Act
    const first = await harness.clients.vaults.listSecretVersions({ secretId, limit: 1 });
    const second = await harness.clients.vaults.listSecretVersions({ secretId, limit: 1, page: first.opcNextPage });

    // Assess
    expect(first.items.map((item) => item.versionNumber)).toEqual([2]);
    expect(first.opcNextPage).toMatch(/\S/);
    expect(second.items.map((item) => item.versionNumber)).toEqual([1]);
    expect(second.opcNextPage ?? null).toBeNull();
  });
});

describe('GetSecretVersion', () => {
  it('reads one version on the singular /version/ path, DEPRECATED when it has no stage', async () => {
    // Prepare
    const secretId = seedSecret([
      { versionNumber: 1, stages: [], text: 'v1', name: 'retired' },
      { versionNumber: 2, stages: ['CURRENT', 'LATEST'], text: 'v2' },
    ]);

    // Act
    const response = await harness.clients.vaults.getSecretVersion({ secretId, secretVersionNumber: 1 });

    // Assess
    expect(response.secretVersion).toMatchObject({
      secretId,
      versionNumber: 1,
      name: 'retired',
      stages: ['DEPRECATED'],
      contentType: 'BASE64',
    });
    expect(response.etag).toMatch(/\S/);
  });

  it('answers 404 for a version the secret does not have', async () => {
    // Prepare
    const secretId = seedSecret([{ versionNumber: 1, stages: ['CURRENT', 'LATEST'], text: 'v1' }]);

    // Act
    const failure = await ociFailure(harness.clients.vaults.getSecretVersion({ secretId, secretVersionNumber: 9 }));

    // Assess
    expect(failure).toMatchObject({ statusCode: 404, serviceCode: 'NotAuthorizedOrNotFound' });
  });
});

describe('ScheduleSecretVersionDeletion', () => {
  it('schedules a DEPRECATED version at the requested time', async () => {
    // Prepare
    const secretId = seedSecret([
      { versionNumber: 1, stages: [], text: 'v1' },
      { versionNumber: 2, stages: ['CURRENT', 'LATEST'], text: 'v2' },
    ]);
    const timeOfDeletion = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);
    timeOfDeletion.setUTCMilliseconds(0);

    // Act
    await harness.clients.vaults.scheduleSecretVersionDeletion({
      secretId,
      secretVersionNumber: 1,
      scheduleSecretVersionDeletionDetails: { timeOfDeletion },
    });
    const { secretVersion } = await harness.clients.vaults.getSecretVersion({ secretId, secretVersionNumber: 1 });

    // Assess
    expect(Date.parse(String(secretVersion.timeOfDeletion))).toBe(timeOfDeletion.getTime());
    expect(storedSecret(secretId).versions[0]?.timeOfDeletion).toBe(timeOfDeletion.toISOString());
  });

  it('defaults to 30 days out when no time is given', async () => {
    // Prepare
    const secretId = seedSecret([
      { versionNumber: 1, stages: [], text: 'v1' },
      { versionNumber: 2, stages: ['CURRENT', 'LATEST'], text: 'v2' },
    ]);

    // Act
    await harness.clients.vaults.scheduleSecretVersionDeletion({
      secretId,
      secretVersionNumber: 1,
      scheduleSecretVersionDeletionDetails: {},
    });

    // Assess
    const scheduled = Date.parse(storedSecret(secretId).versions[0]?.timeOfDeletion ?? '');
    const thirtyDays = 30 * 24 * 60 * 60 * 1000;
    // The emulator's clock is the test's VirtualClock: exactly 30 days after its reading.
    expect(scheduled).toBe(clock.now().getTime() + thirtyDays);
  });

  it.each([
    ['CURRENT', 2],
    ['PREVIOUS', 1],
  ])('refuses a %s version with 409 Conflict', async (_stage, versionNumber) => {
    // Prepare
    const secretId = seedSecret([
      { versionNumber: 1, stages: ['PREVIOUS'], text: 'v1' },
      { versionNumber: 2, stages: ['CURRENT', 'LATEST'], text: 'v2' },
    ]);

    // Act
    const failure = await ociFailure(
      harness.clients.vaults.scheduleSecretVersionDeletion({
        secretId,
        secretVersionNumber: versionNumber,
        scheduleSecretVersionDeletionDetails: {},
      }),
    );

    // Assess
    expect(failure).toMatchObject({ statusCode: 409, serviceCode: 'Conflict' });
    expect(storedSecret(secretId).versions.every((version) => version.timeOfDeletion === null)).toBe(true);
  });

  it('refuses a time outside the 1 to 30 day window with 400 InvalidParameter', async () => {
    // Prepare
    const secretId = seedSecret([
      { versionNumber: 1, stages: [], text: 'v1' },
      { versionNumber: 2, stages: ['CURRENT', 'LATEST'], text: 'v2' },
    ]);

    // Act
    const tooSoon = await ociFailure(
      harness.clients.vaults.scheduleSecretVersionDeletion({
        secretId,
        secretVersionNumber: 1,
        scheduleSecretVersionDeletionDetails: { timeOfDeletion: new Date(Date.now() + 60 * 60 * 1000) },
      }),
    );

    // Assess
    expect(tooSoon).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(storedSecret(secretId).versions[0]?.timeOfDeletion).toBeNull();
  });
});
