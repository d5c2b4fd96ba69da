import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VirtualClock } from '../../../emulator/index.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { messageCount } from '../../support/call-log.js';
import { SAMPLE_EVENTS, eventText } from '../../support/events.js';
import { attachResponder, startResponderHarness, type ResponderHarness } from '../../support/responder.js';

/**
 * The deadline is a deadline. A hung call (the emulator's `delayMs`,
 * real time) is answered on real time while the invocation's deadline is on the shared
 * simulated clock, so while a call hangs the test moves that clock along with the wall clock,
 * as time passes in OCI; back-offs and waits still cost no real time.
 */
function followWallClock(clock: VirtualClock): () => void {
  let last = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    clock.advance(now - last);
    last = now;
  }, 20);
  return () => clearInterval(timer);
}

/** Operations that change something in OCI; ONS and Cloud Guard's status are the report, not the rotation. */
function rotationWrites(responder: ResponderHarness): string[] {
  return responder.harness.emulator
    .calls()
    .filter((call) => call.method !== 'GET' && call.operation !== 'PublishMessage' && call.operation !== 'UpdateProblemStatus')
    .map((call) => call.operation);
}

describe('Deadlines', () => {
  let responder: ResponderHarness;
  let stopFollowing: () => void = () => undefined;

  beforeEach(async () => {
    responder = await startResponderHarness();
  });
  afterEach(async () => {
    stopFollowing();
    responder.harness.emulator.clearFaults();
    await responder.close();
  });

  it('a GetProblem hanging 40 s under a deadline 2 s away: failed within ~3 s, nothing created, the email still goes out', async () => {
    // Prepare
    const event = eventText(SAMPLE_EVENTS.authToken);
    responder.harness.emulator.addFault({ operation: 'GetProblem', delayMs: 40_000 });
    const messagesBefore = messageCount(responder.harness.emulator.getState());
    const deadline = new Date(responder.clock.now().getTime() + 2_000);
    stopFollowing = followWallClock(responder.clock);
    const started = Date.now();

    // Act
    const outcome = await responder.respond(event, { deadline, marginMs: 0 });
    const elapsedMs = Date.now() - started;

    // Assess
    expect(elapsedMs).toBeLessThan(3_500);
    expect(outcome.status).toBe('failed');
    expect(outcome.step).toBe('verify-problem');
    expect(outcome.reason).toMatch(
      new RegExp(
        `^Step verify-problem failed: GetProblem on ${sampleIds.probAuth} failed \\(no response\\): no answer within (19\\d\\d|2000) ms$`,
      ),
    );
    expect(outcome.stillWorking).toBe('Nothing was changed: the current credential still works and Vault is untouched.');
    expect(outcome.credential.newId).toBeNull();
    expect(rotationWrites(responder)).toEqual([]);
    const alice = responder.harness.emulator.getState().users.find((user) => user.id === sampleIds.alice);
    expect(alice?.authTokens.map((token) => token.id)).toEqual([sampleIds.authToken]);
    expect(outcome.notification.published).toBe(true);
    expect(messageCount(responder.harness.emulator.getState()) - messagesBefore).toBe(1);
  });

  it('a hung PublishMessage is bounded too: the rotation stands and the outcome says the email was not published', async () => {
    // Prepare
    const event = eventText(SAMPLE_EVENTS.authToken);
    // Short OCI windows, so the rotation itself ends well inside the 4 s of work the deadline leaves.
    const state = responder.harness.emulator.getState({ includeSecretContent: true });
    state.settings.credentialActivationDelayMs = 400;
    state.settings.secretUpdatingMs = 200;
    responder.harness.emulator.setState(state);
    const shortCalls = attachResponder(responder.harness, responder.clock, { ownKey: true, callTimeoutMs: 1_000 });
    responder.harness.emulator.addFault({ operation: 'PublishMessage', delayMs: 40_000 });
    const deadline = new Date(responder.clock.now().getTime() + 8_000);
    stopFollowing = followWallClock(responder.clock);
    const started = Date.now();

    // Act
    const outcome = await shortCalls.respond(event, { deadline, marginMs: 4_000 });
    const elapsedMs = Date.now() - started;

    // Assess
    // The report's budget ends at the deadline, 8 s away.
    expect(elapsedMs).toBeLessThan(9_000);
    expect(outcome.status).toBe('rotated');
    expect(outcome.notification.published).toBe(false);
    expect(outcome.notification.error).toMatch(
      new RegExp(`^PublishMessage on ${sampleIds.topic} failed \\(no response\\): no answer within \\d+ ms$`),
    );
    expect(
      shortCalls.logLines.some((line) => (JSON.parse(line) as { level: string }).level === 'error' && line.includes('PublishMessage')),
    ).toBe(true);
    const alice = responder.harness.emulator.getState().users.find((user) => user.id === sampleIds.alice);
    expect(alice?.authTokens.map((token) => token.id)).toEqual([outcome.credential.newId]);
  });

  it('an Fn-Deadline already past: nothing is created, and SecOps still hears of it', async () => {
    // Prepare
    const event = eventText(SAMPLE_EVENTS.authToken);
    const messagesBefore = messageCount(responder.harness.emulator.getState());
    const deadline = new Date(responder.clock.now().getTime() - 1_000);

    // Act
    const outcome = await responder.respond(event, { deadline, marginMs: 3_000 });

    // Assess
    expect(outcome.status).toBe('failed');
    expect(outcome.step).toBe('verify-problem');
    expect(rotationWrites(responder)).toEqual([]);
    expect(outcome.notification.published).toBe(true);
    expect(messageCount(responder.harness.emulator.getState()) - messagesBefore).toBe(1);
    expect(responder.logLines.some((line) => line.includes('the deadline had already passed when the event arrived'))).toBe(true);
  });

  for (const [name, deadline, note] of [
    [
      'an unreadable Fn-Deadline (Invalid Date)',
      (): Date => new Date('not a date'),
      'the deadline could not be read; using the default budget of 30 s',
    ],
    [
      'a far-future Fn-Deadline (ten days away)',
      (nowMs: number): Date => new Date(nowMs + 10 * 24 * 3600 * 1000),
      'the deadline is further away than Fn allows; capped at 300 s',
    ],
  ] as const) {
    it(`${name} gets a defined budget and still rotates and reports`, async () => {
      // Prepare
      const event = eventText(SAMPLE_EVENTS.authToken);
      const at = deadline(responder.clock.now().getTime());

      // Act
      const outcome = await responder.respond(event, { deadline: at, marginMs: 3_000 });

      // Assess
      expect(outcome.status).toBe('rotated');
      expect(outcome.notification.published).toBe(true);
      expect(responder.logLines.some((line) => line.includes(note))).toBe(true);
    });
  }
});
