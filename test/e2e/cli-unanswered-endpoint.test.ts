import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOciEmulator, createSampleTenancy, type OciConfigFiles } from '../../emulator/index.js';
import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };
import { runCliInProcess } from '../support/cli.js';
import { pooledKeyPair } from '../support/key-pool.js';

/**
 * A user who gives an endpoint nothing listens on (a stopped emulator, a wrong port) reads, from
 * every command, where the call went and why no answer came, and nothing that is not so.
 */
describe('CLI: an endpoint that gives no answer', () => {
  let dir: string;
  let files: OciConfigFiles;
  let deadEndpoint: string;
  let host: string;
  const endpointArgs = (): string[] => ['--endpoint', deadEndpoint, '--config-file', files.configFile, '--profile', files.profile];

  beforeAll(async () => {
    // Prepare: a valid OCI config for an emulator that has since stopped, so its port is closed.
    const emulator = await createOciEmulator({ state: createSampleTenancy(), keyPairs: pooledKeyPair });
    dir = await mkdtemp(join(tmpdir(), 'cgr-unanswered-'));
    files = await emulator.writeOciConfig(dir);
    deadEndpoint = emulator.url;
    host = new URL(deadEndpoint).host;
    await emulator.close();
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('rotate-secret --endpoint says which host gave no answer and why, not an unexpected failure (exit 1)', async () => {
    // Act
    const result = await runCliInProcess(['rotate-secret', sampleIds.secretSchedAuth, ...endpointArgs()]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `cg-responder rotate-secret: no answer from ${host} to GET /_emulator/rotations: ${host} refused the connection (nothing listens there)`,
      '  --endpoint takes the URL a running `cg-responder emulator` prints',
    ]);
  });

  it('doctor says GetNamespace got no answer as the other checks say it, and does not claim that no problem names a user', async () => {
    // Act
    const result = await runCliInProcess(['doctor', ...endpointArgs(), '--topic', sampleIds.topic, '--allowed-vaults', sampleIds.vault]);

    // Assess
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines).toContain(
      `FAIL object-storage-namespace: GetNamespace failed: no answer from ${host} to GET /n: ${host} refused the connection (nothing listens there)`,
    );
    expect(lines).toContain('FAIL user-credentials: no user to check (Cloud Guard could not be read: see the cloud-guard check)');
    expect(result.stdout).not.toContain('OciCallError');
  });

  it('replay --against live says Cloud Guard gave no answer, not that a policy is missing, and why the tenancy could not be read back', async () => {
    // Act
    const result = await runCliInProcess([
      'replay',
      join(import.meta.dirname, '..', '..', 'events', 'cloudguard', 'problem-remediated.auth-token-too-old.json'),
      '--against',
      'live',
      ...endpointArgs(),
      '--topic',
      sampleIds.topic,
      '--identity-region',
      'us-ashburn-1',
    ]);

    // Assess
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines).toContain(
      "  Next        Cloud Guard gave no answer: replay the event once it answers (from the Function, check its subnet's route to OCI services).",
    );
    expect(result.stdout).not.toContain('may read Cloud Guard problems');
    expect(result.stdout).toMatch(
      new RegExp(
        `What changed: unknown \\(could not read the tenancy back: before the run: no answer from ${host} to GET /\\S+: ${host} refused the connection`,
      ),
    );
  });
});
