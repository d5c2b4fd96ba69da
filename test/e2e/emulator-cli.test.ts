import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { access, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { emulatorCommand } from '../../cli/commands/emulator.js';
import { builtBundles } from '../support/built-bundles.js';
import common from 'oci-common';
import { IdentityClient } from 'oci-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ids from '../../emulator/state/sample-ids.json' with { type: 'json' };
import { createSampleTenancy } from '../../emulator/state/create-sample-tenancy.js';

// `cg-responder emulator` run as a user would: the bundled CLI in a child process, driven by the
// real OCI SDK through the config file it writes.

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let workDir: string;
let cli: string;

function start(args: string[]): { child: ChildProcessWithoutNullStreams; finished: Promise<Finished>; firstLine: Promise<string> } {
  const child = spawn(process.execPath, [cli, ...args], { cwd: workDir, env: { PATH: process.env['PATH'] ?? '', TMPDIR: workDir } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('close', () => reject(new Error(`the CLI exited before printing a line: ${stderr}`)));
  });
  firstLine.catch(() => undefined);
  const finished = new Promise<Finished>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, finished, firstLine };
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

function identityClientFor(configFile: string, profile: string, endpoint: string): IdentityClient {
  const client = new IdentityClient(
    { authenticationDetailsProvider: new common.ConfigFileAuthenticationDetailsProvider(configFile, profile) },
    {
      retryConfiguration: common.NoRetryConfigurationDetails,
      circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }),
    },
  );
  client.endpoint = endpoint;
  return client;
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'cgr-emulator-cli-'));
  cli = builtBundles().cliOut;
  await writeFile(join(workDir, 'not-json.txt'), 'this is not JSON\n');
  const invalid = createSampleTenancy() as unknown as { users: Array<Record<string, unknown>> };
  delete invalid.users[0]!['name'];
  await writeFile(join(workDir, 'invalid-seed.json'), JSON.stringify(invalid));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('cg-responder emulator', () => {
  it('prints one JSON line, serves the SDK through the config it wrote, and stops cleanly on SIGTERM', async () => {
    // Prepare
    const configDir = join(workDir, 'kept-config');
    const running = start(['emulator', '--json', '--config-dir', configDir]);
    const info = JSON.parse(await running.firstLine) as {
      endpoint: string;
      configFile: string;
      profile: string;
      tenancyId: string;
      userId: string;
    };
    const keyFile = join(configDir, 'cg-responder-emulator.pem');
    const keyMode = (await stat(keyFile)).mode & 0o777;
    const configMode = (await stat(info.configFile)).mode & 0o777;

    // Act
    const user = await identityClientFor(info.configFile, info.profile, info.endpoint).getUser({ userId: ids.alice });
    running.child.kill('SIGTERM');
    const finished = await running.finished;

    // Assess
    expect(Object.keys(info).sort()).toEqual([
      'adminProfile',
      'configFile',
      'endpoint',
      'homeRegion',
      'profile',
      'resolvedProblems',
      'rotationSecrets',
      'tenancyId',
      'topicId',
      'userId',
      'vaultIds',
    ]);
    // --help names every field the JSON line has, in its order.
    expect(emulatorCommand.usage.replace(/\s+/g, ' ')).toContain(`{${Object.keys(info).join(', ')}}`);
    expect(info.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect([info.tenancyId, info.userId, dirname(info.configFile)]).toEqual([ids.tenancy, ids.operator, configDir]);
    expect(user.user.name).toBe('alice@example.com');
    expect([keyMode, configMode]).toEqual([0o600, 0o600]);
    expect([finished.code, finished.signal]).toEqual([0, null]);
    expect(finished.stdout.trim().split('\n')).toHaveLength(1);
    expect(finished.stderr).toBe('');
    expect([await exists(info.configFile), await exists(keyFile)]).toEqual([true, true]);
    expect(await readFile(keyFile, 'utf8')).toContain('PRIVATE KEY');
  });

  it('removes its temporary config directory, private key included, on SIGINT', async () => {
    // Prepare
    const running = start(['emulator', '--json']);
    const info = JSON.parse(await running.firstLine) as { configFile: string };
    const presentWhileRunning = await exists(info.configFile);

    // Act
    running.child.kill('SIGINT');
    const finished = await running.finished;

    // Assess
    expect(presentWhileRunning).toBe(true);
    expect(info.configFile.startsWith(workDir)).toBe(true);
    expect(finished.code).toBe(0);
    expect(await exists(dirname(info.configFile))).toBe(false);
  });

  it('without --json, explains in text how to point the SDK, the CLI and curl at it', async () => {
    // Prepare
    const seed = createSampleTenancy();
    seed.users[0]!.description = 'seeded from a file';
    const seedFile = join(workDir, 'seed.json');
    await writeFile(seedFile, JSON.stringify(seed));
    const running = start(['emulator', '--state', seedFile]);
    await running.firstLine;

    // Act
    running.child.kill('SIGTERM');
    const finished = await running.finished;
    const endpoint = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(finished.stdout)?.[1];

    // Assess
    expect(finished.code).toBe(0);
    expect(endpoint).toBeDefined();
    expect(finished.stdout).toContain(`client.endpoint = '${endpoint}'`);
    expect(finished.stdout).toContain('ConfigFileAuthenticationDetailsProvider(');
    expect(finished.stdout).toContain(`${endpoint}/_emulator/state`);
    // The banner names the seed it really serves, and the control calls rotate-secret and tests rely on.
    expect(finished.stdout.split('\n')[0]).toBe(`OCI emulator (seeded from ${seedFile}) listening on ${endpoint}`);
    expect(finished.stdout).toContain(`GET ${endpoint}/_emulator/rotations   POST ${endpoint}/_emulator/cloudguard/scan`);
    expect(finished.stdout).not.toContain('PRIVATE KEY');
    // The OCIDs doctor, rotate-secret and replay --problem take, with a command line for each.
    expect(finished.stdout).toMatch(new RegExp(`topic +${ids.topic}`));
    expect(finished.stdout).toMatch(new RegExp(`secret carol-api-key +${ids.secretSchedApi} +\\(on a Vault rotation schedule\\)`));
    expect(finished.stdout).toMatch(new RegExp(`problem AUTH_TOKEN_TOO_OLD +${ids.probAuth} +\\(RESOLVED\\)`));
    expect(finished.stdout).toContain(`cg-responder doctor --endpoint ${endpoint} --config-file `);
    expect(finished.stdout).toContain(`--topic ${ids.topic} --allowed-vaults ${ids.vault}`);
    expect(finished.stdout).toContain(`cg-responder rotate-secret ${ids.secretSchedApi} --endpoint ${endpoint}`);
    expect(finished.stdout).toContain(`cg-responder replay --problem ${ids.probApi} --against dry-run --endpoint ${endpoint}`);
  });

  it('answers from the seed it was given', async () => {
    // Prepare
    const seed = createSampleTenancy();
    seed.users[0]!.description = 'seeded from a file';
    const seedFile = join(workDir, 'seed-served.json');
    await writeFile(seedFile, JSON.stringify(seed));
    const running = start(['emulator', '--json', '--state', seedFile]);
    const info = JSON.parse(await running.firstLine) as { endpoint: string; configFile: string; profile: string };

    // Act
    const user = await identityClientFor(info.configFile, info.profile, info.endpoint).getUser({ userId: ids.alice });
    running.child.kill('SIGTERM');
    await running.finished;

    // Assess
    expect(user.user.description).toBe('seeded from a file');
  });

  it.each([
    ['a port that is not a number', ['emulator', '--port', 'eighty'], '--port must be a port number'],
    ['an unknown option', ['emulator', '--verbose'], 'unknown option --verbose'],
    ['a seed that is not JSON', ['emulator', '--state', 'not-json.txt'], 'is not valid JSON'],
    ['a seed that does not match the schema', ['emulator', '--state', 'invalid-seed.json'], 'Invalid emulator state at /users/0/name'],
    ['no command', [], 'missing command'],
    ['an unknown command', ['serve'], 'unknown command "serve"'],
  ])('exits 2 with a one-line reason and a one-line hint (not the whole usage) for %s', async (_name, args, reason) => {
    // Act
    const finished = await start(args).finished;

    // Assess
    expect(finished.code).toBe(2);
    const [line, hint, ...rest] = finished.stderr.trimEnd().split('\n');
    expect(line).toContain(reason);
    expect(hint).toMatch(/^ {2}(see cg-responder|see schemas\/emulator-state|commands: |did you mean)/);
    expect(rest).toEqual([]);
    expect(finished.stdout).toBe('');
  });

  it('prints its usage for --help and exits 0', async () => {
    // Act
    const finished = await start(['emulator', '--help']).finished;

    // Assess
    expect(finished.code).toBe(0);
    expect(finished.stdout).toContain('Usage: cg-responder emulator [--port N] [--state seed.json] [--config-dir DIR] [--json]');
  });
});
