import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { messageCount } from '../../support/call-log.js';
import { SAMPLE_EVENTS, eventText } from '../../support/events.js';
import { startResponderHarness, type ResponderHarness } from '../../support/responder.js';
import { realisticState } from '../../support/safety-harness.js';

/**
 * Someone removed the stale credential by hand before SecOps resolved the problem. That is not a
 * failure: the credential Cloud Guard complained about is gone, so the problem stays RESOLVED and
 * SecOps is told, once, that nothing needed changing.
 */
describe('A credential already gone before the resolve', () => {
  let responder: ResponderHarness;

  beforeEach(async () => {
    responder = await startResponderHarness();
  });
  afterEach(async () => {
    await responder.close();
  });

  const removeFromAlice = (change: (alice: { authTokens: unknown[]; apiKeys: unknown[] }) => void): void => {
    const state = responder.harness.emulator.getState({ includeSecretContent: true });
    const alice = state.users.find((user) => user.id === sampleIds.alice);
    if (!alice) throw new Error('sample tenancy changed');
    change(alice);
    responder.harness.emulator.setState(state);
  };

  it('an auth token: nothing-to-rotate, the problem stays RESOLVED, one email saying it no longer exists', async () => {
    // Prepare
    removeFromAlice((alice) => {
      alice.authTokens = [];
    });
    const before = responder.harness.emulator.getState({ includeSecretContent: true });

    // Act
    const outcome = await responder.respond(eventText(SAMPLE_EVENTS.authToken));

    // Assess
    const after = responder.harness.emulator.getState({ includeSecretContent: true });
    expect(outcome.status).toBe('nothing-to-rotate');
    expect(outcome.reason).toMatch(
      new RegExp(`^Auth token ${sampleIds.authToken} no longer exists on user ${sampleIds.alice} .*Nothing was changed\\.$`),
    );
    expect(outcome.problemReopened).toBe(false);
    expect(responder.harness.emulator.calls().filter((call) => call.operation === 'UpdateProblemStatus')).toEqual([]);
    expect(after.problems.find((problem) => problem.id === sampleIds.probAuth)?.lifecycleDetail).toBe('RESOLVED');
    expect(after.secrets).toEqual(before.secrets);
    expect(messageCount(after) - messageCount(before)).toBe(1);
    const email = after.topics.flatMap((topic) => topic.messages).at(-1);
    expect(email?.title).toBe('Nothing to rotate: auth token of alice@example.com no longer exists (nothing changed)');
    expect(email?.body).toContain('Outcome: NOTHING-TO-ROTATE');
    expect(email?.body).not.toContain('OPEN');
    expect(outcome.nextAction).toBe('None: the stale credential is already gone, so Cloud Guard has nothing left to find.');
  });

  it('an API key: nothing-to-rotate and no Cloud Guard write', async () => {
    // Prepare
    const { state, apiKeyEvent } = realisticState(responder.harness.emulator.getState({ includeSecretContent: true }));
    const alice = state.users.find((user) => user.id === sampleIds.alice);
    if (!alice) throw new Error('sample tenancy changed');
    alice.apiKeys = [];
    responder.harness.emulator.setState(state);

    // Act
    const outcome = await responder.respond(apiKeyEvent);

    // Assess
    expect(outcome.status).toBe('nothing-to-rotate');
    expect(outcome.problemReopened).toBe(false);
    expect(responder.harness.emulator.calls().filter((call) => call.method !== 'GET' && call.operation !== 'PublishMessage')).toEqual([]);
    expect(outcome.notification.published).toBe(true);
  });
});
