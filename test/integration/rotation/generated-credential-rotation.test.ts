import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { SAMPLE_EVENTS, eventText } from '../../support/events.js';
import { secretText, sha256Hex } from '../../support/oci-reads.js';
import { startResponderHarness, type ResponderHarness } from '../../support/responder.js';

describe('Rotation: auth token and customer secret key, against the emulator', () => {
  let responder: ResponderHarness;

  beforeEach(async () => {
    responder = await startResponderHarness();
  });
  afterEach(async () => {
    await responder.close();
  });

  it('replaces the auth token and makes the new token value the CURRENT version of the named secret', async () => {
    // Prepare
    const event = eventText(SAMPLE_EVENTS.authToken);

    // Act
    const outcome = await responder.respond(event);

    // Assess
    expect(outcome.status).toBe('rotated');
    expect(outcome.credential.oldId).toBe(sampleIds.authToken);
    const alice = responder.harness.emulator.getState().users.find((user) => user.id === sampleIds.alice);
    expect(alice?.authTokens).toHaveLength(1);
    const newToken = alice?.authTokens[0];
    expect(newToken?.id).toBe(outcome.credential.newId);
    expect(newToken?.lifecycleState).toBe('ACTIVE');
    expect(newToken?.description).toMatch(/^ci-pipeline token \[cgr-[0-9a-f]{10}-[0-9a-f]{12}\]$/);
    const current = await secretText(responder.harness, sampleIds.secretAuth);
    expect(sha256Hex(current.text)).toBe(newToken?.tokenSha256);
    expect(current.versionNumber).toBe(2);
  });

  it('replaces the customer secret key, writing the access key id and the secret key to their two secrets', async () => {
    // Prepare
    const event = eventText(SAMPLE_EVENTS.secretKey);

    // Act
    const outcome = await responder.respond(event);

    // Assess
    expect(outcome.status).toBe('rotated');
    const alice = responder.harness.emulator.getState().users.find((user) => user.id === sampleIds.alice);
    expect(alice?.customerSecretKeys.map((key) => key.id)).toEqual([outcome.credential.newId]);
    const accessKeyId = await secretText(responder.harness, sampleIds.secretAccess);
    const secretKey = await secretText(responder.harness, sampleIds.secretSecretKey);
    expect(accessKeyId.text).toBe(outcome.credential.newId);
    expect(sha256Hex(secretKey.text)).toBe(alice?.customerSecretKeys[0]?.keySha256);
    expect(outcome.secrets.map((secret) => [secret.role, secret.stage])).toEqual([
      ['secret-key', 'CURRENT'],
      ['access-key-id', 'CURRENT'],
    ]);
  });

  it('refuses when the user has no free auth-token slot, naming the token that holds it, and changes nothing', async () => {
    // Prepare
    const state = responder.harness.emulator.getState({ includeSecretContent: true });
    const alice = state.users.find((user) => user.id === sampleIds.alice);
    alice?.authTokens.push({
      id: 'ocid1.credential.oc1..aaaaaaaasecondtokenholdingthelastslot',
      description: 'docker registry',
      timeCreated: '2026-06-01T00:00:00.000Z',
      timeExpires: null,
      lifecycleState: 'ACTIVE',
      activatesAt: null,
      tokenSha256: sha256Hex('other'),
    });
    responder.harness.emulator.setState(state);
    const before = responder.harness.emulator.getState();

    // Act
    const outcome = await responder.respond(eventText(SAMPLE_EVENTS.authToken));

    // Assess
    expect(outcome.status).toBe('refused');
    expect(outcome.reason).toContain('ocid1.credential.oc1..aaaaaaaasecondtokenholdingthelastslot');
    expect(outcome.reason).toContain('limit of 2');
    const after = responder.harness.emulator.getState();
    expect(after.users).toEqual(before.users);
    expect(after.secrets).toEqual(before.secrets);
    expect(outcome.notification.title).toMatch(/^NOT rotated: auth token of alice@example\.com · refused$/);
  });
});

describe('Rotation: console password, against the emulator', () => {
  let responder: ResponderHarness;

  beforeEach(async () => {
    responder = await startResponderHarness();
  });
  afterEach(async () => {
    await responder.close();
  });

  it('resets the password and stores the one-time password as the CURRENT version of password_secret_ocid', async () => {
    // Prepare
    const event = eventText(SAMPLE_EVENTS.password);
    const before = responder.harness.emulator.getState().users.find((user) => user.id === sampleIds.alice)?.uiPassword;

    // Act
    const outcome = await responder.respond(event);

    // Assess
    expect(outcome.status).toBe('rotated');
    const after = responder.harness.emulator.getState().users.find((user) => user.id === sampleIds.alice)?.uiPassword;
    expect(after?.timeCreated).not.toBe(before?.timeCreated);
    const stored = await secretText(responder.harness, sampleIds.secretPassword);
    expect(sha256Hex(stored.text)).toBe(after?.passwordSha256);
    expect(outcome.verified.join('\n')).toContain('the old password no longer works');
    const message = responder.harness.emulator.getState().topics[0]?.messages[0];
    expect(message?.body).not.toContain(stored.text);
  });

  it('does not reset the password a second time for the same problem', async () => {
    // Prepare
    const event = eventText(SAMPLE_EVENTS.password);
    await responder.respond(event);
    const afterFirst = responder.harness.emulator.getState().users.find((user) => user.id === sampleIds.alice)?.uiPassword;

    // Act
    const second = await responder.respond(event);

    // Assess
    expect(second.status).toBe('already-rotated');
    const afterSecond = responder.harness.emulator.getState().users.find((user) => user.id === sampleIds.alice)?.uiPassword;
    expect(afterSecond).toEqual(afterFirst);
  });
});
