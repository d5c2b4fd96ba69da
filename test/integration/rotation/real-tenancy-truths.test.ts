import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorState } from '../../../emulator/index.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { SAMPLE_EVENTS, eventObject, eventText } from '../../support/events.js';
import { attachResponder, startResponderHarness, type ResponderHarness } from '../../support/responder.js';
import { resolveAgain } from '../../support/safety-harness.js';

/** The responder against what a real tenancy does and the emulator now enforces (issue: real-tenancy truths). */
describe('Real-tenancy truths: the responder survives what OCI really does', () => {
  let responder: ResponderHarness;

  afterEach(async () => {
    await responder.close();
  });

  /** A tenancy whose home region (Ashburn) is not where the Function runs (Phoenix). */
  function twoRegions(state: EmulatorState): EmulatorState {
    state.tenancy.homeRegion = 'us-ashburn-1';
    state.tenancy.regionSubscriptions = [
      { regionName: 'us-ashburn-1', regionKey: 'IAD', status: 'READY' },
      { regionName: 'us-phoenix-1', regionKey: 'PHX', status: 'READY' },
    ];
    state.settings.defaultRegion = 'us-phoenix-1';
    return state;
  }

  it('finds the home region itself and sends every Identity write there, from a Function in another region', async () => {
    // Prepare
    responder = await startResponderHarness();
    responder.harness.emulator.setState(twoRegions(responder.harness.emulator.getState({ includeSecretContent: true })));
    const inPhoenix = attachResponder(responder.harness, responder.clock, { runsIn: 'us-phoenix-1' });
    responder.harness.emulator.clearCalls();

    // Act
    const outcome = await inPhoenix.respond(eventText(SAMPLE_EVENTS.authToken));

    // Assess
    expect(outcome.status).toBe('rotated');
    const calls = responder.harness.emulator.calls();
    expect(calls.filter((call) => call.operation === 'ListRegionSubscriptions')).toHaveLength(1);
    const identityWrites = calls.filter((call) => ['CreateAuthToken', 'DeleteAuthToken'].includes(call.operation));
    expect(identityWrites.map((call) => call.region)).toEqual(['us-ashburn-1', 'us-ashburn-1']);
    expect(calls.find((call) => call.operation === 'UpdateSecret')?.region).toBe('us-phoenix-1');
  });

  it('fails at the create, changing nothing, when configuration pins the wrong home region (OCI answers 403 NotAllowed)', async () => {
    // Prepare
    responder = await startResponderHarness();
    responder.harness.emulator.setState(twoRegions(responder.harness.emulator.getState({ includeSecretContent: true })));
    const misconfigured = attachResponder(responder.harness, responder.clock, { runsIn: 'us-phoenix-1', identityRegion: 'us-phoenix-1' });
    const before = responder.harness.emulator.getState().users;

    // Act
    const outcome = await misconfigured.respond(eventText(SAMPLE_EVENTS.authToken));

    // Assess
    expect(outcome.status).toBe('failed');
    expect(outcome.step).toBe('create-credential');
    expect(outcome.reason).toContain('403 NotAllowed');
    expect(responder.harness.emulator.getState().users).toEqual(before);
  });

  it('rotates in one delivery although the secret stays UPDATING for 6 s after each write, longer than the retry budget', async () => {
    // Prepare
    responder = await startResponderHarness();
    const state = responder.harness.emulator.getState({ includeSecretContent: true });
    state.settings.secretUpdatingMs = 6_000;
    responder.harness.emulator.setState(state);

    // Act
    const outcome = await responder.respond(eventText(SAMPLE_EVENTS.authToken));

    // Assess
    expect(outcome.status).toBe('rotated');
    const busy = responder.harness.emulator.calls().filter((call) => call.status === 409);
    expect(busy.length).toBeGreaterThan(0);
  });

  it('after Vault refused the new token (so it was deleted again), the next delivery uses a fresh retry token of 64 characters at most', async () => {
    // Prepare
    responder = await startResponderHarness();
    responder.harness.emulator.addFault({ operation: 'UpdateSecret', status: 400, code: 'InvalidParameter', count: 1 });
    const first = await responder.respond(eventText(SAMPLE_EVENTS.authToken));
    if (first.problemReopened) await resolveAgain(responder.harness, sampleIds.probAuth, eventText(SAMPLE_EVENTS.authToken));

    // Act
    const second = await responder.respond(eventText(SAMPLE_EVENTS.authToken));

    // Assess
    expect(first.status).toBe('failed');
    expect(first.stillWorking).toContain('deleted again');
    expect(second.status).toBe('rotated');
    const creates = responder.harness.emulator.calls().filter((call) => call.operation === 'CreateAuthToken');
    expect(creates.every((call) => call.retryToken !== null && call.retryToken.length >= 1 && call.retryToken.length <= 64)).toBe(true);
    expect(creates.some((call) => call.status === 409)).toBe(!first.problemReopened);
    const tokens = responder.harness.emulator.getState().users.find((user) => user.id === sampleIds.alice)?.authTokens ?? [];
    expect(tokens.map((token) => token.id)).toEqual([second.credential.newId]);
  });

  it('adopts what an earlier attempt stored when the problem is reopened and resolved again, instead of making a second token', async () => {
    // Prepare: an attempt that stored its token but ran out of time before it was ACTIVE.
    responder = await startResponderHarness();
    const state = responder.harness.emulator.getState({ includeSecretContent: true });
    state.settings.credentialActivationDelayMs = 120_000;
    responder.harness.emulator.setState(state);
    const cut = await responder.respond(eventText(SAMPLE_EVENTS.authToken), {
      deadline: new Date(responder.clock.now().getTime() + 20_000),
    });
    responder.clock.advance(130_000);
    if (!cut.problemReopened) responder.harness.emulator.scanCloudGuard();
    await resolveAgain(responder.harness, sampleIds.probAuth, eventText(SAMPLE_EVENTS.authToken));

    // Act
    const resumed = await responder.respond(eventText(SAMPLE_EVENTS.authToken));

    // Assess
    expect(cut.status).toBe('failed');
    expect(resumed.status).toBe('rotated');
    expect(resumed.credential.newId).toBe(cut.credential.newId);
    expect(responder.harness.emulator.calls().filter((call) => call.operation === 'CreateAuthToken' && call.status < 300)).toHaveLength(1);
    expect(resumed.secrets[0]?.versionName).toBe(cut.secrets[0]?.versionName);
  });

  it('reports honestly when an identity-domain tenancy emails a reset link instead of returning a password, and a replay does not reset again', async () => {
    // Prepare
    responder = await startResponderHarness();
    const state = responder.harness.emulator.getState({ includeSecretContent: true });
    state.tenancy.identityDomains = true;
    responder.harness.emulator.setState(state);

    // Act
    const first = await responder.respond(eventText(SAMPLE_EVENTS.password));
    const resetAt = responder.harness.emulator.getState().users.find((user) => user.id === sampleIds.alice)?.uiPassword?.timeCreated;
    responder.clock.advance(60_000);
    await responder.respond(eventText(SAMPLE_EVENTS.password));

    // Assess
    expect(first.status).toBe('rotated');
    expect(first.verified.join(' ')).toContain('reset link by email');
    expect(first.secrets).toEqual([]);
    expect(responder.harness.emulator.getState().users.find((user) => user.id === sampleIds.alice)?.uiPassword?.timeCreated).toBe(resetAt);
  });

  it('refuses a user of a non-default identity domain before anything changes, naming the limitation', async () => {
    // Prepare
    responder = await startResponderHarness();
    const state = responder.harness.emulator.getState({ includeSecretContent: true });
    const alice = state.users.find((user) => user.id === sampleIds.alice);
    if (alice) alice.domain = 'Contractors';
    responder.harness.emulator.setState(state);
    const before = responder.harness.emulator.getState();

    // Act
    const outcome = await responder.respond(eventObject(SAMPLE_EVENTS.authToken));

    // Assess
    expect(outcome.status).toBe('refused');
    expect(outcome.reason).toContain('non-default identity domain');
    expect(responder.harness.emulator.getState().users).toEqual(before.users);
    expect(responder.harness.emulator.getState().secrets.map((secret) => secret.versions)).toEqual(
      before.secrets.map((secret) => secret.versions),
    );
  });
});
