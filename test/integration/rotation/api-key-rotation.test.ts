import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { SAMPLE_EVENTS, eventText } from '../../support/events.js';
import { fingerprintOfPrivateKey, secretText } from '../../support/oci-reads.js';
import { startResponderHarness, type ResponderHarness } from '../../support/responder.js';

describe('Rotation: API key, through the real OCI SDK against the emulator', () => {
  let responder: ResponderHarness;

  beforeEach(async () => {
    responder = await startResponderHarness();
  });
  afterEach(async () => {
    await responder.close();
  });

  it('uploads a new key, stores its private half as the Vault CURRENT version and deletes the old key', async () => {
    // Prepare
    const event = eventText(SAMPLE_EVENTS.apiKey);

    // Act
    const outcome = await responder.respond(event);

    // Assess
    expect(outcome.status).toBe('rotated');
    expect(outcome.credential.oldId).toBe(sampleIds.apiFingerprint);
    const newFingerprint = outcome.credential.newId;
    expect(newFingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const alice = responder.harness.emulator.getState().users.find((user) => user.id === sampleIds.alice);
    expect(alice?.apiKeys.map((key) => [key.fingerprint, key.lifecycleState])).toEqual([[newFingerprint, 'ACTIVE']]);
    const current = await secretText(responder.harness, sampleIds.secretApi);
    expect(current.text).toContain('-----BEGIN PRIVATE KEY-----');
    expect(fingerprintOfPrivateKey(current.text)).toBe(newFingerprint);
    expect(outcome.secrets).toEqual([
      expect.objectContaining({
        secretId: sampleIds.secretApi,
        role: 'private-key',
        versionNumber: current.versionNumber,
        stage: 'CURRENT',
      }),
    ]);
    expect(outcome.verified.join('\n')).toContain('signed a read-only request');
  });

  it('publishes one email whose subject names the rotation and whose body holds no key material', async () => {
    // Prepare
    const event = eventText(SAMPLE_EVENTS.apiKey);

    // Act
    const outcome = await responder.respond(event);

    // Assess
    const topic = responder.harness.emulator.getState().topics.find((candidate) => candidate.id === responder.topicId);
    expect(topic?.messages).toHaveLength(1);
    const message = topic?.messages[0];
    expect(message?.title).toBe(outcome.notification.title);
    expect(message?.title).toMatch(/^Rotated API key of alice@example\.com · secret v2$/);
    expect(message?.body).toContain(outcome.credential.newId ?? 'missing');
    const current = await secretText(responder.harness, sampleIds.secretApi);
    const keyBody = current.text.split('\n')[1] ?? 'missing';
    expect(message?.body).not.toContain(keyBody);
    expect(outcome.notification).toMatchObject({ published: true, error: null });
  });

  it('answers a second delivery of the same event with already-rotated and changes nothing', async () => {
    // Prepare
    const event = eventText(SAMPLE_EVENTS.apiKey);
    const first = await responder.respond(event);
    const stateAfterFirst = responder.harness.emulator.getState();
    responder.harness.emulator.clearCalls();

    // Act
    const second = await responder.respond(event);

    // Assess
    expect(second.status).toBe('already-rotated');
    expect(second.credential.newId).toBe(first.credential.newId);
    expect(second.secrets.map((secret) => secret.versionNumber)).toEqual(first.secrets.map((secret) => secret.versionNumber));
    // Not even an email: the first delivery's "Rotated" email is the one SecOps gets.
    const writes = responder.harness.emulator.calls().filter((call) => call.method !== 'GET');
    expect(writes).toEqual([]);
    expect(second.notification).toMatchObject({ published: false, skipped: expect.stringContaining('another delivery') });
    const stateAfterSecond = responder.harness.emulator.getState();
    expect(stateAfterSecond.users).toEqual(stateAfterFirst.users);
    // Lifecycle fields settle over time (UPDATING → ACTIVE); the versions are what must not change.
    expect(stateAfterSecond.secrets.map((secret) => secret.versions)).toEqual(stateAfterFirst.secrets.map((secret) => secret.versions));
  });
});
