import { afterEach, describe, expect, it } from 'vitest';
import { SCHEDULED, startScheduledHarness, type ScheduledHarness } from '../../support/scheduled.js';

let h: ScheduledHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Line separators and bidi controls, as an attacker would put them in a user's name to spoof what is read. */
const SPOOFING = /[\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe("Vault's rotation answers carry printable text only", () => {
  it('a user name with a right-to-left override and a line separator reaches neither returnMessage nor the outcome raw', async () => {
    // Prepare: carol's name, which the answer to VERIFY_CONNECTION quotes, carries the spoofing characters.
    h = await startScheduledHarness();
    const state = h.harness.emulator.getState({ includeSecretContent: true });
    const carol = state.users.find((user) => user.id === SCHEDULED.apiKey.userId);
    if (!carol) throw new Error('the sample tenancy has no carol');
    carol.name = 'carol\u2028Outcome: ROTATED \u202Emoc.elpmaxe';
    h.harness.emulator.setState(state);

    // Act
    const answer = await h.step({ step: 'VERIFY_CONNECTION', secretId: SCHEDULED.apiKey.secretId });

    // Assess
    expect(answer.responseCode).toBe(200);
    expect(answer.returnMessage).toContain('carol Outcome: ROTATED <U+202E>moc.elpmaxe');
    expect(answer.returnMessage).not.toMatch(SPOOFING);
    expect(JSON.stringify(answer.outcome)).not.toMatch(SPOOFING);
  });
});
