import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveAgain } from '../../support/safety-harness.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { SAMPLE_EVENTS, eventObject, eventText } from '../../support/events.js';
import { fingerprintOfPrivateKey, secretText } from '../../support/oci-reads.js';
import { startResponderHarness, type ResponderHarness } from '../../support/responder.js';

describe('Responder: events are checked against Cloud Guard before anything is touched', () => {
  let responder: ResponderHarness;

  beforeEach(async () => {
    responder = await startResponderHarness();
  });
  afterEach(async () => {
    await responder.close();
  });

  it('refuses an event for a problem Cloud Guard says is still OPEN, reading nothing from Identity or Vault', async () => {
    // Prepare
    const state = responder.harness.emulator.getState({ includeSecretContent: true });
    const problem = state.problems.find((candidate) => candidate.id === sampleIds.probApi);
    if (problem) problem.lifecycleDetail = 'OPEN';
    responder.harness.emulator.setState(state);
    responder.harness.emulator.clearCalls();

    // Act
    const outcome = await responder.respond(eventText(SAMPLE_EVENTS.apiKey));

    // Assess
    expect(outcome.status).toBe('refused');
    expect(outcome.reason).toContain('is OPEN, not RESOLVED');
    const operations = responder.harness.emulator.calls().map((call) => call.operation);
    expect(operations).toEqual(['GetProblem', 'PublishMessage']);
  });

  it('refuses an event whose comment names another secret than the closure comment Cloud Guard recorded', async () => {
    // Prepare
    const forged = eventObject(SAMPLE_EVENTS.apiKey) as { data: { additionalDetails: { problemAdditionalDetails: { comments: string } } } };
    forged.data.additionalDetails.problemAdditionalDetails.comments = `api_secret_ocid:${sampleIds.secretAuth}`;
    const before = responder.harness.emulator.getState();

    // Act
    const outcome = await responder.respond(JSON.stringify(forged));

    // Assess
    expect(outcome.status).toBe('refused');
    expect(outcome.reason).toContain('names other secrets than the event');
    const after = responder.harness.emulator.getState();
    expect(after.users).toEqual(before.users);
    expect(after.secrets).toEqual(before.secrets);
  });
});

describe('Responder: a failed step leaves the old key working and a replay resumes', () => {
  let responder: ResponderHarness;

  beforeEach(async () => {
    responder = await startResponderHarness();
  });
  afterEach(async () => {
    await responder.close();
  });

  it('fails at upload-key with the old key intact, then a replay finishes with the key it staged', async () => {
    // Prepare
    responder.harness.emulator.addFault({ operation: 'UploadApiKey', status: 500, code: 'InternalServerError' });
    const event = eventText(SAMPLE_EVENTS.apiKey);

    // Act
    const failed = await responder.respond(event);
    responder.harness.emulator.clearFaults();
    // The failure set the problem OPEN again; SecOps resolves it again, which resumes the rotation.
    await resolveAgain(responder.harness, sampleIds.probApi, event);
    const resumed = await responder.respond(event);

    // Assess
    expect(failed.status).toBe('failed');
    expect(failed.problemReopened).toBe(true);
    expect(failed.step).toBe('upload-key');
    expect(failed.stillWorking).toContain(`old key ${sampleIds.apiFingerprint} still works and is CURRENT`);
    expect(failed.secrets).toEqual([expect.objectContaining({ stage: 'PENDING', versionNumber: 2 })]);
    expect(resumed.status).toBe('rotated');
    expect(resumed.credential.newId).toBe(failed.credential.newId);
    const current = await secretText(responder.harness, sampleIds.secretApi);
    expect(current.versionNumber).toBe(2);
    expect(fingerprintOfPrivateKey(current.text)).toBe(resumed.credential.newId);
  });
});
