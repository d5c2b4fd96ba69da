import { models } from 'oci-cloudguard';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../emulator/index.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import type { EmulatorState } from '../../../emulator/state/types.js';
import { startEmulatorHarness, type EmulatorHarness } from '../../support/emulator.js';

// Cloud Guard's next scan (`POST /_emulator/cloudguard/scan`): a RESOLVED problem whose credential
// is still on the user is reopened with a history record, as Cloud Guard documents for its next
// scan; a later resolve adds a new resolve record. The sample tenancy's four problems are RESOLVED
// and alice still holds all four credentials.

let harness: EmulatorHarness;
let baseline: EmulatorState;
let clock = new VirtualClock();
const allProblems = [sampleIds.probApi, sampleIds.probAuth, sampleIds.probSecret, sampleIds.probPassword, sampleIds.probPasswordNoSecret];

async function scan(): Promise<{ status: number; reopened: string[] }> {
  const response = await fetch(`${harness.emulator.url}/_emulator/cloudguard/scan`, { method: 'POST' });
  return { status: response.status, ...((await response.json()) as { reopened: string[] }) };
}

async function histories(problemId: string): Promise<models.ProblemHistorySummary[]> {
  return (await harness.clients.cloudGuard.listProblemHistories({ problemId, compartmentId: sampleIds.tenancy })).problemHistoryCollection
    .items;
}

beforeAll(async () => {
  // One emulator for the file, a fresh clock for each test: the emulator reads whichever is current.
  const followingTestClock = { now: () => clock.now() };
  harness = await startEmulatorHarness({ clock: followingTestClock });
  baseline = harness.emulator.getState({ includeSecretContent: true });
});

afterAll(async () => {
  await harness?.close();
});

beforeEach(() => {
  clock = new VirtualClock();
  harness.emulator.setState(baseline);
});

describe('Cloud Guard re-scan', () => {
  it('reopens every RESOLVED problem whose credential is still on the user, with a Cloud Guard history record', async () => {
    // Act
    const answer = await scan();
    const problem = (await harness.clients.cloudGuard.getProblem({ problemId: sampleIds.probAuth })).problem;
    const [newest, previous] = await histories(sampleIds.probAuth);

    // Assess
    expect(answer).toEqual({ status: 200, reopened: allProblems });
    expect([problem.lifecycleDetail, problem.lifecycleState, problem.timeLastDetected]).toEqual([
      'OPEN',
      'ACTIVE',
      clock.now().toISOString(),
    ]);
    expect(newest).toMatchObject({
      actorType: 'CLOUD_GUARD_SERVICE',
      lifecycleDetail: 'OPEN',
      eventStatus: 'REOPEN',
      timeCreated: clock.now().toISOString(),
    });
    expect(previous?.eventStatus).toBe('RESOLVE');
  });

  it('leaves a problem resolved once its credential is gone, and a password reset since the problem', async () => {
    // Prepare
    await harness.clients.identity.deleteAuthToken({ userId: sampleIds.alice, authTokenId: sampleIds.authToken });
    await harness.clients.identity.deleteApiKey({ userId: sampleIds.alice, fingerprint: sampleIds.apiFingerprint });
    await harness.clients.identity.deleteCustomerSecretKey({ userId: sampleIds.alice, customerSecretKeyId: sampleIds.customerSecretKeyId });
    await harness.clients.identity.createOrResetUIPassword({ userId: sampleIds.alice });

    // Act
    const answer = await scan();

    // Assess
    expect(answer.reopened).toEqual([]);
    expect(harness.emulator.getState().problems.map((problem) => problem.lifecycleDetail)).toEqual(allProblems.map(() => 'RESOLVED'));
  });

  it('does not touch problems that are not RESOLVED, and a second scan reopens nothing more', async () => {
    // Act
    const first = await scan();
    const second = harness.emulator.scanCloudGuard();

    // Assess
    expect(first.reopened).toHaveLength(allProblems.length);
    expect(second).toEqual([]);
    expect((await histories(sampleIds.probApi)).filter((history) => history.eventStatus === 'REOPEN')).toHaveLength(1);
  });

  it('a later resolve through UpdateProblemStatus adds a new resolve record with a new id', async () => {
    // Prepare
    const before = await histories(sampleIds.probApi);
    await scan();
    clock.advance(60_000);

    // Act
    const resolved = await harness.clients.cloudGuard.updateProblemStatus({
      problemId: sampleIds.probApi,
      updateProblemStatusDetails: { status: models.ProblemLifecycleDetail.Resolved, comment: sampleIds.comments.API_KEY_TOO_OLD },
    });
    const after = await histories(sampleIds.probApi);

    // Assess
    const resolves = after.filter((history) => history.eventStatus === 'RESOLVE');
    expect(resolved.problem.lifecycleDetail).toBe('RESOLVED');
    expect(after.map((history) => history.eventStatus)).toEqual(['RESOLVE', 'REOPEN', ...before.map((history) => history.eventStatus)]);
    expect(resolves).toHaveLength(2);
    expect(new Set(after.map((history) => history.id)).size).toBe(after.length);
    expect(after[0]).toMatchObject({ timeCreated: clock.now().toISOString(), comment: sampleIds.comments.API_KEY_TOO_OLD });
  });
});
