import { afterEach, describe, expect, it } from 'vitest';
import type { Outcome } from '../../../functions/cloudguard-responder/src/index.js';
import { eventText, SAMPLE_EVENTS } from '../../support/events.js';
import { asCarols, SCHEDULED, startScheduledHarness, userOf, withCarolsProblem, type ScheduledHarness } from '../../support/scheduled.js';

let h: ScheduledHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('Scheduled rotation and Cloud Guard: one rotation per credential at a time', () => {
  it('a Cloud Guard event during a scheduled rotation changes nothing (in-progress); after it, it answers already-rotated naming the scheduled rotation', async () => {
    // Prepare
    const event = asCarols('apiKey', eventText(SAMPLE_EVENTS.apiKey));
    let during: Outcome | null = null;
    h = await startScheduledHarness({
      beforeStep: async (call) => {
        if (call.body.step === 'UPDATE_TARGET_SYSTEM' && !during && h) during = await h.respond(event);
      },
    });
    withCarolsProblem(h, 'apiKey');
    const { secretId, userId, oldId } = SCHEDULED.apiKey;

    // Act
    const scheduled = await h.rotate(secretId);
    const after = await h.respond(event);

    // Assess
    expect(during).toMatchObject({ status: 'in-progress', trigger: { kind: 'cloud-guard' } });
    expect((during as Outcome | null)?.reason).toContain(`Vault's scheduled rotation of secret ${secretId}`);
    expect(scheduled.outcome.status).toBe('rotated');
    expect(after.status).toBe('already-rotated');
    expect(after.reason).toContain(`${oldId} was already replaced by Vault's scheduled rotation cgr-`);
    expect(after.credential.newId).toBe(scheduled.outcome.credential.newId);
    expect(userOf(h, userId).apiKeys.map((key) => key.fingerprint)).toEqual([scheduled.outcome.credential.newId]);
    const titles = (h.harness.emulator.getState().topics[0]?.messages ?? []).map((message) => message.title);
    expect(titles).toHaveLength(1);
  });

  it('a scheduled rotation that finds a Cloud Guard rotation staged in the secret leaves it alone: CREATE fails for a later retry, nothing is written', async () => {
    // Prepare
    h = await startScheduledHarness();
    withCarolsProblem(h, 'apiKey');
    const { secretId, userId, oldId } = SCHEDULED.apiKey;
    h.harness.emulator.addFault({ operation: 'UploadApiKey', status: 500, code: 'InternalServerError', count: 5 });
    const cloudGuard = await h.respond(asCarols('apiKey', eventText(SAMPLE_EVENTS.apiKey)));
    const mark = h.harness.emulator.calls().length;

    // Act
    const { record } = await h.rotate(secretId);

    // Assess
    expect(cloudGuard).toMatchObject({ status: 'failed', step: 'upload-key' });
    expect(record.status).toBe('FAILED');
    expect(record.steps.map((step) => `${step.step}:${step.responseCode}`)).toEqual([
      'VERIFY_CONNECTION:200',
      'CREATE_PENDING_VERSION:500',
      'CREATE_PENDING_VERSION:500',
      'CREATE_PENDING_VERSION:500',
    ]);
    expect(record.steps[1]?.returnMessage).toContain('from a Cloud Guard event');
    const writes = h.harness.emulator
      .calls()
      .slice(mark)
      .filter((call) => ['UpdateSecret', 'UploadApiKey', 'DeleteApiKey'].includes(call.operation));
    expect(writes).toEqual([]);
    expect(userOf(h, userId).apiKeys.map((key) => key.fingerprint)).toEqual([oldId]);
  });
});
