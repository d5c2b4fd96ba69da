import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };
import { builtBundles } from '../support/built-bundles.js';

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('CLI: cg-responder rotate-secret, run as a user would', () => {
  let workDir: string;
  let cli: string;

  const run = (args: string[]): Promise<CliRun> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [cli, ...args], { cwd: workDir, env: { PATH: process.env['PATH'] ?? '', HOME: workDir } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'cgr-cli-rotate-'));
    cli = (await builtBundles()).cliOut;
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('rotates the three scheduled sample secrets, then the API key again, in order against one state, one outcome per line', async () => {
    // Act
    const result = await run(['rotate-secret', sampleIds.secretSchedApi, sampleIds.secretSchedAuth, sampleIds.secretSchedSecretKey, sampleIds.secretSchedApi, '--json']);

    // Assess
    expect(result.code).toBe(0);
    const outcomes = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { status: string; credential: { type: string; oldId: string; newId: string }; trigger: { kind: string } });
    expect(outcomes.map((outcome) => `${outcome.credential.type}:${outcome.status}`)).toEqual(['API_KEY:rotated', 'AUTH_TOKEN:rotated', 'CUSTOMER_SECRET_KEY:rotated', 'API_KEY:rotated']);
    expect(outcomes[0]?.credential.oldId).toBe(sampleIds.carolApiFingerprint);
    expect(outcomes[3]?.credential.oldId).toBe(outcomes[0]?.credential.newId);
    expect(outcomes.every((outcome) => outcome.trigger.kind === 'vault-schedule')).toBe(true);
    expect(result.stdout).not.toContain('PRIVATE KEY-----');
  });

  it('prints the four steps and the email in the human report; a secret with no rotation config is refused, exit 1', async () => {
    // Act
    const result = await run(['rotate-secret', sampleIds.secretSchedAuth, sampleIds.secretAuth]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/PROMOTE_PENDING_VERSION\s+attempt 1: 200/);
    expect(result.stdout).toContain('Trigger: Vault schedule');
    expect(result.stdout).toContain(`RotateSecret of ${sampleIds.secretAuth} did not run a rotation`);
  });

  it('refuses an argument that is not a secret OCID (exit 2)', async () => {
    // Act
    const result = await run(['rotate-secret', 'not-an-ocid']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not a secret OCID');
  });
});
