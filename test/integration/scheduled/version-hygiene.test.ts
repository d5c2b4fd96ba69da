import { afterEach, describe, expect, it } from 'vitest';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { eventText, SAMPLE_EVENTS } from '../../support/events.js';
import { startResponderHarness } from '../../support/responder.js';
import { currentOf, SCHEDULED, secretOf, startScheduledHarness, type ScheduledHarness } from '../../support/scheduled.js';

let h: ScheduledHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

describe('Version hygiene after a successful rotation', () => {
  it('keeps CURRENT and N previous versions, and schedules deletion only of older DEPRECATED versions this tool wrote', async () => {
    // Prepare
    h = await startScheduledHarness({ settings: { keepPreviousVersions: 1 } });
    const { secretId } = SCHEDULED.authToken;

    // Act
    await h.rotate(secretId);
    await h.rotate(secretId);
    const { outcome } = await h.rotate(secretId);

    // Assess
    const versions = secretOf(h, secretId).versions;
    const pendingDeletion = versions.filter((version) => version.timeOfDeletion !== null).map((version) => version.versionNumber);
    expect(currentOf(secretOf(h, secretId))?.versionNumber).toBe(4);
    // v3 is the one previous version kept; v2 (cgr-, DEPRECATED) goes; v1 was written by someone else and stays.
    expect(pendingDeletion).toEqual([2]);
    expect(versions.find((version) => version.versionNumber === 1)?.timeOfDeletion).toBeNull();
    expect(outcome.hygiene).toEqual({
      keptPrevious: 1,
      scheduledForDeletion: [{ secretId, versionNumber: 2, versionName: expect.stringMatching(/^cgr-/) }],
      problems: [],
    });
    expect(outcome.actions.some((action) => action.operation === 'ScheduleSecretVersionDeletion' && action.result === 'ok')).toBe(true);
  });

  it('with the default (3 previous), three rotations delete nothing', async () => {
    // Prepare
    h = await startScheduledHarness();
    const { secretId } = SCHEDULED.authToken;

    // Act
    await h.rotate(secretId);
    await h.rotate(secretId);
    const { outcome } = await h.rotate(secretId);

    // Assess
    expect(secretOf(h, secretId).versions.every((version) => version.timeOfDeletion === null)).toBe(true);
    expect(outcome.hygiene).toMatchObject({ keptPrevious: 3, scheduledForDeletion: [], problems: [] });
  });

  it('a clean-up that fails is reported in the outcome and the email, and the rotation still counts as done', async () => {
    // Prepare
    h = await startScheduledHarness({ settings: { keepPreviousVersions: 0 } });
    const { secretId } = SCHEDULED.authToken;
    await h.rotate(secretId);
    await h.rotate(secretId);
    h.harness.emulator.addFault({ operation: 'ScheduleSecretVersionDeletion', status: 500, code: 'InternalServerError', count: 5 });

    // Act
    const { record, outcome } = await h.rotate(secretId);

    // Assess
    expect(record.status).toBe('SUCCEEDED');
    expect(outcome.status).toBe('rotated');
    expect(outcome.hygiene?.scheduledForDeletion).toEqual([]);
    expect(outcome.hygiene?.problems).toEqual([expect.stringContaining(`version 2 of ${secretId} could not be scheduled for deletion`)]);
    const messages = h.harness.emulator.getState().topics[0]?.messages ?? [];
    expect(messages.at(-1)?.body).toContain('NOT cleaned up: version 2');
    expect(secretOf(h, secretId).versions.every((version) => version.timeOfDeletion === null)).toBe(true);
  });

  it('the 30-version cap is checked before writing: a full secret is refused naming the clean-up, nothing is created', async () => {
    // Prepare
    h = await startScheduledHarness();
    const { secretId, userId } = SCHEDULED.authToken;
    const state = h.harness.emulator.getState({ includeSecretContent: true });
    const secret = state.secrets.find((candidate) => candidate.id === secretId);
    const seed = secret?.versions[0];
    if (!secret || !seed) throw new Error('sample secret missing');
    secret.versions = [
      ...Array.from({ length: 29 }, (_, index) => ({
        ...seed,
        versionNumber: index + 1,
        name: `hand-${index + 1}`,
        stages: ['DEPRECATED' as const],
      })),
      { ...seed, versionNumber: 30, name: null, stages: ['CURRENT' as const, 'LATEST' as const] },
    ];
    h.harness.emulator.setState(state);

    // Act
    const { record } = await h.rotate(secretId);

    // Assess
    const create = record.steps.find((step) => step.step === 'CREATE_PENDING_VERSION');
    expect(create?.responseCode).toBe(400);
    expect(create?.returnMessage).toContain("Vault's limit of 30");
    expect(create?.returnMessage).toContain('schedule deletion of old DEPRECATED versions');
    expect(record.status).toBe('FAILED');
    const tokens = h.harness.emulator.getState().users.find((user) => user.id === userId)?.authTokens ?? [];
    expect(tokens).toHaveLength(1);
    expect(secretOf(h, secretId).versions).toHaveLength(30);
  });

  it('runs after a Cloud Guard rotation too: only the DEPRECATED cgr- version beyond the kept ones is scheduled', async () => {
    // Prepare
    const responder = await startResponderHarness({ settings: { keepPreviousVersions: 0 } });
    try {
      const state = responder.harness.emulator.getState({ includeSecretContent: true });
      const secret = state.secrets.find((candidate) => candidate.id === sampleIds.secretAuth);
      const seed = secret?.versions[0];
      if (!secret || !seed) throw new Error('sample secret missing');
      secret.versions = [
        { ...seed, versionNumber: 1, name: 'cgr-0123456789-0123456789ab', stages: ['DEPRECATED'] },
        { ...seed, versionNumber: 2, name: 'written-by-hand', stages: ['DEPRECATED'] },
        { ...seed, versionNumber: 3, name: null, stages: ['CURRENT', 'LATEST'] },
      ];
      responder.harness.emulator.setState(state);

      // Act
      const outcome = await responder.respond(eventText(SAMPLE_EVENTS.authToken));

      // Assess
      expect(outcome.status).toBe('rotated');
      expect(outcome.trigger).toEqual({ kind: 'cloud-guard' });
      expect(outcome.hygiene?.scheduledForDeletion.map((version) => version.versionNumber)).toEqual([1]);
      const after = responder.harness.emulator.getState().secrets.find((candidate) => candidate.id === sampleIds.secretAuth);
      expect(after?.versions.filter((version) => version.timeOfDeletion !== null).map((version) => version.versionNumber)).toEqual([1]);
      expect(responder.harness.emulator.getState().topics[0]?.messages.at(-1)?.body).toContain('Trigger: Cloud Guard');
    } finally {
      await responder.close();
    }
  });
});
