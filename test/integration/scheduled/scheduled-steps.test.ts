import { afterEach, describe, expect, it } from 'vitest';
import {
  beginVaultRotation,
  currentOf,
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

const KINDS = [
  {
    name: 'API key',
    secretId: SCHEDULED.apiKey.secretId,
    live: (harness: ScheduledHarness) => userOf(harness, SCHEDULED.apiKey.userId).apiKeys.length,
  },
  {
    name: 'auth token',
    secretId: SCHEDULED.authToken.secretId,
    live: (harness: ScheduledHarness) =>
      userOf(harness, SCHEDULED.authToken.userId).authTokens.filter((token) => token.lifecycleState !== 'DELETED').length,
  },
  {
    name: 'customer secret key',
    secretId: SCHEDULED.customerSecretKey.secretId,
    live: (harness: ScheduledHarness) =>
      userOf(harness, SCHEDULED.customerSecretKey.userId).customerSecretKeys.filter((key) => key.lifecycleState !== 'DELETED').length,
  },
] as const;

describe('Scheduled rotation: every step repeated changes nothing more', () => {
  for (const kind of KINDS) {
    it(`${kind.name}: each of the four steps sent twice (Vault's retries) gives one rotation`, async () => {
      // Prepare
      h = await startScheduledHarness();
      beginVaultRotation(h, kind.secretId);
      // The versionNo each step carries in the template's contract: none, null, the CURRENT version, the PENDING one.
      const BODIES = [
        { step: 'VERIFY_CONNECTION', secretId: kind.secretId },
        { step: 'CREATE_PENDING_VERSION', secretId: kind.secretId, versionNo: null },
        { step: 'UPDATE_TARGET_SYSTEM', secretId: kind.secretId, versionNo: 1 },
        { step: 'PROMOTE_PENDING_VERSION', secretId: kind.secretId, versionNo: 2 },
      ] as const;
      const codes: string[] = [];
      const repeatedWrites: string[][] = [];

      // Act
      for (const body of BODIES) {
        const first = await h.step(body);
        const mark = h.harness.emulator.calls().length;
        const again = await h.step(body);
        repeatedWrites.push(writesSince(h, mark));
        codes.push(`${body.step}:${first.responseCode}/${again.responseCode}`);
      }

      // Assess
      expect(codes).toEqual([
        'VERIFY_CONNECTION:200/200',
        'CREATE_PENDING_VERSION:200/200',
        'UPDATE_TARGET_SYSTEM:200/200',
        'PROMOTE_PENDING_VERSION:200/200',
      ]);
      expect(repeatedWrites).toEqual([[], [], [], []]);
      expect(kind.live(h)).toBe(1);
      const secret = secretOf(h, kind.secretId);
      expect(secret.versions).toHaveLength(2);
      expect(currentOf(secret)?.versionNumber).toBe(2);
      expect(h.harness.emulator.getState().topics[0]?.messages).toHaveLength(1);
    });
  }
});

describe('Scheduled rotation: steps out of order are refused and change nothing', () => {
  for (const step of ['UPDATE_TARGET_SYSTEM', 'PROMOTE_PENDING_VERSION'] as const) {
    it(`${step} before CREATE_PENDING_VERSION is refused (400) naming the order`, async () => {
      // Prepare
      h = await startScheduledHarness();
      const { secretId } = SCHEDULED.apiKey;
      beginVaultRotation(h, secretId);
      const mark = h.harness.emulator.calls().length;

      // Act
      // UPDATE carries the CURRENT version; PROMOTE the PENDING one it would have answered.
      const answer = await h.step({ step, secretId, versionNo: step === 'UPDATE_TARGET_SYSTEM' ? 1 : 2 });

      // Assess
      expect(answer.responseCode).toBe(400);
      expect(answer.returnMessage).toContain(step === 'UPDATE_TARGET_SYSTEM' ? 'out of order' : 'has no version 2');
      expect(answer.versionNo).toBeNull();
      expect(writesSince(h, mark)).toEqual([]);
      expect(userOf(h, SCHEDULED.apiKey.userId).apiKeys.map((key) => key.fingerprint)).toEqual([SCHEDULED.apiKey.oldId]);
    });
  }

  it('a customer secret key: PROMOTE before CREATE is refused and no key is created', async () => {
    // Prepare
    h = await startScheduledHarness();
    const { secretId, userId } = SCHEDULED.customerSecretKey;
    beginVaultRotation(h, secretId);

    // Act
    const answer = await h.step({ step: 'PROMOTE_PENDING_VERSION', secretId, versionNo: 2 });

    // Assess
    expect(answer.responseCode).toBe(400);
    expect(answer.returnMessage).toContain('has no version 2');
    expect(userOf(h, userId).customerSecretKeys).toHaveLength(1);
  });
});

describe('Scheduled rotation: every step failing once is retried by Vault and the rotation completes', () => {
  const FAULTED: ReadonlyArray<{ step: string; operation: string }> = [
    { step: 'VERIFY_CONNECTION', operation: 'ListApiKeys' },
    { step: 'CREATE_PENDING_VERSION', operation: 'UpdateSecret' },
    { step: 'UPDATE_TARGET_SYSTEM', operation: 'UploadApiKey' },
    { step: 'PROMOTE_PENDING_VERSION', operation: 'DeleteApiKey' },
  ];
  for (const { step, operation } of FAULTED) {
    it(`${step} fails once (${operation} answers 500 through every SDK retry), then succeeds on Vault's retry`, async () => {
      // Prepare
      let faulted = false;
      h = await startScheduledHarness({
        beforeStep: (call) => {
          if (call.body.step !== step || faulted) return;
          faulted = true;
          h?.harness.emulator.addFault({ operation, status: 500, code: 'InternalServerError', count: 5 });
        },
      });
      const { secretId, userId } = SCHEDULED.apiKey;

      // Act
      const { record, outcome } = await h.rotate(secretId);

      // Assess
      const attempts = record.steps.filter((entry) => entry.step === step).map((entry) => entry.responseCode);
      expect(attempts).toEqual([500, 200]);
      const failed = record.answers.find((answer) => (answer as { responseCode: number }).responseCode === 500) as {
        outcome: { status: string; nextAction: string | null };
      };
      expect(failed.outcome.status).toBe('failed');
      expect(failed.outcome.nextAction ?? '').not.toMatch(/replay the event/i);
      expect(record.status).toBe('SUCCEEDED');
      expect(outcome.status).toBe('rotated');
      expect(userOf(h, userId).apiKeys).toHaveLength(1);
      expect(userOf(h, userId).apiKeys[0]?.fingerprint).not.toBe(SCHEDULED.apiKey.oldId);
      expect(currentOf(secretOf(h, secretId))?.name).toMatch(/^cgr-/);
    });
  }
});
