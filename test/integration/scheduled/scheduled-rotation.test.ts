import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { currentOf, SCHEDULED, secretOf, startScheduledHarness, userOf, type ScheduledHarness } from '../../support/scheduled.js';

let h: ScheduledHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const FOUR_STEPS_OK = ['VERIFY_CONNECTION:200', 'CREATE_PENDING_VERSION:200', 'UPDATE_TARGET_SYSTEM:200', 'PROMOTE_PENDING_VERSION:200'];

describe('Scheduled rotation: Vault runs the four steps against the Function, for each credential type, twice in a row', () => {
  it('rotates an API key twice: the second rotation replaces the first', async () => {
    // Prepare
    h = await startScheduledHarness();
    const { secretId, userId, oldId } = SCHEDULED.apiKey;

    // Act
    const first = await h.rotate(secretId);
    const second = await h.rotate(secretId);

    // Assess
    expect(first.record.steps.map((step) => `${step.step}:${step.responseCode}`)).toEqual(FOUR_STEPS_OK);
    expect(first.record.status).toBe('SUCCEEDED');
    expect(first.outcome).toMatchObject({
      status: 'rotated',
      credential: { type: 'API_KEY', userId, oldId },
      trigger: { kind: 'vault-schedule', secretId, versionNo: 1 },
    });
    expect(second.outcome).toMatchObject({
      status: 'rotated',
      credential: { oldId: first.outcome.credential.newId },
      trigger: { versionNo: 2 },
    });
    expect(second.outcome.credential.newId).not.toBe(first.outcome.credential.newId);
    expect(userOf(h, userId).apiKeys.map((key) => key.fingerprint)).toEqual([second.outcome.credential.newId]);
    const secret = secretOf(h, secretId);
    expect(currentOf(secret)).toMatchObject({ versionNumber: 3, name: expect.stringMatching(/^cgr-[0-9a-f]{10}-[0-9a-f]{12}$/) });
    expect(secret.rotationStatus).toBe('SCHEDULED');
    expect(secret.lastRotationTime).not.toBeNull();
  });

  it('rotates an auth token twice, each new token labelled with its rotation and proven before promotion', async () => {
    // Prepare
    h = await startScheduledHarness();
    const { secretId, userId, oldId } = SCHEDULED.authToken;

    // Act
    const first = await h.rotate(secretId);
    const second = await h.rotate(secretId);

    // Assess
    expect(first.record.steps.map((step) => `${step.step}:${step.responseCode}`)).toEqual(FOUR_STEPS_OK);
    expect(first.outcome).toMatchObject({ status: 'rotated', credential: { type: 'AUTH_TOKEN', oldId } });
    expect(second.outcome).toMatchObject({ status: 'rotated', credential: { oldId: first.outcome.credential.newId } });
    const tokens = userOf(h, userId).authTokens.filter((token) => token.lifecycleState === 'ACTIVE');
    expect(tokens.map((token) => token.id)).toEqual([second.outcome.credential.newId]);
    expect(tokens[0]?.description).toContain(`[${currentOf(secretOf(h, secretId))?.name ?? '?'}]`);
    expect(second.outcome.verified.some((check) => check.includes('Swift'))).toBe(true);
  });

  it('rotates a customer secret key twice, its access key id partner in the same run with the same version name', async () => {
    // Prepare
    h = await startScheduledHarness();
    const { secretId, partnerId, userId, oldId } = SCHEDULED.customerSecretKey;

    // Act
    const first = await h.rotate(secretId);
    const second = await h.rotate(secretId);

    // Assess
    expect(first.outcome).toMatchObject({ status: 'rotated', credential: { type: 'CUSTOMER_SECRET_KEY', oldId } });
    expect(second.outcome).toMatchObject({ status: 'rotated', credential: { oldId: first.outcome.credential.newId } });
    const keys = userOf(h, userId).customerSecretKeys.filter((key) => key.lifecycleState === 'ACTIVE');
    expect(keys.map((key) => key.id)).toEqual([second.outcome.credential.newId]);
    const valueVersion = currentOf(secretOf(h, secretId));
    const partnerVersion = currentOf(secretOf(h, partnerId));
    expect(partnerVersion?.name).toBe(valueVersion?.name);
    expect(partnerVersion?.contentSha256).toBe(
      createHash('sha256')
        .update(second.outcome.credential.newId ?? '')
        .digest('hex'),
    );
    expect(second.outcome.secrets.map((ref) => `${ref.role}:${ref.stage}`).sort()).toEqual(['access-key-id:CURRENT', 'secret-key:CURRENT']);
  });

  it('sends the same summary email as a Cloud Guard rotation, naming the Vault schedule as the trigger; none for the intermediate steps', async () => {
    // Prepare
    h = await startScheduledHarness();
    const { secretId } = SCHEDULED.authToken;

    // Act
    const { outcome } = await h.rotate(secretId);

    // Assess
    const messages = h.harness.emulator.getState().topics[0]?.messages ?? [];
    expect(messages).toHaveLength(1);
    expect(messages[0]?.title).toMatch(/^Rotated auth token of carol@example\.com/);
    expect(messages[0]?.body).toContain(`Trigger: Vault schedule (rotation of secret ${secretId} replacing version 1)`);
    expect(outcome.notification.published).toBe(true);
    const answers = h.harness.emulator.rotations()[0]?.answers ?? [];
    expect(
      answers.slice(0, 3).map((answer) => (answer as { outcome: { notification: { skipped: string } } }).outcome.notification.skipped),
    ).toEqual([
      expect.stringContaining('intermediate step'),
      expect.stringContaining('intermediate step'),
      expect.stringContaining('intermediate step'),
    ]);
  });
});
