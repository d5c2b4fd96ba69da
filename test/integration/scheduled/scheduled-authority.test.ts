import { afterEach, describe, expect, it } from 'vitest';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import {
  beginVaultRotation,
  SCHEDULED,
  secretOf,
  startScheduledHarness,
  userOf,
  writesSince,
  type ScheduledHarness,
} from '../../support/scheduled.js';

let h: ScheduledHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** The four steps as a caller who is not Vault would send them: the same number on each, which every step accepts. */
function fourSteps(secretId: string) {
  return (['VERIFY_CONNECTION', 'CREATE_PENDING_VERSION', 'UPDATE_TARGET_SYSTEM', 'PROMOTE_PENDING_VERSION'] as const).map((step) => ({
    step,
    secretId,
    versionNo: 2,
  }));
}

function editSecret(harness: ScheduledHarness, secretId: string, change: (secret: ReturnType<typeof secretOf>) => void): void {
  const state = harness.harness.emulator.getState({ includeSecretContent: true });
  const secret = state.secrets.find((candidate) => candidate.id === secretId);
  if (!secret) throw new Error(`no secret ${secretId}`);
  change(secret);
  harness.harness.emulator.setState(state);
}

describe("Scheduled rotation acts only where Vault's own record says it rotates the secret through this Function", () => {
  it('a secret Vault does not rotate (no rotationConfig), tagged with a user and a credential: every step refused (400), nothing written, the token kept', async () => {
    // Prepare: alice's auth token secret, tagged as a scheduled secret would be, but with no rotation config.
    h = await startScheduledHarness();
    editSecret(h, sampleIds.secretAuth, (secret) => {
      secret.freeformTags = {
        ...secret.freeformTags,
        'cg-responder-user': sampleIds.alice,
        'cg-responder-credential': 'auth-token',
        'cg-responder-credential-id': sampleIds.authToken,
      };
      secret.rotationStatus = 'IN_PROGRESS';
    });
    const mark = h.harness.emulator.calls().length;

    // Act
    const answers = [];
    for (const body of fourSteps(sampleIds.secretAuth)) answers.push(await h.step(body));

    // Assess
    expect(answers.map((answer) => answer.responseCode)).toEqual([400, 400, 400, 400]);
    expect(answers[1]?.returnMessage).toContain('has no rotation config with a FUNCTION target');
    expect(writesSince(h, mark, { emails: true })).toEqual([]);
    expect(
      userOf(h, sampleIds.alice)
        .authTokens.filter((token) => token.lifecycleState === 'ACTIVE')
        .map((token) => token.id),
    ).toEqual([sampleIds.authToken]);
    expect(secretOf(h, sampleIds.secretAuth).versions).toHaveLength(1);
  });

  it('a secret on a schedule whose rotation is not IN_PROGRESS: the writing steps are refused (400) and write nothing; VERIFY_CONNECTION still answers', async () => {
    // Prepare
    h = await startScheduledHarness();
    const { secretId, userId, oldId } = SCHEDULED.apiKey;
    const mark = h.harness.emulator.calls().length;

    // Act
    const answers = [];
    for (const body of fourSteps(secretId)) answers.push(await h.step(body));

    // Assess
    expect(answers.map((answer) => answer.responseCode)).toEqual([200, 400, 400, 400]);
    expect(answers[1]?.returnMessage).toContain('is not in progress (rotationStatus SCHEDULED)');
    expect(writesSince(h, mark, { emails: true })).toEqual([]);
    expect(userOf(h, userId).apiKeys.map((key) => key.fingerprint)).toEqual([oldId]);
  });

  it('a rotation config targeting another function, or a Function that does not know its own OCID: refused (400), nothing written', async () => {
    // Prepare
    h = await startScheduledHarness();
    const { secretId, userId, oldId } = SCHEDULED.authToken;
    beginVaultRotation(h, secretId);
    const mark = h.harness.emulator.calls().length;
    const create = { step: 'CREATE_PENDING_VERSION', secretId, versionNo: null };

    // Act
    const otherFunction = await h.step(create, {
      functionId: 'ocid1.fnfunc.oc1.iad.aaaaaaaaotherfunctionqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq',
    });
    const noOwnId = await h.step(create, { functionId: null });

    // Assess
    expect(otherFunction.responseCode).toBe(400);
    expect(otherFunction.returnMessage).toContain(`targets function ${sampleIds.function}, not this one`);
    expect(noOwnId.responseCode).toBe(400);
    expect(noOwnId.returnMessage).toContain('FN_FN_ID');
    expect(writesSince(h, mark, { emails: true })).toEqual([]);
    expect(userOf(h, userId).authTokens.map((token) => token.id)).toEqual([oldId]);
  });

  it('an unknown secret OCID is refused (400, Vault does not retry), not failed (500)', async () => {
    // Prepare
    h = await startScheduledHarness();
    const unknown = 'ocid1.vaultsecret.oc1.iad.aaaaaaaanosuchsecretqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq';

    // Act
    const answer = await h.step({ step: 'CREATE_PENDING_VERSION', secretId: unknown, versionNo: null });

    // Assess
    expect(answer).toMatchObject({ responseCode: 400, versionNo: null, outcome: { status: 'refused' } });
    expect(answer.returnMessage).toContain(`Secret ${unknown} does not exist`);
  });

  it('a Vault-shaped request body over 1 MB is answered in Vault format with a responseCode (400)', async () => {
    // Prepare
    h = await startScheduledHarness();
    const body = Buffer.from(
      JSON.stringify({ step: 'VERIFY_CONNECTION', secretId: SCHEDULED.apiKey.secretId, versionNo: null, padding: 'x'.repeat(1_100_000) }),
    );

    // Act
    const answer = await h.step(body);

    // Assess
    expect(answer).toMatchObject({ responseCode: 400, versionNo: null, outcome: { status: 'refused' } });
    expect(answer.returnMessage).toMatch(/too large|exceeds|bytes/i);
  });
});
