import { afterEach, describe, expect, it } from 'vitest';
import { generatePolicy } from '../../../cli/policy/least-privilege-policy.js';
import { createSampleTenancy } from '../../../emulator/index.js';
import { UNKNOWN_ROUTE_OPERATION, type CallRecord } from '../../../emulator/control/call-log.js';
import { authorize } from '../../../emulator/iam/authorize.js';
import { SERVICE_MODULES } from '../../../emulator/services/index.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { ociFailure, sendSigned, startEmulatorHarness, type EmulatorClients, type EmulatorHarness } from '../../support/emulator.js';
import { SAMPLE_EVENTS, eventText } from '../../support/events.js';
import {
  OPERATOR_GROUP,
  OPERATOR_POLICY_INPUTS,
  OPERATOR_POLICY_NAME,
  resourcePrincipalProvider,
  SAMPLE_POLICY_INPUTS,
  withoutStatement,
  withPolicyStatements,
} from '../../support/policy.js';
import { attachResponder, startResponderHarness, type ResponderHarness } from '../../support/responder.js';
import { pooledPublicKeyPem } from '../../support/key-pool.js';

// The generated least-privilege policy (cg-responder policy) is enough for every rotation, and
// no statement of it can be dropped: the sample tenancy ships it for the Function's dynamic
// group and for the operator's group, and the emulator enforces it (emulator/iam/).

let responder: ResponderHarness | null = null;
let harness: EmulatorHarness | null = null;
afterEach(async () => {
  await responder?.close();
  await harness?.close();
  responder = null;
  harness = null;
});

/** Calls the policy refused (a route this emulator does not serve yet is another matter). */
function refused(calls: CallRecord[]): CallRecord[] {
  return calls.filter((call) => call.status === 404 && call.operation !== UNKNOWN_ROUTE_OPERATION && !call.faulted);
}

const ROTATIONS = [
  ['API key', SAMPLE_EVENTS.apiKey],
  ['auth token', SAMPLE_EVENTS.authToken],
  ['customer secret key', SAMPLE_EVENTS.secretKey],
  ['console password', SAMPLE_EVENTS.password],
] as const;

