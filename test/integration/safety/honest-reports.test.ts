import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { FUNCTION_RETRY_POLICY } from '../../../functions/cloudguard-responder/src/index.js';
import { SAMPLE_EVENTS, eventText } from '../../support/events.js';
import { startResponderHarness, type ResponderHarness } from '../../support/responder.js';
import { invariantViolations, resolveAgainWith } from '../../support/safety-harness.js';

/**
 * What the outcome says after a half-promoted customer secret
 * key pair, and after an ONS outage, is what Vault, Identity and ONS hold.
 */
describe('Outcomes that tell the truth', () => {
  let responder: ResponderHarness;

  beforeEach(async () => {
    // Short windows (a secret UPDATING 200 ms): by the promotions both secrets are ACTIVE again,
    // so the customer secret key's UpdateSecret calls are exactly: stage secret key, stage
    // access key id, promote secret key, promote access key id.
    responder = await startResponderHarness();
    const state = responder.harness.emulator.getState({ includeSecretContent: true });
    state.settings.credentialActivationDelayMs = 400;
    state.settings.secretUpdatingMs = 200;
    responder.harness.emulator.setState(state);
  });
  afterEach(async () => {
    await responder.close();
  });

  it('a half-promoted customer secret key pair is reported as the mixed pair it is, and the next delivery completes it', async () => {
    // Prepare: the first three UpdateSecret calls pass (a 1 ms delay uses the fault up), the
    // fourth, the access key id's promotion, fails on every attempt of the retry policy.
    const { emulator } = responder.harness;
    const event = eventText(SAMPLE_EVENTS.secretKey);
    emulator.addFault({ operation: 'UpdateSecret', delayMs: 1, count: 3 });
    emulator.addFault({ operation: 'UpdateSecret', status: 500, code: 'InternalServerError', count: FUNCTION_RETRY_POLICY.maxAttempts });

    // Act
    const first = await responder.respond(event);
    emulator.clearFaults();
    const afterFirst = emulator.getState({ includeSecretContent: true });
    if (first.problemReopened) await resolveAgainWith(responder.harness, sampleIds.probSecret, sampleIds.comments.SECRET_KEY_TOO_OLD);
    const replay = await responder.respond(event);
    const afterReplay = emulator.getState({ includeSecretContent: true });

    // Assess
    expect(first.status).toBe('failed');
    expect(first.step).toBe('promote-secret');
    const newId = first.credential.newId as string;
    const currentName = (secretId: string): string | null | undefined =>
      afterFirst.secrets.find((secret) => secret.id === secretId)?.versions.find((version) => version.stages.includes('CURRENT'))?.name;
    const versionName = first.secrets[0]?.versionName;
    expect(currentName(sampleIds.secretSecretKey)).toBe(versionName);
    expect(currentName(sampleIds.secretAccess)).toBeNull();
    const keys = afterFirst.users.find((user) => user.id === sampleIds.alice)?.customerSecretKeys ?? [];
    expect(keys.map((key) => `${key.id} ${key.lifecycleState}`).sort()).toEqual(
      [`${sampleIds.customerSecretKeyId} ACTIVE`, `${newId} ACTIVE`].sort(),
    );
    expect(first.stillWorking).toBe(
      `Vault's CURRENT pair is mixed (secret-key in ${sampleIds.secretSecretKey} is the new one, access-key-id in ${sampleIds.secretAccess} is the old one); both keys exist and work. ` +
        'Pair the two by version name until the next delivery finishes the promotion.',
    );
    // One action, consistent with Cloud Guard: the problem is OPEN again, so resolving it again is the way to resume.
    expect(first.problemReopened).toBe(true);
    expect(first.nextAction).toBe(
      'Resolve the problem again in Cloud Guard (it is OPEN again, so a replay of this event would be refused): it promotes the remaining version and then removes the old key.',
    );

    expect(replay.status).toBe('rotated');
    expect(replay.credential.newId).toBe(newId);
    expect(await invariantViolations('CUSTOMER_SECRET_KEY', afterReplay, replay, emulator.url)).toEqual([]);
    expect(afterReplay.users.find((user) => user.id === sampleIds.alice)?.customerSecretKeys.map((key) => key.id)).toEqual([newId]);
  });

  it('an ONS outage leaves the rotation rotated, says the email was not published, and logs an error', async () => {
    // Prepare
    const { emulator } = responder.harness;
    emulator.addFault({ operation: 'PublishMessage', status: 503, code: 'ServiceUnavailable' });
    const messagesBefore = emulator.getState().topics.flatMap((topic) => topic.messages).length;

    // Act
    const outcome = await responder.respond(eventText(SAMPLE_EVENTS.authToken));

    // Assess
    expect(outcome.status).toBe('rotated');
    expect(outcome.notification.published).toBe(false);
    expect(outcome.notification.messageId).toBeNull();
    expect(outcome.notification.error).toMatch(new RegExp(`^PublishMessage on ${sampleIds.topic} failed \\(503 ServiceUnavailable\\)`));
    // Retried within the deadline: every attempt of the retry policy reached ONS.
    expect(emulator.calls().filter((call) => call.operation === 'PublishMessage')).toHaveLength(FUNCTION_RETRY_POLICY.maxAttempts);
    expect(emulator.getState().topics.flatMap((topic) => topic.messages)).toHaveLength(messagesBefore);
    const errors = responder.logLines
      .map((line) => JSON.parse(line) as { level: string; msg: string; status?: string })
      .filter((line) => line.level === 'error');
    expect(errors.map((line) => `${line.msg} (${line.status ?? ''})`)).toEqual([
      'notification not published: SecOps was NOT told of this outcome (rotated)',
    ]);
  });
});
