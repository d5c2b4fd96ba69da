import { afterEach, describe, expect, it } from 'vitest';
import { eventText, SAMPLE_EVENTS } from '../../support/events.js';
import {
  asCarols,
  beginVaultRotation,
  currentOf,
  SCHEDULED,
  secretOf,
  startScheduledHarness,
  userOf,
  withCarolsProblem,
  writesSince,
  type ScheduledHarness,
} from '../../support/scheduled.js';

let h: ScheduledHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const DAY_MS = 24 * 60 * 60 * 1000;

function titles(harness: ScheduledHarness): string[] {
  return (harness.harness.emulator.getState().topics[0]?.messages ?? []).map((message) => message.title ?? '');
}

describe('A version that a newer rotation replaced is history: never resumed, promoted or uploaded again', () => {
  it("after two scheduled rotations of an API key, the first rotation's steps replayed are refused (400) and write nothing, in or out of a running rotation", async () => {
    // Prepare
    h = await startScheduledHarness();
    const { secretId, userId } = SCHEDULED.apiKey;
    await h.rotate(secretId);
    const second = await h.rotate(secretId);
    const keysBefore = userOf(h, userId).apiKeys.map((key) => key.fingerprint);
    const replay = [
      { step: 'UPDATE_TARGET_SYSTEM', secretId, versionNo: 1 },
      { step: 'PROMOTE_PENDING_VERSION', secretId, versionNo: 2 },
    ];
    const mark = h.harness.emulator.calls().length;

    // Act
    const outside = [];
    for (const body of replay) outside.push(await h.step(body));
    beginVaultRotation(h, secretId);
    const during = [];
    for (const body of replay) during.push(await h.step(body));

    // Assess
    expect([...outside, ...during].map((answer) => answer.responseCode)).toEqual([400, 400, 400, 400]);
    expect(during[0]?.returnMessage).toContain('Version 1 of');
    expect(during[0]?.returnMessage).toContain('is history and is never resumed');
    expect(during[1]?.returnMessage).toContain('Version 2 of');
    expect(during[1]?.returnMessage).toContain('never promoted again');
    expect(writesSince(h, mark)).toEqual([]);
    expect(userOf(h, userId).apiKeys.map((key) => key.fingerprint)).toEqual(keysBefore);
    expect(keysBefore).toEqual([second.outcome.credential.newId]);
    expect(currentOf(secretOf(h, secretId))?.versionNumber).toBe(3);
  });

  it('a Cloud Guard API-key event re-delivered after a later scheduled rotation answers already-rotated naming that rotation, and uploads nothing', async () => {
    // Prepare
    h = await startScheduledHarness();
    withCarolsProblem(h, 'apiKey');
    const event = asCarols('apiKey', eventText(SAMPLE_EVENTS.apiKey));
    const { secretId, userId, oldId } = SCHEDULED.apiKey;
    const cloudGuard = await h.respond(event);
    // The schedule comes round a day later: long after the Cloud Guard rotation, so it rotates again.
    h.clock.advance(DAY_MS);
    const scheduled = await h.rotate(secretId);
    const mark = h.harness.emulator.calls().length;

    // Act
    const redelivered = await h.respond(event);

    // Assess
    expect(cloudGuard.status).toBe('rotated');
    expect(scheduled.outcome).toMatchObject({ status: 'rotated', credential: { oldId: cloudGuard.credential.newId } });
    expect(redelivered.status).toBe('already-rotated');
    expect(redelivered.reason).toContain(
      `${oldId} was already replaced by Vault's scheduled rotation ${currentOf(secretOf(h, secretId))?.name ?? '?'}`,
    );
    expect(writesSince(h, mark)).toEqual([]);
    expect(userOf(h, userId).apiKeys.map((key) => key.fingerprint)).toEqual([scheduled.outcome.credential.newId]);
    expect(currentOf(secretOf(h, secretId))?.versionNumber).toBe(3);
  });

  for (const kind of ['authToken', 'secretKey'] as const) {
    it(`a Cloud Guard ${kind === 'authToken' ? 'auth token' : 'customer secret key'} event re-delivered after a later scheduled rotation answers already-rotated naming it: not "removed by hand", no reopen, no second email`, async () => {
      // Prepare
      h = await startScheduledHarness();
      withCarolsProblem(h, kind);
      const event = asCarols(kind, eventText(kind === 'authToken' ? SAMPLE_EVENTS.authToken : SAMPLE_EVENTS.secretKey));
      const secretId = kind === 'authToken' ? SCHEDULED.authToken.secretId : SCHEDULED.customerSecretKey.secretId;
      const cloudGuard = await h.respond(event);
      h.clock.advance(DAY_MS);
      const scheduled = await h.rotate(secretId);
      const emailsBefore = titles(h).length;
      const mark = h.harness.emulator.calls().length;

      // Act
      const redelivered = await h.respond(event);

      // Assess
      expect(cloudGuard.status).toBe('rotated');
      expect(scheduled.outcome.status).toBe('rotated');
      expect(redelivered.status).toBe('already-rotated');
      expect(redelivered.reason).toContain(
        `was already replaced by Vault's scheduled rotation ${currentOf(secretOf(h, secretId))?.name ?? '?'}`,
      );
      expect(redelivered.reason).not.toContain('removed by hand');
      expect(redelivered.problemReopened).toBe(false);
      expect(writesSince(h, mark)).toEqual([]);
      expect(titles(h)).toHaveLength(emailsBefore);
    });
  }

  it('VERIFY_CONNECTION after the rotation completed answers 200 with the version that works (the new CURRENT one)', async () => {
    // Prepare
    h = await startScheduledHarness();
    const { secretId } = SCHEDULED.authToken;
    await h.rotate(secretId);

    // Act
    const answer = await h.step({ step: 'VERIFY_CONNECTION', secretId });

    // Assess
    expect(answer).toMatchObject({ responseCode: 200, versionNo: 2 });
    expect(answer.returnMessage).toContain('the CURRENT version 2 holds auth token');
  });
});
