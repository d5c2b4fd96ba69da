import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };
import { builtBundles } from '../support/built-bundles.js';
import { runBuiltCli, type SpawnedCliResult } from '../support/cli.js';
import { startStandaloneEmulator } from '../support/standalone-emulator.js';

const ROOT = join(import.meta.dirname, '..', '..');
const event = (name: string): string => join(ROOT, 'events', 'cloudguard', name);

describe('CLI: cg-responder replay, run as a user would', () => {
  let workDir: string;
  let cli: string;

  const run = (args: string[]): Promise<SpawnedCliResult> => runBuiltCli(cli, args, workDir);

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'cgr-cli-'));
    cli = builtBundles().cliOut;
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('replays the API-key sample against the embedded emulator and prints the report with the email', async () => {
    // Act
    const result = await run(['replay', event('problem-remediated.api-key-too-old.json')]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Outcome     ROTATED');
    expect(result.stdout).toContain('Subject: Rotated API key of alice@example.com · secret v2');
    expect(result.stdout).toContain(`- API key ${sampleIds.apiFingerprint} of alice@example.com`);
    expect(result.stdout).toMatch(/\+ secret alice-api-key v2 \[CURRENT, LATEST\] name cgr-/);
    expect(result.stdout).not.toContain('PRIVATE KEY-----');
  });

  it('rotates once when the same event is delivered twice, and says so', async () => {
    // Prepare
    const file = event('problem-remediated.auth-token-too-old.json');

    // Act
    const result = await run(['replay', file, file, '--json']);

    // Assess
    expect(result.code).toBe(0);
    const outcomes = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { status: string; credential: { newId: string }; notification: { skipped: string | null } });
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rotated', 'already-rotated']);
    // The second says the email went out already, not that a rotation may still be making it.
    expect(outcomes[1]?.notification.skipped).toContain('the run that did it sent the email');
    expect(outcomes[1]?.notification.skipped).not.toContain('is making');
    expect(outcomes[1]?.credential.newId).toBe(outcomes[0]?.credential.newId);
  });

  it('handles every bundled sample with its documented outcome', async () => {
    // Prepare
    const expectations: Array<[string, string]> = [
      ['problem-remediated.api-key-too-old.json', 'rotated'],
      ['problem-remediated.auth-token-too-old.json', 'rotated'],
      ['problem-remediated.secret-key-too-old.json', 'rotated'],
      ['problem-remediated.password-too-old.json', 'rotated'],
      ['problem-detected.api-key-too-old.json', 'ignored'],
      ['problem-remediated.unknown-problem.json', 'ignored'],
    ];

    // Act
    const result = await run(['replay', ...expectations.map(([name]) => event(name)), '--json']);

    // Assess
    expect(result.code).toBe(0);
    const statuses = result.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { status: string }).status);
    expect(statuses).toEqual(expectations.map(([, status]) => status));
  });

  it('exits 1 with a refusal that names the field for an invalid event', async () => {
    // Prepare
    const invalid = join(ROOT, 'events', 'cloudguard', 'invalid', 'missing-user-ocid.json');

    // Act
    const result = await run(['replay', invalid, '--json']);

    // Assess
    expect(result.code).toBe(1);
    const outcome = JSON.parse(result.stdout.trim()) as { status: string; reason: string };
    expect(outcome.status).toBe('refused');
    expect(outcome.reason).toContain('User OCID');
  });

  it('exits 2 with a one-line usage error for bad arguments', async () => {
    // Act
    const noFile = await run(['replay']);
    const badTarget = await run(['replay', event('problem-remediated.api-key-too-old.json'), '--against', 'prod']);

    // Assess
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('replay needs an event file or --problem <problem OCID>');
    expect(badTarget.code).toBe(2);
    expect(badTarget.stderr).toContain('--against must be emulator, dry-run or live');
  });

  it('writes the final emulator state with --state-out, mode 0600 and without secret contents', async () => {
    // Prepare
    const out = join(workDir, 'final-state.json');

    // Act
    const result = await run(['replay', event('problem-remediated.secret-key-too-old.json'), '--state-out', out]);

    // Assess
    expect(result.code).toBe(0);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const state = JSON.parse(await readFile(out, 'utf8')) as { secrets: Array<{ versions: Array<{ content: string | null }> }> };
    const contents = state.secrets.flatMap((secret) => secret.versions.map((version) => version.content));
    expect(contents.length).toBeGreaterThan(5);
    expect(contents.every((content) => content === null)).toBe(true);
  });

  it('plans a rotation read-only (dry run) against a tenancy served by a standalone emulator', async () => {
    // Prepare
    const tenancy = await startStandaloneEmulator(cli, await mkdtemp(join(workDir, 'tenancy-')));
    const { endpoint, configFile, profile } = tenancy;
    const stateBefore = await (await fetch(`${endpoint}/_emulator/state`)).json();

    // Act
    const result = await run([
      'replay',
      event('problem-remediated.api-key-too-old.json'),
      '--against',
      'dry-run',
      '--config-file',
      configFile,
      '--profile',
      profile,
      '--endpoint',
      endpoint,
      '--identity-region',
      'us-ashburn-1',
      '--topic',
      sampleIds.topic,
    ]);
    const stateAfter = await (await fetch(`${endpoint}/_emulator/state`)).json();
    tenancy.stop();

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Plan (dry run: these writes were NOT sent):');
    expect(result.stdout).toMatch(/> UpdateSecret PUT \/20180608\/secrets\//);
    expect(result.stdout).toMatch(/> UploadApiKey POST \/20160918\/users\//);
    expect(result.stdout).toMatch(/> DeleteApiKey DELETE /);
    expect(stateAfter).toEqual(stateBefore);
  });

  it('rotates once when two separate processes deliver the same event at the same moment (live against a standalone emulator)', async () => {
    // Prepare
    const tenancy = await startStandaloneEmulator(cli, await mkdtemp(join(workDir, 'tenancy-')));
    const { endpoint, configFile, profile } = tenancy;
    const args = [
      'replay',
      event('problem-remediated.auth-token-too-old.json'),
      '--against',
      'live',
      '--json',
      '--config-file',
      configFile,
      '--profile',
      profile,
      '--endpoint',
      endpoint,
      '--identity-region',
      'us-ashburn-1',
      '--topic',
      sampleIds.topic,
    ];

    // Act
    const [one, two] = await Promise.all([run(args), run(args)]);
    const state = (await (await fetch(`${endpoint}/_emulator/state`)).json()) as {
      users: Array<{ id: string; authTokens: Array<{ id: string }> }>;
      secrets: Array<{ id: string; versions: Array<{ name: string | null }> }>;
    };
    tenancy.stop();

    // Assess
    expect([one.code, two.code]).toEqual([0, 0]);
    const outcomes = [one, two].map((result) => JSON.parse(result.stdout.trim()) as { status: string; credential: { newId: string } });
    const tokens = state.users.find((user) => user.id === sampleIds.alice)?.authTokens ?? [];
    expect(tokens).toHaveLength(1);
    expect(outcomes.map((outcome) => outcome.credential.newId)).toEqual([tokens[0]?.id, tokens[0]?.id]);
    const named =
      state.secrets.find((secret) => secret.id === sampleIds.secretAuth)?.versions.filter((version) => version.name?.startsWith('cgr-')) ??
      [];
    expect(named).toHaveLength(1);
  });
});
