import { models } from 'oci-cloudguard';
import { describe, expect } from 'vitest';
import { createSampleTenancy } from '../../../emulator/index.js';
import { newOcid } from '../../../emulator/ids.js';
import type { ProblemRecord } from '../../../emulator/state/types.js';
import { ociFailure, withoutPolicies } from '../../support/emulator.js';
import { emulatorTest, type EmulatorFixture } from '../../support/emulator-fixture.js';

// Cloud Guard problem reads and status changes (oci-behaviour §6) through the real CloudGuardClient
// over HTTP. Each test starts from the baseline plus one OPEN problem with one history record.

// Service behaviour, not authorisation: the sample's IAM policies are left out (tested in test/integration/iam).
const it = emulatorTest(() => ({ state: withoutPolicies(createSampleTenancy()) }));
const problemId = newOcid('cloudguardproblem', 'iad');
const targetId = newOcid('cloudguardtarget', 'iad');

function testProblem(tenancyId: string): ProblemRecord {
  return {
    id: problemId,
    compartmentId: tenancyId,
    detectorRuleId: 'API_KEY_TOO_OLD',
    detectorId: 'IAAS_CONFIGURATION_DETECTOR',
    riskLevel: 'MEDIUM',
    resourceId: `${tenancyId}/ocid1.user.oc1..aaaaaaaacgtest/aa:bb:cc`,
    resourceName: 'cg-test-user',
    resourceType: 'User',
    labels: ['CIS_OCI_V1.1_IAM', 'IAM'],
    timeFirstDetected: '2026-10-01T08:00:00.000Z',
    timeLastDetected: '2026-11-20T08:00:00.000Z',
    lifecycleState: 'ACTIVE',
    lifecycleDetail: 'OPEN',
    targetId,
    region: 'us-ashburn-1',
    additionalDetails: { 'User OCID': 'ocid1.user.oc1..aaaaaaaacgtest' },
    description: 'API key is older than 90 days',
    recommendation: 'Rotate the API key.',
    comment: null,
    histories: [
      {
        id: newOcid('cloudguardproblemhistory', 'iad'),
        actorType: 'CLOUD_GUARD_SERVICE',
        actorName: 'Cloud Guard',
        explanation: 'Problem detected',
        lifecycleDetail: 'OPEN',
        eventStatus: 'OPEN',
        timeCreated: '2026-10-01T08:00:00.000Z',
        delta: 'cg-test-user',
        comment: null,
      },
    ],
  };
}

function resetState(harness: EmulatorFixture): void {
  const state = structuredClone(harness.baseline);
  state.problems.push(testProblem(state.tenancy.id));
  harness.emulator.setState(state);
}

function storedProblem(harness: EmulatorFixture): ProblemRecord {
  const problem = harness.emulator.getState().problems.find((candidate) => candidate.id === problemId);
  if (problem === undefined) throw new Error(`problem ${problemId} missing from the emulator state`);
  return problem;
}

function resolve(harness: EmulatorFixture, comment?: string): Promise<unknown> {
  const updateProblemStatusDetails: models.UpdateProblemStatusDetails = { status: models.ProblemLifecycleDetail.Resolved };
  if (comment !== undefined) updateProblemStatusDetails.comment = comment;
  return harness.clients.cloudGuard.updateProblemStatus({ problemId, updateProblemStatusDetails });
}

/** The name Cloud Guard records as the actor: the user the SDK clients sign as. */
function operatorNameOf(harness: EmulatorFixture): string {
  const operator = harness.baseline.users.find((user) => user.id === harness.identity.userId);
  if (operator === undefined) throw new Error('the operator user is missing from the sample tenancy');
  return operator.name;
}

