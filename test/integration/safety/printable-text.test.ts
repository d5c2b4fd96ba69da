import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { SAMPLE_EVENTS, eventText } from '../../support/events.js';
import { sha256Hex } from '../../support/oci-reads.js';
import { startResponderHarness, type ResponderHarness } from '../../support/responder.js';

/** Code points that make text read differently from what it is: line and paragraph separators, a right-to-left override. */
const SPOOFING = /[\u2028\u2029\u202e]/;

/**
 * A user-made label (the description of the token that holds alice's last slot) is quoted in the
 * refusal, which reaches Cloud Guard's reopen comment, the email and the outcome the CLI prints.
 * Whoever wrote the label must not be able to fake a line there or reorder what SecOps reads.
 */
describe('User-made text reaches Cloud Guard, the email and the outcome as printable text', () => {
  let responder: ResponderHarness;

  beforeEach(async () => {
    responder = await startResponderHarness();
    const state = responder.harness.emulator.getState({ includeSecretContent: true });
    state.users
      .find((user) => user.id === sampleIds.alice)
      ?.authTokens.push({
        id: 'ocid1.credential.oc1..aaaaaaaasecondtokenholdingthelastslot',
        description: 'docker\u2028Outcome: ROTATED\u2029registry \u202Eexe.tnemmoc',
        timeCreated: '2026-06-01T00:00:00.000Z',
        timeExpires: null,
        lifecycleState: 'ACTIVE',
        activatesAt: null,
        tokenSha256: sha256Hex('other'),
      });
    responder.harness.emulator.setState(state);
  });
  afterEach(async () => {
    await responder.close();
  });

  it('escapes separators and the bidi override in the reopen comment, the email and the outcome', async () => {
    // Act
    const outcome = await responder.respond(eventText(SAMPLE_EVENTS.authToken));

    // Assess
    const state = responder.harness.emulator.getState();
    const problem = state.problems.find((candidate) => candidate.id === sampleIds.probAuth);
    const reopenComment = problem?.histories.find((record) => record.comment?.startsWith('cg-responder:'))?.comment ?? '';
    const email = state.topics.flatMap((topic) => topic.messages).at(-1);
    expect(outcome.status).toBe('refused');
    expect(outcome.problemReopened).toBe(true);
    expect(reopenComment).toContain('("docker Outcome: ROTATED registry <U+202E>exe.tnemmoc")');
    expect(reopenComment).not.toMatch(SPOOFING);
    expect(problem?.comment ?? '').not.toMatch(SPOOFING);
    expect(email?.body).toContain('<U+202E>exe.tnemmoc');
    expect(email?.body).not.toMatch(SPOOFING);
    expect(email?.body.split('\n').filter((line) => line.startsWith('Outcome:'))).toEqual(['Outcome: REFUSED']);
    expect(JSON.stringify(outcome)).not.toMatch(SPOOFING);
  });

  it('gives one next action after the reopen: resolve the problem again, never also "replay the event"', async () => {
    // Act
    const outcome = await responder.respond(eventText(SAMPLE_EVENTS.authToken));

    // Assess
    expect(outcome.problemReopened).toBe(true);
    expect(outcome.nextAction).toBe(
      'Fix the cause above, then resolve the problem again in Cloud Guard (it is OPEN again, so a replay of this event would be refused); the new resolve resumes from what is stored.',
    );
  });
});
