import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOciEmulator, type OciEmulator } from '../../emulator/index.js';
import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };
import outcomeSchema from '../../schemas/outcome.schema.json' with { type: 'json' };
import { builtBundles } from '../support/built-bundles.js';
import { pooledKeyPair } from '../support/key-pool.js';
import { startFunction, type RunningFunction } from '../support/fn-agent.js';
import { instantTenancy } from '../support/instant-tenancy.js';
import { resourcePrincipalVariables } from '../support/policy.js';

const validateOutcome = new Ajv({ allErrors: true, strict: false }).compile(outcomeSchema);

describe("Scheduled rotation: the emulator's Vault invokes the bundled func.cjs over the Fn socket", () => {
  let workDir: string;
  let emulator: OciEmulator;
  let fn: RunningFunction | null = null;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'cgr-e2e-scheduled-'));
    const entry = builtBundles().functionOut;
    emulator = await createOciEmulator({
      state: instantTenancy(),
      keyPairs: pooledKeyPair,
      rotationInvoker: async (call) => {
        if (!fn) throw new Error('the function is not running');
        const response = await fn.call(JSON.stringify(call.body));
        return JSON.parse(response.body) as unknown;
      },
    });
    fn = await startFunction(entry, {
      CGR_TOPIC_OCID: sampleIds.topic,
      CGR_OCI_ENDPOINT: emulator.url,
      // Fn gives every function its own OCID; the rotation steps check the secret's rotation config names it.
      FN_FN_ID: sampleIds.function,
      ...resourcePrincipalVariables(emulator, sampleIds.function, { pemDir: workDir }),
    });
  });

  afterAll(async () => {
    await fn?.stop();
    await emulator?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it("rotates carol's auth token: four steps answered 200 in Vault's format, the last outcome schema-valid", async () => {
    // Act
    const record = await emulator.rotateSecret(sampleIds.secretSchedAuth);

    // Assess
    expect(record.steps.map((step) => `${step.step}:${step.responseCode}`)).toEqual([
      'VERIFY_CONNECTION:200',
      'CREATE_PENDING_VERSION:200',
      'UPDATE_TARGET_SYSTEM:200',
      'PROMOTE_PENDING_VERSION:200',
    ]);
    expect(record.steps.map((step) => [step.sentVersionNo, step.answeredVersionNo])).toEqual([
      [null, 1],
      [null, null],
      [1, 2],
      [2, null],
    ]);
    const last = record.answers.at(-1) as { responseCode: number; versionNo: number | null; outcome: unknown };
    expect(last).toMatchObject({
      responseCode: 200,
      versionNo: null,
      outcome: { status: 'rotated', trigger: { kind: 'vault-schedule', versionNo: 1 } },
    });
    expect(validateOutcome(last.outcome)).toBe(true);
    const tokens = emulator.getState().users.find((user) => user.id === sampleIds.carol)?.authTokens ?? [];
    expect(tokens.filter((token) => token.lifecycleState === 'ACTIVE').map((token) => token.id)).not.toContain(sampleIds.carolAuthToken);
  });

  it("drives the four steps exactly as Oracle's template reads them: versionNo absent or null where ignored, an extra field, a repeated CREATE, each answer handed on", async () => {
    // Prepare: what Vault's RotateSecret does to the secret before its first step.
    const { secretSchedApi: secretId, carol, carolApiFingerprint } = sampleIds;
    const state = emulator.getState({ includeSecretContent: true });
    const secret = state.secrets.find((candidate) => candidate.id === secretId);
    if (!secret) throw new Error('sample scheduled secret missing');
    secret.rotationStatus = 'IN_PROGRESS';
    emulator.setState(state);
    const send = async (body: object): Promise<{ responseCode: number; returnMessage: string; versionNo: number | null }> => {
      const response = await (fn as RunningFunction).call(JSON.stringify(body));
      expect(response.status).toBe(200);
      return JSON.parse(response.body) as { responseCode: number; returnMessage: string; versionNo: number | null };
    };
    const versions = () => emulator.getState().secrets.find((candidate) => candidate.id === secretId)?.versions ?? [];

    // Act
    const verify = await send({ step: 'VERIFY_CONNECTION', secretId });
    const verifyNull = await send({ step: 'VERIFY_CONNECTION', secretId, versionNo: null, requestedBy: 'vault' });
    const create = await send({ step: 'CREATE_PENDING_VERSION', secretId, versionNo: null });
    const versionsAfterCreate = versions().length;
    const createAgain = await send({ step: 'CREATE_PENDING_VERSION', secretId });
    const versionsAfterRepeat = versions().length;
    const update = await send({ step: 'UPDATE_TARGET_SYSTEM', secretId, versionNo: verify.versionNo, rotationId: 'extra field' });
    const promote = await send({ step: 'PROMOTE_PENDING_VERSION', secretId, versionNo: update.versionNo });
    const verifyAfter = await send({ step: 'VERIFY_CONNECTION', secretId, versionNo: null });

    // Assess
    expect([verify, verifyNull].map((answer) => [answer.responseCode, answer.versionNo])).toEqual([
      [200, 1],
      [200, 1],
    ]);
    expect([create, createAgain].map((answer) => [answer.responseCode, answer.versionNo])).toEqual([
      [200, null],
      [200, null],
    ]);
    expect(versionsAfterRepeat).toBe(versionsAfterCreate);
    expect(update).toMatchObject({ responseCode: 200, versionNo: 2 });
    expect(promote).toMatchObject({ responseCode: 200, versionNo: null });
    expect(promote.returnMessage).toContain('rotated');
    expect(verifyAfter).toMatchObject({ responseCode: 200, versionNo: 2 });
    expect(versions().find((version) => version.stages.includes('CURRENT'))?.versionNumber).toBe(2);
    const keys =
      emulator
        .getState()
        .users.find((user) => user.id === carol)
        ?.apiKeys.map((key) => key.fingerprint) ?? [];
    expect(keys).toHaveLength(1);
    expect(keys).not.toContain(carolApiFingerprint);
  });

  it('answers a Vault-shaped body over 1 MB in Vault format, with a responseCode, so Vault does not take it for a failure to retry', async () => {
    // Prepare
    const body = JSON.stringify({
      step: 'VERIFY_CONNECTION',
      secretId: sampleIds.secretSchedAuth,
      versionNo: null,
      padding: 'x'.repeat(1_100_000),
    });

    // Act
    const response = await (fn as RunningFunction).call(body);

    // Assess
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ responseCode: 400, versionNo: null, outcome: { status: 'refused' } });
  });
});
