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

describe('Scheduled rotation: the emulator\'s Vault invokes the bundled func.cjs over the Fn socket', () => {
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
      ...resourcePrincipalVariables(emulator, sampleIds.function, { pemDir: workDir }),
    });
  });

  afterAll(async () => {
    await fn?.stop();
    await emulator?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('rotates carol\'s auth token: four steps answered 200 in Vault\'s format, the last outcome schema-valid', async () => {
    // Act
    const record = await emulator.rotateSecret(sampleIds.secretSchedAuth);

    // Assess
    expect(record.steps.map((step) => `${step.step}:${step.responseCode}`)).toEqual(['VERIFY_CONNECTION:200', 'CREATE_PENDING_VERSION:200', 'UPDATE_TARGET_SYSTEM:200', 'PROMOTE_PENDING_VERSION:200']);
    const last = record.answers.at(-1) as { responseCode: number; versionNo: number; outcome: unknown };
    expect(last).toMatchObject({ responseCode: 200, versionNo: 2, outcome: { status: 'rotated', trigger: { kind: 'vault-schedule' } } });
    expect(validateOutcome(last.outcome)).toBe(true);
    const tokens = emulator.getState().users.find((user) => user.id === sampleIds.carol)?.authTokens ?? [];
    expect(tokens.filter((token) => token.lifecycleState === 'ACTIVE').map((token) => token.id)).not.toContain(sampleIds.carolAuthToken);
  });
});