describe('GetProblem', () => {
  it('returns the Problem model with regions, labels and an etag', async ({ emulator: harness }) => {
    // Prepare
    resetState(harness);
    const seeded = testProblem(harness.baseline.tenancy.id);

    // Act
    const response = await harness.clients.cloudGuard.getProblem({ problemId });

    // Assess
    expect(response.problem).toMatchObject({
      id: problemId,
      compartmentId: harness.baseline.tenancy.id,
      detectorRuleId: 'API_KEY_TOO_OLD',
      detectorId: 'IAAS_CONFIGURATION_DETECTOR',
      riskLevel: 'MEDIUM',
      resourceId: seeded.resourceId,
      resourceName: 'cg-test-user',
      resourceType: 'User',
      regions: ['us-ashburn-1'],
      labels: ['CIS_OCI_V1.1_IAM', 'IAM'],
      timeFirstDetected: '2026-10-01T08:00:00.000Z',
      timeLastDetected: '2026-11-20T08:00:00.000Z',
      lifecycleState: 'ACTIVE',
      lifecycleDetail: 'OPEN',
      targetId: seeded.targetId,
      additionalDetails: { 'User OCID': 'ocid1.user.oc1..aaaaaaaacgtest' },
      description: 'API key is older than 90 days',
      recommendation: 'Rotate the API key.',
      comment: null,
    });
    expect(response.etag).toMatch(/\S/);
  });

  it('answers 404 NotAuthorizedOrNotFound for an unknown problem', async ({ emulator: harness }) => {
    // Prepare
    resetState(harness);

    // Act
    const failure = await ociFailure(harness.clients.cloudGuard.getProblem({ problemId: newOcid('cloudguardproblem', 'iad') }));

    // Assess
    expect(failure).toMatchObject({ statusCode: 404, serviceCode: 'NotAuthorizedOrNotFound' });
  });
});

describe('UpdateProblemStatus', () => {
  it('resolves the problem with a comment and records a USER history entry', async ({ emulator: harness }) => {
    // Prepare
    resetState(harness);

    // Act
    const response = await harness.clients.cloudGuard.updateProblemStatus({
      problemId,
      updateProblemStatusDetails: { status: models.ProblemLifecycleDetail.Resolved, comment: 'Rotating per CHG-1042' },
    });

    // Assess
    expect(response.problem).toMatchObject({ id: problemId, lifecycleDetail: 'RESOLVED', comment: 'Rotating per CHG-1042' });
    expect(response.etag).toMatch(/\S/);
    const histories = storedProblem(harness).histories;
    expect(histories).toHaveLength(2);
    expect(histories[1]).toMatchObject({
      actorType: 'USER',
      actorName: operatorNameOf(harness),
      lifecycleDetail: 'RESOLVED',
      eventStatus: 'RESOLVE',
      comment: 'Rotating per CHG-1042',
      delta: 'cg-test-user',
    });
  });

  it('maps each status to its history event status', async ({ emulator: harness }) => {
    // Prepare
    resetState(harness);
    const statuses = [models.ProblemLifecycleDetail.Dismissed, models.ProblemLifecycleDetail.Open, models.ProblemLifecycleDetail.Deleted];

    // Act
    for (const status of statuses) {
      await harness.clients.cloudGuard.updateProblemStatus({ problemId, updateProblemStatusDetails: { status } });
    }

    // Assess
    const problem = storedProblem(harness);
    expect(problem.histories.slice(1).map((history) => [history.lifecycleDetail, history.eventStatus])).toEqual([
      ['DISMISSED', 'DISMISS'],
      ['OPEN', 'OPEN'],
      ['DELETED', 'DELETE'],
    ]);
    expect({ lifecycleDetail: problem.lifecycleDetail, lifecycleState: problem.lifecycleState }).toEqual({
      lifecycleDetail: 'DELETED',
      lifecycleState: 'INACTIVE',
    });
  });

  it('refuses an unknown status with 400 InvalidParameter', async ({ emulator: harness }) => {
    // Prepare
    resetState(harness);
    const remediated = { status: 'REMEDIATED' } as unknown as models.UpdateProblemStatusDetails;

    // Act
    const failure = await ociFailure(harness.clients.cloudGuard.updateProblemStatus({ problemId, updateProblemStatusDetails: remediated }));

    // Assess
    expect(failure).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(storedProblem(harness).histories).toHaveLength(1);
  });

  it('refuses a stale if-match etag with 412 NoEtagMatch', async ({ emulator: harness }) => {
    // Prepare
    resetState(harness);
    const { etag } = await harness.clients.cloudGuard.getProblem({ problemId });
    await resolve(harness, 'first');

    // Act
    const failure = await ociFailure(
      harness.clients.cloudGuard.updateProblemStatus({
        problemId,
        ifMatch: etag,
        updateProblemStatusDetails: { status: models.ProblemLifecycleDetail.Open },
      }),
    );

    // Assess
    expect(failure).toMatchObject({ statusCode: 412, serviceCode: 'NoEtagMatch' });
    expect(storedProblem(harness).lifecycleDetail).toBe('RESOLVED');
  });

  it('surfaces an injected fault as OciError and leaves the problem unchanged', async ({ emulator: harness }) => {
    // Prepare
    resetState(harness);
    harness.emulator.addFault({ operation: 'UpdateProblemStatus', status: 500, code: 'InternalServerError', count: 1 });

    // Act
    const failure = await ociFailure(resolve(harness, 'will not land'));

    // Assess
    expect(failure).toMatchObject({ statusCode: 500, serviceCode: 'InternalServerError' });
    expect(storedProblem(harness)).toMatchObject({ lifecycleDetail: 'OPEN', comment: null });
    expect(storedProblem(harness).histories).toHaveLength(1);
  });
});

