import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };
import { builtBundles } from '../support/built-bundles.js';
import { runBuiltCli, type SpawnedCliResult } from '../support/cli.js';
import { startStandaloneEmulator } from '../support/standalone-emulator.js';

describe('CLI: cg-responder rotate-secret, run as a user would', () => {
  let workDir: string;
  let cli: string;

  const run = (args: string[]): Promise<SpawnedCliResult> => runBuiltCli(cli, args, workDir);

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'cgr-cli-rotate-'));
    cli = builtBundles().cliOut;
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('rotates the three scheduled sample secrets, then the API key again, in order against one state, one outcome per line', async () => {
    // Act
    const result = await run([
      'rotate-secret',
      sampleIds.secretSchedApi,
      sampleIds.secretSchedAuth,
      sampleIds.secretSchedSecretKey,
      sampleIds.secretSchedApi,
      '--json',
    ]);

    // Assess
    expect(result.code).toBe(0);
    const outcomes = result.stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { status: string; credential: { type: string; oldId: string; newId: string }; trigger: { kind: string } },
      );
    expect(outcomes.map((outcome) => `${outcome.credential.type}:${outcome.status}`)).toEqual([
      'API_KEY:rotated',
      'AUTH_TOKEN:rotated',
      'CUSTOMER_SECRET_KEY:rotated',
      'API_KEY:rotated',
    ]);
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

  it('rotates through a standalone emulator, whose Vault makes its in-process Function on the first rotation', async () => {
    // Prepare
    const tenancy = await startStandaloneEmulator(cli, await mkdtemp(join(workDir, 'tenancy-')));
    const usersBefore = (await (await fetch(`${tenancy.endpoint}/_emulator/state`)).json()) as {
      users: Array<{ name: string; apiKeys: unknown[] }>;
    };

    // Act
    const result = await run([
      'rotate-secret',
      sampleIds.secretSchedAuth,
      '--json',
      '--endpoint',
      tenancy.endpoint,
      '--config-file',
      tenancy.configFile,
      '--profile',
      tenancy.profile,
    ]);
    const usersAfter = (await (await fetch(`${tenancy.endpoint}/_emulator/state`)).json()) as {
      users: Array<{ name: string; apiKeys: unknown[] }>;
    };
    tenancy.stop();

    // Assess
    expect(result.code).toBe(0);
    const outcome = JSON.parse(result.stdout.trim()) as { status: string; credential: { type: string }; trigger: { kind: string } };
    expect(outcome).toMatchObject({ status: 'rotated', credential: { type: 'AUTH_TOKEN' }, trigger: { kind: 'vault-schedule' } });
    // The Function's own operator key appears with the first rotation, not at the emulator's start.
    const operatorKeys = (state: typeof usersBefore) =>
      state.users.find((user) => user.name === 'cg-responder-operator')?.apiKeys.length ?? 0;
    expect(operatorKeys(usersAfter)).toBe(operatorKeys(usersBefore) + 1);
  });

  it('reports what changed in a standalone emulator, read from its state before and after, not assumed', async () => {
    // Prepare
    const tenancy = await startStandaloneEmulator(cli, await mkdtemp(join(workDir, 'tenancy-')));

    // Act
    const result = await run([
      'rotate-secret',
      sampleIds.secretSchedAuth,
      '--endpoint',
      tenancy.endpoint,
      '--config-file',
      tenancy.configFile,
      '--profile',
      tenancy.profile,
    ]);
    tenancy.stop();

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Outcome     ROTATED');
    expect(result.stdout).not.toContain('What changed: nothing');
    expect(result.stdout).toContain('What changed:\n');
    expect(result.stdout).toMatch(/ {4}\+ auth token ocid1\.credential\.\S+ on carol@example\.com/);
    expect(result.stdout).toMatch(/ {4}- auth token ocid1\.credential\.\S+ of carol@example\.com/);
    expect(result.stdout).toMatch(/ {4}\+ secret carol-auth-token v2 \[CURRENT, LATEST\]/);
    // The Function's own signing key, made with this first rotation, is not presented as the rotation's work.
    expect(result.stdout).toMatch(
      / {4}\+ API key \S+ on cg-responder-operator \(ACTIVE\): the emulator's in-process Function signs with it \(made on its first rotation call\), not this rotation\n/,
    );
  });

  it('refuses an argument that is not a secret OCID (exit 2)', async () => {
    // Act
    const result = await run(['rotate-secret', 'not-an-ocid']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not a secret OCID');
  });
});
