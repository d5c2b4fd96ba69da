import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOciEmulator, type OciEmulator } from '../../../emulator/index.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { builtBundles } from '../../support/built-bundles.js';
import { runBuiltCli } from '../../support/cli.js';
import { SAMPLE_EVENTS, eventText } from '../../support/events.js';
import { startFunction, type RunningFunction } from '../../support/fn-agent.js';
import { instantTenancy } from '../../support/instant-tenancy.js';
import { resourcePrincipalVariables } from '../../support/policy.js';
import { pooledKeyPair } from '../../support/key-pool.js';

/**
 * The Function and the CLI give the same answer to the same bytes. The bundled
 * Function is driven over the Fn unix socket (it reads the raw body, `inputMode: 'buffer'`);
 * the bundled CLI replays the same bytes from a file. Each runs against its own emulator
 * seeded with the sample tenancy.
 */
interface Answer {
  status: string;
  step: string | null;
  reason: string | null;
}

const answerOf = (outcome: Partial<Answer>): Answer => ({
  status: outcome.status ?? '',
  step: outcome.step ?? null,
  reason: outcome.reason ?? null,
});

describe('Same bytes, same answer: the Function over its Fn socket and `cg-responder replay --json`', () => {
  let workDir: string;
  let cli: string;
  let emulator: OciEmulator;
  let fn: RunningFunction;

  const replay = async (name: string, body: string): Promise<Answer> => {
    const file = join(workDir, name);
    await writeFile(file, body);
    const { stdout } = await runBuiltCli(cli, ['replay', file, '--json'], workDir);
    return answerOf(JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') as Answer);
  };
  const call = async (body: string): Promise<Answer> => {
    const response = await fn.call(body);
    expect(response.status).toBe(200);
    return answerOf(JSON.parse(response.body) as Answer);
  };

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'cgr-same-answer-'));
    const built = builtBundles();
    cli = built.cliOut;
    emulator = await createOciEmulator({ state: instantTenancy(), keyPairs: pooledKeyPair });
    fn = await startFunction(built.functionOut, {
      CGR_TOPIC_OCID: sampleIds.topic,
      CGR_OCI_ENDPOINT: emulator.url,
      CGR_IDENTITY_REGION: 'us-ashburn-1',
      ...resourcePrincipalVariables(emulator, sampleIds.function, { pemDir: workDir }),
    });
  }, 120_000);

  afterAll(async () => {
    await fn?.stop();
    await emulator?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('a top-level JSON string: both refuse it as JSON that is not an object', async () => {
    // Prepare
    const body = JSON.stringify(eventText(SAMPLE_EVENTS.authToken));

    // Act
    const fromFunction = await call(body);
    const fromCli = await replay('string.json', body);

    // Assess
    expect(fromFunction).toEqual({ status: 'refused', step: null, reason: 'The event is not a JSON object (found a string).' });
    expect(fromCli).toEqual(fromFunction);
  });

  it('100,000-deep nesting in an unknown field: the same answer from both', async () => {
    // Prepare
    const event = JSON.parse(eventText(SAMPLE_EVENTS.authToken)) as Record<string, unknown>;
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const body = JSON.stringify({ ...event, unknownField: '@DEEP@' }).replace('"@DEEP@"', deep);

    // Act
    const fromFunction = await call(body);
    const fromCli = await replay('deep.json', body);

    // Assess
    expect(fromFunction).toEqual({ status: 'rotated', step: null, reason: null });
    expect(fromCli).toEqual(fromFunction);
  }, 60_000);
});