describe('ListProblemHistories', () => {
  it('lists the histories newest first in an items collection, oldest first on request', async ({ emulator: harness }) => {
    // Prepare
    resetState(harness);
    await resolve(harness, 'closing: rotated');
    const compartmentId = harness.baseline.tenancy.id;

    // Act
    const newestFirst = await harness.clients.cloudGuard.listProblemHistories({ problemId, compartmentId });
    const oldestFirst = await harness.clients.cloudGuard.listProblemHistories({
      problemId,
      compartmentId,
      sortOrder: models.SortOrders.Asc,
    });

    // Assess
    const items = newestFirst.problemHistoryCollection.items;
    expect(items.map((item) => item.eventStatus)).toEqual(['RESOLVE', 'OPEN']);
    expect(items[0]).toMatchObject({
      problemId,
      actorType: 'USER',
      actorName: operatorNameOf(harness),
      lifecycleDetail: 'RESOLVED',
      comment: 'closing: rotated',
      delta: 'cg-test-user',
    });
    expect(items[0]?.id).toBe(storedProblem(harness).histories[1]?.id);
    expect(oldestFirst.problemHistoryCollection.items.map((item) => item.eventStatus)).toEqual(['OPEN', 'RESOLVE']);
  });

  it('requires compartmentId: 400 MissingParameter', async ({ emulator: harness }) => {
    // Prepare
    resetState(harness);
    const withoutCompartment = { problemId } as unknown as Parameters<typeof harness.clients.cloudGuard.listProblemHistories>[0];

    // Act
    const failure = await ociFailure(harness.clients.cloudGuard.listProblemHistories(withoutCompartment));

    // Assess
    expect(failure).toMatchObject({ statusCode: 400, serviceCode: 'MissingParameter' });
    expect(failure.message).toContain('compartmentId');
  });

  it('answers 404 for a compartment the problem is not in', async ({ emulator: harness }) => {
    // Prepare
    resetState(harness);

    // Act
    const failure = await ociFailure(harness.clients.cloudGuard.listProblemHistories({ problemId, compartmentId: newOcid('compartment') }));

    // Assess
    expect(failure).toMatchObject({ statusCode: 404, serviceCode: 'NotAuthorizedOrNotFound' });
  });

  it('surfaces an injected fault as OciError with its status and code', async ({ emulator: harness }) => {
    // Prepare
    resetState(harness);
    harness.emulator.addFault({ operation: 'ListProblemHistories', status: 503, code: 'ServiceUnavailable', count: 1 });

    // Act
    const failure = await ociFailure(
      harness.clients.cloudGuard.listProblemHistories({ problemId, compartmentId: harness.baseline.tenancy.id }),
    );

    // Assess
    expect(failure).toMatchObject({ statusCode: 503, serviceCode: 'ServiceUnavailable' });
  });
});