describe('the generated policy is sufficient', () => {
  it('is what the sample tenancy ships, for the Function and for the operator', () => {
    // Prepare
    const state = createSampleTenancy();

    // Act
    const fn = generatePolicy(SAMPLE_POLICY_INPUTS);
    const operator = generatePolicy(OPERATOR_POLICY_INPUTS);

    // Assess
    expect(state.iam?.dynamicGroups).toEqual(
      [fn.dynamicGroup, ...fn.vaultSecretDynamicGroups].map((group) =>
        expect.objectContaining({ name: group.name, matchingRule: group.matchingRule }),
      ),
    );
    expect(state.iam?.groups).toEqual([expect.objectContaining({ name: OPERATOR_GROUP, memberIds: [sampleIds.operator] })]);
    expect(state.iam?.policies.map((policy) => policy.statements)).toEqual([fn.statements, operator.statements]);
  });

  it.each(ROTATIONS)('rotates the %s as the Function (resource principal, dynamic group) with no call refused', async (_name, event) => {
    // Prepare
    responder = await startResponderHarness();
    const emulator = responder.harness.emulator;
    const provider = resourcePrincipalProvider(emulator, sampleIds.function, sampleIds.tenancy);
    const fn = attachResponder(responder.harness, responder.clock, { provider });

    // Act
    const outcome = await fn.respond(eventText(event));

    // Assess
    expect(outcome.status).toBe('rotated');
    expect(refused(emulator.calls())).toEqual([]);
    // Only the proof of a new credential signs as that credential (its owner, self-service).
    expect(
      emulator
        .calls()
        .filter((call) => call.principal !== sampleIds.function)
        .every((call) => call.principal === sampleIds.alice),
    ).toBe(true);
  });

  it('rotates every type as the operator, answers a duplicate delivery already-rotated, and recovers from a failure', async () => {
    // Prepare
    responder = await startResponderHarness();
    const outcomes: string[] = [];

    // Act
    for (const [, event] of ROTATIONS) outcomes.push((await responder.respond(eventText(event))).status);
    const duplicate = await responder.respond(eventText(SAMPLE_EVENTS.apiKey));

    // Assess
    expect(outcomes).toEqual(['rotated', 'rotated', 'rotated', 'rotated']);
    expect(duplicate.status).toBe('already-rotated');
    expect(refused(responder.harness.emulator.calls())).toEqual([]);
  });

  it('ends a failed rotation at its step under the policy, and the replay finishes it', async () => {
    // Prepare
    responder = await startResponderHarness();
    responder.harness.emulator.addFault({ operation: 'CreateAuthToken', status: 500, code: 'InternalServerError' });

    // Act
    const failed = await responder.respond(eventText(SAMPLE_EVENTS.authToken));
    responder.harness.emulator.clearFaults();
    // The failure set the problem OPEN again (UpdateProblemStatus, allowed by the reopen statement); SecOps resolves it again.
    await responder.harness.clients.cloudGuard.updateProblemStatus({
      problemId: sampleIds.probAuth,
      updateProblemStatusDetails: { status: 'RESOLVED' as never, comment: sampleIds.comments.AUTH_TOKEN_TOO_OLD },
    });
    const replay = await responder.respond(eventText(SAMPLE_EVENTS.authToken));

    // Assess
    expect(failed.status).toBe('failed');
    expect(responder.harness.emulator.calls().map((call) => [call.operation, call.status])).toContainEqual(['UpdateProblemStatus', 200]);
    expect(replay.status, replay.reason ?? '').toBe('rotated');
    expect(refused(responder.harness.emulator.calls())).toEqual([]);
  });

  it('refuses every call of a Function the dynamic group does not match', async () => {
    // Prepare
    responder = await startResponderHarness();
    const emulator = responder.harness.emulator;
    const other = attachResponder(responder.harness, responder.clock, {
      provider: resourcePrincipalProvider(emulator, 'ocid1.fnfunc.oc1.iad.aaaaaaaaanotherfunction', sampleIds.tenancy),
    });

    // Act
    const outcome = await other.respond(eventText(SAMPLE_EVENTS.apiKey));

    // Assess
    expect(outcome.status).not.toBe('rotated');
    const calls = emulator.calls();
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.map((call) => [call.operation, call.status])).toContainEqual(['GetProblem', 404]);
    expect(calls.every((call) => call.status === 404)).toBe(true);
  });
});

