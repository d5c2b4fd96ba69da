import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { FUNCTION_RETRY_POLICY } from '../../../functions/cloudguard-responder/src/index.js';
import { untilCalls } from '../../support/call-log.js';
import { SAMPLE_EVENTS, eventText } from '../../support/events.js';
import { sha256Hex } from '../../support/oci-reads.js';
import { startResponderHarness, type ResponderHarness } from '../../support/responder.js';
import { invariantViolations, realisticState, resolveAgainWith } from '../../support/safety-harness.js';

/**
 * The stage write lands in Vault but its reply is lost, and the
 * version look-up that would show it fails. Whether Vault holds the new token is unknown, so
 * the token must be kept (it IS held, as PENDING), and a replay must finish the rotation.
 */
describe('A lost reply to the stage write, then a failed look-up', () => {
  let responder: ResponderHarness;

  beforeEach(async () => {
    responder = await startResponderHarness();
    responder.harness.emulator.setState(realisticState(responder.harness.emulator.getState({ includeSecretContent: true })).state);
  });
  afterEach(async () => {
    await responder.close();
  });

  it('keeps the new auth token Vault holds as PENDING, says so, and a replay ends rotated', async () => {
    // Prepare: the create is held 500 ms (real time) so the look-up fault can be added after the
    // preflight read of the versions and before the stage write's look-up.
    const { emulator } = responder.harness;
    const event = eventText(SAMPLE_EVENTS.authToken);
    emulator.addFault({ operation: 'CreateAuthToken', delayMs: 500, count: 1 });
    emulator.addFault({ operation: 'UpdateSecret', status: 500, code: 'InternalServerError', phase: 'after', count: 1 });

    // Act
    const running = responder.respond(event);
    await untilCalls(emulator, 'GetSecret', 1);
    // Twice the retry policy's attempts: the look-up after the write and the failure's read-back both fail.
    emulator.addFault({
      operation: 'ListSecretVersions',
      status: 500,
      code: 'InternalServerError',
      count: 2 * FUNCTION_RETRY_POLICY.maxAttempts,
    });
    const first = await running;
    emulator.clearFaults();
    const afterFirst = emulator.getState({ includeSecretContent: true });
    if (first.problemReopened) await resolveAgainWith(responder.harness, sampleIds.probAuth, sampleIds.comments.AUTH_TOKEN_TOO_OLD);
    const replay = await responder.respond(event);
    const afterReplay = emulator.getState({ includeSecretContent: true });

    // Assess
    expect(first.status).toBe('failed');
    expect(first.step).toBe('stage-secret');
    const newId = first.credential.newId as string;
    const aliceAfterFirst = afterFirst.users.find((user) => user.id === sampleIds.alice);
    expect(aliceAfterFirst?.authTokens.map((token) => token.id).sort()).toEqual([sampleIds.authToken, newId].sort());
    const versions = afterFirst.secrets.find((secret) => secret.id === sampleIds.secretAuth)?.versions ?? [];
    const staged = versions.find((version) => version.name?.startsWith('cgr-'));
    expect(staged?.stages).toEqual(['PENDING', 'LATEST']);
    expect(staged?.contentSha256).toBe(aliceAfterFirst?.authTokens.find((token) => token.id === newId)?.tokenSha256);
    expect(versions.find((version) => version.stages.includes('CURRENT'))?.versionNumber).toBe(1);
    expect(first.stillWorking).toBe(
      `The old auth token ${sampleIds.authToken} was working and CURRENT in Vault before this run. The new auth token ${newId} was created; whether Vault stored it could not be confirmed, so it was kept.`,
    );
    expect(await invariantViolations('AUTH_TOKEN', afterFirst, first, emulator.url)).toEqual([]);

    expect(replay.status).toBe('rotated');
    expect(replay.credential.newId).toBe(newId);
    const aliceAfterReplay = afterReplay.users.find((user) => user.id === sampleIds.alice);
    expect(aliceAfterReplay?.authTokens.map((token) => token.id)).toEqual([newId]);
    const current = afterReplay.secrets
      .find((secret) => secret.id === sampleIds.secretAuth)
      ?.versions.find((version) => version.stages.includes('CURRENT'));
    expect(current?.versionNumber).toBe(staged?.versionNumber);
    expect(current?.contentSha256).toBe(sha256Hex(Buffer.from(current?.content ?? '', 'base64')));
    expect(await invariantViolations('AUTH_TOKEN', afterReplay, replay, emulator.url)).toEqual([]);
  });
});
