import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOciEmulator, type OciEmulator } from '../../emulator/index.js';
import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };
import { packageFunction } from '../../scripts/package-function.mjs';
import { SAMPLE_EVENTS, eventText } from '../support/events.js';
import { startFunction, type RunningFunction } from '../support/fn-agent.js';
import { instantTenancy } from '../support/instant-tenancy.js';
import { pooledKeyPair } from '../support/key-pool.js';
import { resourcePrincipalVariables } from '../support/policy.js';

// The folder `fn deploy` builds from holds only what ships (func.yaml, package.json, the bundle),
// and the bundle in it, started as func.yaml says, rotates a credential as the sample Function
// under its dynamic group's least-privilege policy.

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe('the Function package (scripts/package-function.mjs)', () => {
  let workDir: string;
  let outDir: string;
  let emulator: OciEmulator;
  let fn: RunningFunction | null = null;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'cgr-package-test-'));
    outDir = join(workDir, 'function');
    await packageFunction({ outDir, quiet: true });
    emulator = await createOciEmulator({ state: instantTenancy(), keyPairs: pooledKeyPair });
  });
  afterAll(async () => {
    await fn?.stop();
    await emulator?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('holds exactly func.yaml, a dependency-free package.json and the bundle func.yaml starts', async () => {
    // Act
    const files = await filesUnder(outDir);
    const funcYaml = await readFile(join(outDir, 'func.yaml'), 'utf8');
    const manifest = JSON.parse(await readFile(join(outDir, 'package.json'), 'utf8')) as Record<string, unknown>;

    // Assess
    expect(files).toEqual(['dist/func.cjs', 'func.yaml', 'package.json']);
    expect(funcYaml).toMatch(/^runtime: node$/m);
    expect(funcYaml).toMatch(/^entrypoint: node (?:--\S+ )*dist\/func\.cjs$/m);
    expect(funcYaml).toMatch(/^format: http-stream$/m);
    expect(manifest['dependencies']).toBeUndefined();
  });

  it('rotates the sample API key when started from the package as the sample Function', async () => {
    // Prepare
    fn = await startFunction(join(outDir, 'dist/func.cjs'), {
      CGR_TOPIC_OCID: sampleIds.topic,
      CGR_ALLOWED_VAULT_OCIDS: sampleIds.vault,
      CGR_OCI_ENDPOINT: emulator.url,
      ...resourcePrincipalVariables(emulator, sampleIds.function, { pemDir: workDir }),
    });

    // Act
    const response = await fn.call(eventText(SAMPLE_EVENTS.apiKey));

    // Assess
    expect(response.status).toBe(200);
    expect((JSON.parse(response.body) as { status: string }).status, response.body).toBe('rotated');
    expect(emulator.calls().filter((call) => call.status === 404)).toEqual([]);
    // It found the home region itself, under `inspect tenancies`.
    expect(emulator.calls().map((call) => [call.operation, call.status])).toContainEqual(['ListRegionSubscriptions', 200]);
  });
});
