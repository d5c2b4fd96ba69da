import { afterEach, describe, expect, it } from 'vitest';
import { SCHEDULED, startScheduledHarness, type ScheduledHarness } from '../../support/scheduled.js';

let h: ScheduledHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

async function withTags(
  harness: ScheduledHarness,
  secretId: string,
  change: (tags: Record<string, string>) => Record<string, string>,
): Promise<void> {
  const state = harness.harness.emulator.getState({ includeSecretContent: true });
  const secret = state.secrets.find((candidate) => candidate.id === secretId);
  if (!secret) throw new Error('sample secret missing');
  secret.freeformTags = change({ ...secret.freeformTags });
  harness.harness.emulator.setState(state);
}

describe('Scheduled rotation: a secret declares what it holds with freeform tags, or is refused with the exact fix', () => {
  const CASES: ReadonlyArray<{
    name: string;
    secretId: string;
    change: (tags: Record<string, string>) => Record<string, string>;
    fix: string;
  }> = [
    {
      name: 'no credential tag',
      secretId: SCHEDULED.apiKey.secretId,
      change: ({ ['cg-responder-credential']: _dropped, ...rest }) => rest,
      fix: 'Add the freeform tag cg-responder-credential=api-key, auth-token or customer-secret-key',
    },
    {
      name: 'a console password',
      secretId: SCHEDULED.apiKey.secretId,
      change: (tags) => ({ ...tags, 'cg-responder-credential': 'console-password' }),
      fix: 'console passwords are not rotated on a schedule',
    },
    {
      name: 'no user',
      secretId: SCHEDULED.authToken.secretId,
      change: ({ ['cg-responder-user']: _dropped, ...rest }) => rest,
      fix: 'Set the freeform tag cg-responder-user=<user OCID>',
    },
    {
      name: 'a customer secret key without its partner',
      secretId: SCHEDULED.customerSecretKey.secretId,
      change: ({ ['cg-responder-partner']: _dropped, ...rest }) => rest,
      fix: 'set the freeform tag cg-responder-partner=<OCID of the secret holding the access key id>',
    },
    {
      name: 'a partner on an API key',
      secretId: SCHEDULED.apiKey.secretId,
      change: (tags) => ({ ...tags, 'cg-responder-partner': SCHEDULED.customerSecretKey.partnerId }),
      fix: 'the tag cg-responder-partner is only for customer secret keys',
    },
  ];
  for (const { name, secretId, change, fix } of CASES) {
    it(`${name}: refused at VERIFY_CONNECTION (400), nothing read from the user or written`, async () => {
      // Prepare
      h = await startScheduledHarness();
      await withTags(h, secretId, change);

      // Act
      const { record, outcome } = await h.rotate(secretId);

      // Assess
      expect(record.steps.map((step) => `${step.step}:${step.responseCode}`)).toEqual(['VERIFY_CONNECTION:400']);
      expect(record.status).toBe('FAILED');
      expect(h.harness.emulator.getState().topics[0]?.messages).toHaveLength(1);
      expect(record.steps[0]?.returnMessage).toContain(fix);
      expect(outcome.status).toBe('refused');
      expect(outcome.credential).toEqual({ type: null, userId: null, oldId: null, newId: null });
      const writes = h.harness.emulator
        .calls()
        .filter((call) => ['UpdateSecret', 'UploadApiKey', 'CreateAuthToken', 'CreateCustomerSecretKey'].includes(call.operation));
      expect(writes).toEqual([]);
    });
  }

  it('a partner secret declared for another user is refused naming the tags to set on it', async () => {
    // Prepare
    h = await startScheduledHarness();
    const { secretId, partnerId } = SCHEDULED.customerSecretKey;
    await withTags(h, partnerId, (tags) => ({
      ...tags,
      'cg-responder-user': 'ocid1.user.oc1..aaaaaaaaotheruserotheruserotheruserotheruserotheruser',
    }));

    // Act
    const answer = await h.step({ step: 'VERIFY_CONNECTION', secretId, versionNo: 2 });

    // Assess
    expect(answer.responseCode).toBe(400);
    expect(answer.returnMessage).toContain(
      `set the freeform tags cg-responder-user=${SCHEDULED.customerSecretKey.userId} and cg-responder-credential=customer-secret-key on ${partnerId}`,
    );
  });

  it('answers a malformed rotation request in Vault format, refused', async () => {
    // Prepare
    h = await startScheduledHarness();

    // Act
    const answer = await h.step({ step: 'ROTATE_EVERYTHING' as 'VERIFY_CONNECTION', secretId: SCHEDULED.apiKey.secretId, versionNo: 7 });

    // Assess
    expect(answer).toMatchObject({ responseCode: 400, versionNo: null, outcome: { status: 'refused' } });
    expect(answer.returnMessage).toContain('/step must be one of VERIFY_CONNECTION');
  });
});
