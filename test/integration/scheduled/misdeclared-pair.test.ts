import { afterEach, describe, expect, it } from 'vitest';
import { SCHEDULED, startScheduledHarness, userOf, type ScheduledHarness } from '../../support/scheduled.js';

let h: ScheduledHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/**
 * The customer secret key pair declared the wrong way round: the schedule and the partner tag on
 * the access key id secret, naming the secret key secret as its partner. The secret key is then
 * where the access key id is read from.
 */
function declareReversed(harness: ScheduledHarness): { secretId: string; secretKey: string } {
  const state = harness.harness.emulator.getState({ includeSecretContent: true });
  const { secretId: secretKeySecretId, partnerId: accessSecretId } = SCHEDULED.customerSecretKey;
  const keySecret = state.secrets.find((secret) => secret.id === secretKeySecretId);
  const accessSecret = state.secrets.find((secret) => secret.id === accessSecretId);
  const content = keySecret?.versions[0]?.content;
  if (!keySecret || !accessSecret || !content) throw new Error('sample customer secret key secrets missing');
  accessSecret.rotationConfig = structuredClone(keySecret.rotationConfig ?? null);
  accessSecret.rotationStatus = 'SCHEDULED';
  accessSecret.freeformTags = {
    ...accessSecret.freeformTags,
    'cg-responder-credential': 'customer-secret-key',
    'cg-responder-partner': secretKeySecretId,
  };
  harness.harness.emulator.setState(state);
  return { secretId: accessSecretId, secretKey: Buffer.from(content, 'base64').toString('utf8').trim() };
}

describe('A misdeclared customer secret key pair never leaks the secret key', () => {
  it('a rotation of the pair declared the wrong way round is refused at VERIFY_CONNECTION, naming the tags, and no answer, outcome or email quotes the secret key', async () => {
    // Prepare
    h = await startScheduledHarness();
    const { secretId, secretKey } = declareReversed(h);
    const { userId, oldId } = SCHEDULED.customerSecretKey;

    // Act
    const { record } = await h.rotate(secretId);

    // Assess
    expect(record.steps.map((step) => `${step.step}:${step.responseCode}`)).toEqual(['VERIFY_CONNECTION:400']);
    expect(record.steps[0]?.returnMessage).toContain(
      'does not hold an access key id (40 hexadecimal characters); its content is not shown',
    );
    const messages = h.harness.emulator.getState().topics[0]?.messages ?? [];
    const everything = JSON.stringify([record, messages, h.logLines]);
    expect(secretKey.length).toBeGreaterThan(20);
    expect(everything).not.toContain(secretKey);
    expect(everything).not.toContain(Buffer.from(secretKey).toString('base64'));
    expect(userOf(h, userId).customerSecretKeys.map((key) => key.id)).toEqual([oldId]);
  });
});
