import { setTimeout as realDelay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorState } from '../../../emulator/index.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { FUNCTION_RETRY_POLICY } from '../../../functions/cloudguard-responder/src/index.js';
import { messageCount, untilCalls } from '../../support/call-log.js';
import { SAMPLE_EVENTS, eventText } from '../../support/events.js';
import { attachResponder, startResponderHarness, type ResponderHarness } from '../../support/responder.js';
import { invariantViolations, realisticState } from '../../support/safety-harness.js';

/**
 * The same event reaches two Function instances. B's create is held
 * (real time) while A rotates completely; B's create then answers A's credential through the
 * shared retry token, its stage write meets A's version name and its look-up of the versions
 * fails. B must join, not undo: the user keeps exactly the token Vault holds as CURRENT.
 */

type Respond = ResponderHarness['respond'];

const CASES = [
  {
    type: 'auth token',
    event: SAMPLE_EVENTS.authToken,
    create: 'CreateAuthToken',
    secrets: [sampleIds.secretAuth],
    oldId: sampleIds.authToken,
    kind: 'AUTH_TOKEN',
  },
  {
    type: 'customer secret key',
    event: SAMPLE_EVENTS.secretKey,
    create: 'CreateCustomerSecretKey',
    secrets: [sampleIds.secretAccess, sampleIds.secretSecretKey],
    oldId: sampleIds.customerSecretKeyId,
    kind: 'CUSTOMER_SECRET_KEY',
  },
] as const;

function credentialsOf(state: EmulatorState, kind: 'AUTH_TOKEN' | 'CUSTOMER_SECRET_KEY'): Array<{ id: string; lifecycleState: string }> {
  const alice = state.users.find((user) => user.id === sampleIds.alice);
  return (kind === 'AUTH_TOKEN' ? alice?.authTokens : alice?.customerSecretKeys) ?? [];
}

