import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOciEmulator, type OciEmulator } from '../../emulator/index.js';
import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };
import outcomeSchema from '../../schemas/outcome.schema.json' with { type: 'json' };
import { builtBundles } from '../support/built-bundles.js';
import { SAMPLE_EVENTS, eventText } from '../support/events.js';
import { startFunction, type RunningFunction } from '../support/fn-agent.js';
import { instantTenancy } from '../support/instant-tenancy.js';
import { resourcePrincipalVariables } from '../support/policy.js';
import { pooledKeyPair } from '../support/key-pool.js';

const validateOutcome = new Ajv({ allErrors: true, strict: false }).compile(outcomeSchema);

describe('Function: the bundled func.cjs driven over the Fn unix-socket protocol', () => {
  let workDir: string;
  let entry: string;
  let emulator: OciEmulator;
  let fn: RunningFunction;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'cgr-e2e-'));
    entry = builtBundles().functionOut;
    emulator = await createOciEmulator({ state: instantTenancy(), keyPairs: pooledKeyPair });
    // The function signs as a resource principal, as in OCI: its own session key, an RPST from the
    // emulator for the sample Function's OCID, whose dynamic group's least-privilege policy is all it may use.
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

  it('rotates the sample API key and answers 200 with a schema-valid outcome', async () => {
    // Prepare
    const event = eventText(SAMPLE_EVENTS.apiKey);

    // Act
    const response = await fn.call(event);

    // Assess
    expect(response.status).toBe(200);
    const outcome = JSON.parse(response.body) as { status: string; credential: { newId: string } };
    expect(validateOutcome(outcome), JSON.stringify(validateOutcome.errors)).toBe(true);
    expect(outcome.status, response.body).toBe('rotated');
    const alice = emulator.getState().users.find((user) => user.id === sampleIds.alice);
    expect(alice?.apiKeys.map((key) => key.fingerprint)).toEqual([outcome.credential.newId]);
    const published = emulator.getState().topics[0]?.messages.at(-1);
    expect(published?.publishedBy).toBe(sampleIds.function);
  });

  it('answers a body that is not JSON with a refused outcome, not an error', async () => {
    // Prepare
    const body = '{"eventType": "com.oraclecloud.cloudguard.problemremediated", ';

    // Act
    const response = await fn.call(body);

    // Assess
    expect(response.status).toBe(200);
    const outcome = JSON.parse(response.body) as { status: string; reason: string };
    expect(validateOutcome(outcome)).toBe(true);
    expect(outcome.status).toBe('refused');
    expect(outcome.reason).toMatch(/JSON/);
  });

  it('writes structured JSON log lines that carry the call id as correlation id', async () => {
    // Prepare
    const callId = '01E2ECORRELATION';

    // Act
    await fn.call(eventText(SAMPLE_EVENTS.authToken), { 'Fn-Call-Id': callId });

    // Assess
    const lines = fn
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.some((line) => line['correlationId'] === callId && line['msg'] === 'rotation finished')).toBe(true);
  });
});

describe('Function: configuration errors', () => {
  it('stays up and answers each call with a failed outcome naming the missing key', async () => {
    // Prepare
    const { functionOut } = builtBundles();
    const fn = await startFunction(functionOut, {});

    // Act
    const response = await fn.call(eventText(SAMPLE_EVENTS.apiKey));
    await fn.stop();

    // Assess
    expect(response.status).toBe(200);
    const outcome = JSON.parse(response.body) as { status: string; reason: string };
    expect(outcome.status).toBe('failed');
    expect(outcome.reason).toContain('CGR_TOPIC_OCID');
  });
});