/** One real SDK call per operation, on the sample tenancy's resources (alice, her secrets, the topic, the problems). */
const CALLS: Readonly<Record<string, (clients: EmulatorClients) => Promise<unknown>>> = {
  UpdateProblemStatus: (c) =>
    c.cloudGuard.updateProblemStatus({
      problemId: sampleIds.probAuth,
      updateProblemStatusDetails: { status: 'OPEN' as never, comment: 'necessity' },
    }),
  GetUser: (c) => c.identity.getUser({ userId: sampleIds.alice }),
  ListApiKeys: (c) => c.identity.listApiKeys({ userId: sampleIds.alice }),
  ListAuthTokens: (c) => c.identity.listAuthTokens({ userId: sampleIds.alice }),
  ListCustomerSecretKeys: (c) => c.identity.listCustomerSecretKeys({ userId: sampleIds.alice }),
  UploadApiKey: (c) => c.identity.uploadApiKey({ userId: sampleIds.alice, createApiKeyDetails: { key: newPublicKeyPem() } }),
  DeleteApiKey: (c) => c.identity.deleteApiKey({ userId: sampleIds.alice, fingerprint: sampleIds.apiFingerprint }),
  CreateAuthToken: (c) => c.identity.createAuthToken({ userId: sampleIds.alice, createAuthTokenDetails: { description: 'necessity' } }),
  DeleteAuthToken: (c) => c.identity.deleteAuthToken({ userId: sampleIds.alice, authTokenId: sampleIds.authToken }),
  CreateCustomerSecretKey: (c) =>
    c.identity.createCustomerSecretKey({ userId: sampleIds.alice, createCustomerSecretKeyDetails: { displayName: 'necessity' } }),
  DeleteCustomerSecretKey: (c) =>
    c.identity.deleteCustomerSecretKey({ userId: sampleIds.alice, customerSecretKeyId: sampleIds.customerSecretKeyId }),
  CreateOrResetUIPassword: (c) => c.identity.createOrResetUIPassword({ userId: sampleIds.alice }),
  GetTenancy: (c) => c.identity.getTenancy({ tenancyId: sampleIds.tenancy }),
  ListRegionSubscriptions: (c) => c.identity.listRegionSubscriptions({ tenancyId: sampleIds.tenancy }),
  GetSecret: (c) => c.vaults.getSecret({ secretId: sampleIds.secretAuth }),
  UpdateSecret: (c) => c.vaults.updateSecret({ secretId: sampleIds.secretAuth, updateSecretDetails: { description: 'necessity' } }),
  ListSecretVersions: (c) => c.vaults.listSecretVersions({ secretId: sampleIds.secretAuth }),
  GetSecretBundle: (c) => c.secrets.getSecretBundle({ secretId: sampleIds.secretAuth }),
  ScheduleSecretVersionDeletion: (c) =>
    c.vaults.scheduleSecretVersionDeletion({
      secretId: sampleIds.secretAuth,
      secretVersionNumber: 1,
      scheduleSecretVersionDeletionDetails: {},
    }),
  PublishMessage: (c) =>
    c.notifications.publishMessage({ topicId: sampleIds.topic, messageDetails: { title: 'necessity', body: 'necessity' } }),
  GetProblem: (c) => c.cloudGuard.getProblem({ problemId: sampleIds.probAuth }),
  ListProblemHistories: (c) => c.cloudGuard.listProblemHistories({ problemId: sampleIds.probAuth, compartmentId: sampleIds.tenancy }),
  GetConfiguration: (c) => c.cloudGuard.getConfiguration({ compartmentId: sampleIds.tenancy }),
};

const ROUTED = new Set(SERVICE_MODULES.flatMap((module) => module.routes.map((route) => route.operation)));
const REQUIRED = generatePolicy(SAMPLE_POLICY_INPUTS)
  .entries.map((entry, index) => ({ ...entry, index }))
  .filter((entry) => entry.enabled && entry.subject === 'responder');
const CASES = REQUIRED.flatMap((entry) => entry.operations.map((operation) => [operation, entry.statement, entry.index] as const));

