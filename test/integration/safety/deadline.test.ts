import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAgain } from '../../support/safety-harness.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { SAMPLE_EVENTS, eventText } from '../../support/events.js';
import { startResponderHarness, type ResponderHarness } from '../../support/responder.js';

describe('Deadline: the invocation stops before Fn kills it, and says where', () => {
  let responder: ResponderHarness;

  beforeAll(async () => {
    responder = await startResponderHarness();
    const state = responder.harness.emulator.getState({ includeSecretContent: true });
    // A token that takes longer to turn ACTIVE than the invocation has left.
    state.settings.credentialActivationDelayMs = 60_000;
    // Writes settle at once here, so the deadline meets the rotation in its wait for ACTIVE.
    state.settings.secretUpdatingMs = 0;
    responder.harness.emulator.setState(state);
  });
  afterAll(async () => {
    await responder.close();
  });

  it('answers failed at wait-active with the old token still CURRENT, and a later delivery finishes', async () => {
    // Prepare
    const event = eventText(SAMPLE_EVENTS.authToken);

    // Act
    const cut = await responder.respond(event, { deadline: new Date(responder.clock.now().getTime() + 5_000) });
    const state = responder.harness.emulator.getState();
    responder.clock.advance(60_000);
    await resolveAgain(responder.harness, sampleIds.probAuth, event);
    const later = await responder.respond(event);

    // Assess
    expect(cut.status).toBe('failed');
    expect(cut.step).toBe('wait-active');
    expect(cut.reason).toContain('deadline was reached during step wait-active');
    expect(cut.notification.published).toBe(true);
    const alice = state.users.find((user) => user.id === sampleIds.alice);
    expect(alice?.authTokens.map((token) => token.id)).toContain(sampleIds.authToken);
    const versions = state.secrets.find((secret) => secret.id === sampleIds.secretAuth)?.versions ?? [];
    expect(versions.find((version) => version.stages.includes('CURRENT'))?.versionNumber).toBe(1);
    expect(later.status).toBe('rotated');
    expect(later.credential.newId).toBe(cut.credential.newId);
  });
});