describe('Concurrent deliveries to separate Function instances', () => {
  let a: ResponderHarness;
  let b: Respond;

  beforeEach(async () => {
    a = await startResponderHarness();
    a.harness.emulator.setState(realisticState(a.harness.emulator.getState({ includeSecretContent: true })).state);
    b = attachResponder(a.harness, a.clock, { ownKey: true }).respond;
  });
  afterEach(async () => {
    await a.close();
  });

  for (const kase of CASES) {
    it(`${kase.type === 'auth token' ? 'an' : 'a'} ${kase.type}: B's slow create and failed look-up join A's rotation; one working credential, Vault's CURRENT, one email`, async () => {
      // Prepare: B's create is held 4 s (real time). B runs alone until it has read every named
      // secret (its last read before the create), so the held create is B's and A runs after.
      const { emulator } = a.harness;
      const event = eventText(kase.event);
      emulator.addFault({ operation: kase.create, delayMs: 4_000, count: 1 });
      const messagesBefore = messageCount(emulator.getState());

      // Act
      const bDone = b(event);
      await untilCalls(emulator, 'GetSecret', kase.secrets.length);
      await realDelay(200);
      const first = await a.respond(event);
      // B's version look-up after its stage write fails on every attempt of its retry policy.
      emulator.addFault({
        operation: 'ListSecretVersions',
        status: 503,
        code: 'ServiceUnavailable',
        count: FUNCTION_RETRY_POLICY.maxAttempts,
      });
      const second = await bDone;
      emulator.clearFaults();
      const afterBoth = emulator.getState({ includeSecretContent: true });
      const later = await a.respond(event);

      // Assess
      expect(first.status).toBe('rotated');
      const newId = first.credential.newId as string;
      expect(emulator.calls().some((call) => call.operation === kase.create && call.retryToken !== null)).toBe(true);
      expect(credentialsOf(afterBoth, kase.kind).map((credential) => `${credential.id} ${credential.lifecycleState}`)).toEqual([
        `${newId} ACTIVE`,
      ]);
      expect(await invariantViolations(kase.kind, afterBoth, first, emulator.url)).toEqual([]);
      for (const secretId of kase.secrets) {
        const current = afterBoth.secrets
          .find((secret) => secret.id === secretId)
          ?.versions.find((version) => version.stages.includes('CURRENT'));
        expect(current?.name).toBe(first.secrets.find((ref) => ref.secretId === secretId)?.versionName);
      }
      expect(second.status).toBe('already-rotated');
      expect(second.credential.newId).toBe(newId);
      expect(`${second.reason ?? ''} ${second.stillWorking ?? ''}`).not.toMatch(/old .* still works/);
      expect(second.notification.published).toBe(false);
      expect(second.problemReopened).toBe(false);
      expect(messageCount(afterBoth) - messagesBefore).toBe(1);
      expect(emulator.calls().some((call) => call.operation === 'UpdateProblemStatus')).toBe(false);
      expect(later.status).toBe('already-rotated');
      expect(later.credential.newId).toBe(newId);
      expect(messageCount(emulator.getState()) - messagesBefore).toBe(1);
    });
  }

  it("an API key: B's held upload returns after A finished, B finds the old key gone and answers already-rotated; one email", async () => {
    // Prepare: B stages its key alone, then its UploadApiKey is held 4 s (real time) while A
    // carries B's staged key through upload, promotion and the old key's deletion. B then waits
    // for ACTIVE, lists the keys and finds the old one gone: A sent the one email.
    const { emulator } = a.harness;
    const realistic = realisticState(emulator.getState({ includeSecretContent: true }));
    emulator.setState(realistic.state);
    emulator.addFault({ operation: 'UploadApiKey', delayMs: 4_000, count: 1 });
    const messagesBefore = messageCount(emulator.getState());

    // Act
    const bDone = b(realistic.apiKeyEvent);
    await untilCalls(emulator, 'UpdateSecret', 1);
    await realDelay(200);
    const first = await a.respond(realistic.apiKeyEvent);
    const second = await bDone;
    const state = emulator.getState({ includeSecretContent: true });

    // Assess
    expect([first.status, second.status]).toEqual(['rotated', 'already-rotated']);
    expect(second.credential.newId).toBe(first.credential.newId);
    const keys = state.users.find((user) => user.id === sampleIds.alice)?.apiKeys.map((key) => key.fingerprint);
    expect(keys).not.toContain(realistic.oldFingerprint);
    expect(keys).toContain(first.credential.newId);
    expect(await invariantViolations('API_KEY', state, first, emulator.url)).toEqual([]);
    expect(second.notification.published).toBe(false);
    expect(messageCount(state) - messagesBefore).toBe(1);
  });

  it('a customer secret key: a duplicate meeting a short Vault outage while the other delivery rotates stays quiet; one email, no reopen', async () => {
    // Prepare: A has created the new key and its stage write is held (real time); B then arrives
    // and its first read, ListSecretVersions, meets a 503 on every attempt of its retry policy.
    const { emulator } = a.harness;
    const event = eventText(SAMPLE_EVENTS.secretKey);
    emulator.addFault({ operation: 'UpdateSecret', delayMs: 1_500, count: 1 });
    const messagesBefore = messageCount(emulator.getState());

    // Act
    const aDone = a.respond(event);
    await untilCalls(emulator, 'CreateCustomerSecretKey', 1);
    emulator.addFault({
      operation: 'ListSecretVersions',
      status: 503,
      code: 'ServiceUnavailable',
      count: FUNCTION_RETRY_POLICY.maxAttempts,
    });
    const second = await b(event);
    const first = await aDone;

    // Assess
    const state = emulator.getState({ includeSecretContent: true });
    expect(first.status).toBe('rotated');
    expect(second.status).toBe('in-progress');
    expect(second.reason).toMatch(
      /^Another delivery of this event is rotating \(credential [0-9a-f]+ was created for this resolve\); this delivery stopped at step preflight/,
    );
    expect(second.problemReopened).toBe(false);
    expect(second.notification.published).toBe(false);
    expect(emulator.calls().some((call) => call.operation === 'UpdateProblemStatus')).toBe(false);
    expect(state.problems.find((problem) => problem.id === sampleIds.probSecret)?.lifecycleDetail).toBe('RESOLVED');
    expect(messageCount(state) - messagesBefore).toBe(1);
    expect(state.topics.flatMap((topic) => topic.messages).at(-1)?.title).toMatch(/^Rotated customer secret key of alice@example.com/);
    expect(await invariantViolations('CUSTOMER_SECRET_KEY', state, first, emulator.url)).toEqual([]);
  });

  it('a customer secret key: a delivery that failed before writing, while its duplicate had not written yet, waits for the duplicate and stays quiet', async () => {
    // Prepare: B's first read fails on every attempt; the second look of its settle wait is held
    // (real time) while A starts, creates the new key and rotates.
    const { emulator } = a.harness;
    const event = eventText(SAMPLE_EVENTS.secretKey);
    emulator.addFault({
      operation: 'ListSecretVersions',
      status: 503,
      code: 'ServiceUnavailable',
      count: FUNCTION_RETRY_POLICY.maxAttempts,
    });
    emulator.addFault({ operation: 'ListCustomerSecretKeys', delayMs: 1, count: 1 });
    emulator.addFault({ operation: 'ListCustomerSecretKeys', delayMs: 1_500, count: 1 });
    const messagesBefore = messageCount(emulator.getState());

    // Act
    const bDone = b(event);
    await untilCalls(emulator, 'ListCustomerSecretKeys', 1);
    await realDelay(100);
    const first = await a.respond(event);
    const second = await bDone;

    // Assess
    const state = emulator.getState({ includeSecretContent: true });
    expect(first.status).toBe('rotated');
    expect(['in-progress', 'already-rotated']).toContain(second.status);
    expect(second.problemReopened).toBe(false);
    expect(second.notification.published).toBe(false);
    expect(emulator.calls().some((call) => call.operation === 'UpdateProblemStatus')).toBe(false);
    expect(messageCount(state) - messagesBefore).toBe(1);
  });

  it('twenty simultaneous deliveries of a password event: one reset, one email', async () => {
    // Prepare
    const { emulator } = a.harness;
    const instances: Respond[] = [
      a.respond,
      b,
      ...Array.from({ length: 18 }, () => attachResponder(a.harness, a.clock, { ownKey: true }).respond),
    ];
    const messagesBefore = messageCount(emulator.getState());
    const passwordBefore = emulator.getState().users.find((user) => user.id === sampleIds.alice)?.uiPassword?.passwordSha256;
    const deadline = new Date(a.clock.now().getTime() + 300_000);

    // Act
    const outcomes = await Promise.all(instances.map((respond) => respond(eventText(SAMPLE_EVENTS.password), { deadline })));

    // Assess
    const state = emulator.getState({ includeSecretContent: true });
    const resets = new Set(
      emulator
        .calls()
        .filter((call) => call.operation === 'CreateOrResetUIPassword')
        .map((call) => call.retryToken),
    );
    expect(resets.size).toBe(1);
    expect(state.users.find((user) => user.id === sampleIds.alice)?.uiPassword?.passwordSha256).not.toBe(passwordBefore);
    expect(outcomes.filter((outcome) => outcome.status === 'rotated')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status !== 'rotated' && outcome.status !== 'already-rotated')).toEqual([]);
    expect(messageCount(state) - messagesBefore).toBe(1);
    expect(
      state.secrets
        .find((secret) => secret.id === sampleIds.secretPassword)
        ?.versions.filter((version) => version.name?.startsWith('cgr-')),
    ).toHaveLength(1);
  });

  it('seven simultaneous deliveries of an auth-token event to seven instances: one rotation, one email', async () => {
    // Prepare
    const { emulator } = a.harness;
    const event = eventText(SAMPLE_EVENTS.authToken);
    const instances: Respond[] = [
      a.respond,
      b,
      ...Array.from({ length: 5 }, () => attachResponder(a.harness, a.clock, { ownKey: true }).respond),
    ];
    const messagesBefore = messageCount(emulator.getState());
    // Every instance that sleeps moves the shared simulated clock, so seven of them spend a
    // default 30 s budget seven times as fast; Fn's longest timeout keeps the race about joining.
    const deadline = new Date(a.clock.now().getTime() + 300_000);

    // Act
    const outcomes = await Promise.all(instances.map((respond) => respond(event, { deadline })));

    // Assess
    const state = emulator.getState({ includeSecretContent: true });
    const tokens = credentialsOf(state, 'AUTH_TOKEN');
    const rotated = outcomes.filter((outcome) => outcome.status === 'rotated');
    expect(rotated).toHaveLength(1);
    const others = outcomes.filter((outcome) => outcome.status !== 'rotated').map((outcome) => outcome.status);
    expect(others.filter((status) => status !== 'already-rotated' && status !== 'in-progress')).toEqual([]);
    expect(tokens.map((token) => token.id)).toEqual([rotated[0]?.credential.newId]);
    expect(new Set(outcomes.map((outcome) => outcome.credential.newId))).toEqual(new Set([rotated[0]?.credential.newId]));
    expect(
      state.secrets.find((secret) => secret.id === sampleIds.secretAuth)?.versions.filter((version) => version.name?.startsWith('cgr-')),
    ).toHaveLength(1);
    expect(await invariantViolations('AUTH_TOKEN', state, rotated[0] as (typeof outcomes)[number], emulator.url)).toEqual([]);
    expect(messageCount(state) - messagesBefore).toBe(1);
  });
});