describe('the generated policy is necessary', () => {
  it.each(CASES)('without the statement covering it, %s answers 404 NotAuthorizedOrNotFound (%s)', async (operation, _statement, index) => {
    // Prepare
    const state = withoutStatement(index);
    harness = await startEmulatorHarness({ state });
    const call = CALLS[operation];

    // Act / Assess
    if (operation === 'GetNamespace') {
      // No Object Storage SDK client in the project: the request the SDK sends, signed by oci-common.
      const raw = await sendSigned(harness.emulator.url, harness.identity, 'GET', '/n');
      expect([raw.status, (raw.body as { code?: string } | undefined)?.code], operation).toEqual([404, 'NotAuthorizedOrNotFound']);
    } else if (ROUTED.has(operation)) {
      if (!call) throw new Error(`no necessity call for ${operation}`);
      const error = await ociFailure(call(harness.clients));
      expect(error.statusCode, operation).toBe(404);
      expect(error.serviceCode, operation).toBe('NotAuthorizedOrNotFound');
      expect(harness.emulator.getState().users.find((user) => user.id === sampleIds.alice)?.apiKeys).toHaveLength(1);
    } else {
      // Not routed on this branch yet (another branch adds it): the same decision, without HTTP.
      const principal = {
        kind: 'user' as const,
        tenancyId: sampleIds.tenancy,
        userId: sampleIds.operator,
        fingerprint: harness.identity.fingerprint,
      };
      const args = {
        principal,
        operation,
        params: { tenancyId: sampleIds.tenancy },
        query: new URLSearchParams({ compartmentId: sampleIds.tenancy }),
      };
      expect(authorize({ state, ...args }).allowed, `${operation} without the statement`).toBe(false);
      expect(authorize({ state: createSampleTenancy(), ...args }).allowed, `${operation} with the full policy`).toBe(true);
    }
  });

  it('grants version hygiene by default, as the Function does it by default: ScheduleSecretVersionDeletion is refused only --without-version-hygiene', async () => {
    // Prepare
    const withHygiene = generatePolicy({ ...OPERATOR_POLICY_INPUTS, optional: { doctor: true } });
    const withoutHygiene = generatePolicy({ ...OPERATOR_POLICY_INPUTS, optional: { doctor: true, versionHygiene: false } });
    harness = await startEmulatorHarness({ state: withPolicyStatements(OPERATOR_POLICY_NAME, withoutHygiene.statements) });
    const schedule = () =>
      harness!.clients.vaults.scheduleSecretVersionDeletion({
        secretId: sampleIds.secretAuth,
        secretVersionNumber: 1,
        scheduleSecretVersionDeletionDetails: {},
      });

    // Act
    const refused = await ociFailure(schedule());
    harness.emulator.setState(
      withPolicyStatements(OPERATOR_POLICY_NAME, withHygiene.statements, harness.emulator.getState({ includeSecretContent: true })),
    );
    const authorised = await ociFailure(schedule());

    // Assess
    expect([refused.statusCode, refused.serviceCode]).toEqual([404, 'NotAuthorizedOrNotFound']);
    // Past authorisation, Vault's own rule answers: only DEPRECATED versions may be scheduled.
    expect(authorised.statusCode).toBe(409);
    expect(withHygiene.entries.filter((entry) => entry.optional).map((entry) => [entry.optional?.flag, entry.enabled])).toEqual([
      ['CGR_PROVE_BY_USE=true (default)', true],
      ['version hygiene (default; --without-version-hygiene leaves it out)', true],
      ['--vault-rotation', false],
      ['--vault-rotation', false],
      ['--vault-rotation with --group', false],
      ['--doctor', true],
      ['--doctor', true],
    ]);
  });
});

describe('what OCI allows without a policy', () => {
  it('lets a user manage their own credentials, and nothing of another user', async () => {
    // Prepare
    harness = await startEmulatorHarness({
      state: withPolicyStatements(OPERATOR_POLICY_NAME, ['Allow group cg-responder-operators to read cloud-guard-problems in tenancy']),
    });

    // Act
    const own = await harness.clients.identity.uploadApiKey({
      userId: sampleIds.operator,
      createApiKeyDetails: { key: newPublicKeyPem() },
    });
    const ownList = await harness.clients.identity.listApiKeys({ userId: sampleIds.operator });
    const other = await ociFailure(harness.clients.identity.listApiKeys({ userId: sampleIds.alice }));

    // Assess
    expect(own.apiKey.fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect(ownList.items).toHaveLength(2);
    expect([other.statusCode, other.serviceCode]).toEqual([404, 'NotAuthorizedOrNotFound']);
  });

  it('lets anyone do anything when the state has no policy (enforcement off)', async () => {
    // Prepare
    const state = createSampleTenancy();
    delete state.iam;
    harness = await startEmulatorHarness({ state });

    // Act
    const reopened = await harness.clients.cloudGuard.updateProblemStatus({
      problemId: sampleIds.probAuth,
      updateProblemStatusDetails: { status: 'OPEN' as never, comment: 'x' },
    });

    // Assess
    expect(reopened.problem.lifecycleDetail).toBe('OPEN');
  });
});

function newPublicKeyPem(): string {
  return pooledPublicKeyPem();
}
