import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOciEmulator, type OciConfigFiles, type OciEmulator } from '../../emulator/index.js';
import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };
import packageJson from '../../package.json' with { type: 'json' };
import { runCliInProcess } from '../support/cli.js';
import { instantTenancy } from '../support/instant-tenancy.js';
import { pooledKeyPair } from '../support/key-pool.js';

const ROOT = join(import.meta.dirname, '..', '..');
const event = (name: string): string => join(ROOT, 'events', 'cloudguard', name);
/** A dry-run replay of the API-key sample, with `extra` arguments. */
const dryRunArgs = (...extra: string[]): string[] => [
  'replay',
  event('problem-remediated.api-key-too-old.json'),
  '--against',
  'dry-run',
  '--topic',
  sampleIds.topic,
  ...extra,
];
const SDK_CHATTER = /Retrying after|Request failed with Exception|Request cannot be retried|All retry attempts/;

describe('CLI: usage errors are one line plus a hint', () => {
  it('suggests the command meant for a mistyped one', async () => {
    // Act
    const result = await runCliInProcess(['replya', event('problem-remediated.api-key-too-old.json')]);

    // Assess
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual(['cg-responder: unknown command "replya"', '  did you mean "replay"?']);
    expect(result.stdout).toBe('');
  });

  it('suggests the flag meant for a mistyped one', async () => {
    // Act
    const result = await runCliInProcess(['replay', event('problem-remediated.api-key-too-old.json'), '--jsno']);

    // Assess
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual(['cg-responder replay: unknown option --jsno', '  did you mean --json?']);
  });

  it('gives the one mistake and a pointer to --help, not the whole help again', async () => {
    // Act
    const noFile = await runCliInProcess(['replay']);
    const badTarget = await runCliInProcess(['replay', event('problem-remediated.api-key-too-old.json'), '--against', 'prod']);
    const noCommand = await runCliInProcess([]);

    // Assess
    for (const result of [noFile, badTarget, noCommand]) {
      expect(result.code, `${result.stdout}${result.stderr}`).toBe(2);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(2);
      expect(result.stderr).not.toContain('Usage:');
    }
    expect(noFile.stderr).toBe(
      'cg-responder replay: replay needs an event file or --problem <problem OCID>\n  see cg-responder replay --help\n',
    );
    expect(badTarget.stderr).toContain('--against must be emulator, dry-run or live (got "prod")');
    expect(noCommand.stderr).toContain('missing command');
  });

  it('refuses an --endpoint that is not a base URL in every command that takes one, before anything runs', async () => {
    // Act
    const results = [
      await runCliInProcess(dryRunArgs('--endpoint', 'localhost:8080')),
      await runCliInProcess(['rotate-secret', sampleIds.secretSchedAuth, '--endpoint', 'localhost:8080']),
      await runCliInProcess(['doctor', '--endpoint', 'localhost:8080']),
    ];

    // Assess
    for (const result of results) {
      expect(result.code, result.stderr).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^cg-responder [a-z-]+: --endpoint must be a base URL such as http:\/\/127\.0\.0\.1:8080/);
      expect(result.stderr.trimEnd().split('\n')[1]).toMatch(/^ {2}usage: --endpoint <url> /);
    }
  });

  it('gives the emulator command the same one-line errors: a mistyped flag, a bad --state', async () => {
    // Act
    const typo = await runCliInProcess(['emulator', '--prot', '8080']);
    const badState = await runCliInProcess(['emulator', '--state', join(ROOT, 'package.json')]);

    // Assess
    expect(typo.code).toBe(2);
    expect(typo.stderr.trimEnd().split('\n')).toEqual(['cg-responder emulator: unknown option --prot', '  did you mean --port?']);
    expect(badState.code).toBe(2);
    expect(badState.stderr).toMatch(
      /^cg-responder emulator: the state file .*package\.json is not an emulator state: Invalid emulator state at \//,
    );
    expect(badState.stderr.trimEnd().split('\n')).toHaveLength(2);
  });

  it('prints the package version for --version', async () => {
    // Act
    const result = await runCliInProcess(['--version']);

    // Assess
    expect(result).toEqual({ code: 0, stdout: `cg-responder ${packageJson.version}\n`, stderr: '' });
  });
});

describe('CLI: file errors give their reason', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cgr-cli-files-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names a missing event file and says "no such file"; a directory says so too', async () => {
    // Act
    const missing = await runCliInProcess(['replay', join(dir, 'nope.json')]);
    const directory = await runCliInProcess(['replay', dir]);

    // Assess
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe(`cg-responder replay: cannot read the event file ${join(dir, 'nope.json')}: no such file`);
    expect(directory.code).toBe(2);
    expect(directory.stderr.split('\n')[0]).toBe(`cg-responder replay: cannot read the event file ${dir}: is a directory, not a file`);
  });

  it('treats a bad --state file as a usage error naming the reason: missing, not JSON, not a state', async () => {
    // Prepare
    const notJson = join(dir, 'not-json.json');
    const notState = join(dir, 'not-state.json');
    await writeFile(notJson, '{ "version": 1,');
    await writeFile(notState, JSON.stringify({ version: 1, users: 'alice' }));
    const replay = (state: string) => runCliInProcess(['replay', event('problem-remediated.api-key-too-old.json'), '--state', state]);

    // Act
    const [missing, badJson, badState] = [await replay(join(dir, 'none.json')), await replay(notJson), await replay(notState)];

    // Assess
    for (const result of [missing, badJson, badState]) {
      expect(result.code, `${result.stdout}${result.stderr}`).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(2);
      expect(result.stderr).not.toContain('unexpected failure');
    }
    expect(missing.stderr).toContain(`cannot read the state file ${join(dir, 'none.json')}: no such file`);
    expect(badJson.stderr).toContain(`the state file ${notJson} is not valid JSON`);
    expect(badState.stderr).toMatch(/the state file .*not-state\.json is not an emulator state: Invalid emulator state at \/\S*/);
  });

  it('refuses a --state-out path that cannot be written before replaying anything, naming why', async () => {
    // Act
    const result = await runCliInProcess([
      'replay',
      event('problem-remediated.api-key-too-old.json'),
      '--state-out',
      join(dir, 'missing-folder', 'state.json'),
    ]);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(
      `cg-responder replay: cannot write the state file ${join(dir, 'missing-folder', 'state.json')}: no such directory ${join(dir, 'missing-folder')}`,
    );
  });

  it('says the same about an OCI config it cannot load in every command: the profile, the file and why, without the SDK noise', async () => {
    // Prepare
    const noProfile = join(dir, 'config');
    await writeFile(noProfile, '[OTHER]\nuser=ocid1.user.oc1..aaaa\n');
    const commands = (file: string): string[][] => [
      ['doctor', '--config-file', file],
      ['rotate-secret', sampleIds.secretSchedAuth, '--endpoint', 'http://127.0.0.1:9', '--config-file', file],
      dryRunArgs('--config-file', file),
    ];

    // The SDK prints "No DEFAULT profile was specified" with console.info itself.
    const consoleInfo = vi.spyOn(console, 'info');

    // Act
    const missing = await Promise.all(commands(join(dir, 'none')).map((args) => runCliInProcess(args)));
    const withoutProfile = await Promise.all(commands(noProfile).map((args) => runCliInProcess(args)));
    const sdkNoise = consoleInfo.mock.calls.length;
    consoleInfo.mockRestore();

    // Assess
    for (const [index, result] of missing.entries()) {
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')[0]).toMatch(
        new RegExp(
          `^cg-responder ${commands('')[index]?.[0]}: cannot load OCI config profile DEFAULT from ${join(dir, 'none')}: no such file$`,
        ),
      );
    }
    for (const result of withoutProfile) {
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')[0]).toMatch(
        /: cannot load OCI config profile DEFAULT from .*config: the file has no \[DEFAULT\] profile$/,
      );
      expect(`${result.stdout}${result.stderr}`).not.toMatch(/For more info/);
    }
    expect(sdkNoise).toBe(0);
  });
});

describe('CLI: dry run and live against a standalone tenancy report what is true', () => {
  let emulator: OciEmulator;
  let dir: string;
  let files: OciConfigFiles;
  const tenancyArgs = (against: 'dry-run' | 'live', file: string, ...extra: string[]): string[] => [
    'replay',
    event(file),
    '--against',
    against,
    '--config-file',
    files.configFile,
    '--profile',
    files.profile,
    '--endpoint',
    emulator.url,
    '--identity-region',
    'us-ashburn-1',
    '--topic',
    sampleIds.topic,
    ...extra,
  ];

  beforeEach(async () => {
    // Prepare: an emulator standing in for a real tenancy, with an OCI config profile for it.
    emulator = await createOciEmulator({ state: instantTenancy(), keyPairs: pooledKeyPair });
    dir = await mkdtemp(join(tmpdir(), 'cgr-cli-tenancy-'));
    files = await emulator.writeOciConfig(dir);
  });
  afterEach(async () => {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('live: lists the real changes when a rotation fails half-way (new token, secret v2 CURRENT, old token kept)', async () => {
    // Prepare: the old token cannot be deleted (a permanent error, not retried).
    emulator.addFault({ operation: 'DeleteAuthToken', status: 400, code: 'InvalidParameter' });

    // Act
    const result = await runCliInProcess(tenancyArgs('live', 'problem-remediated.auth-token-too-old.json'));

    // Assess
    const alice = emulator.getState().users.find((user) => user.id === sampleIds.alice);
    const newToken = alice?.authTokens.find((token) => token.id !== sampleIds.authToken);
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(1);
    expect(result.stdout).toContain('Outcome     FAILED');
    expect(result.stdout).not.toContain('What changed: nothing.');
    expect(result.stdout).toContain(`+ auth token ${newToken?.id ?? 'missing'} on alice@example.com`);
    expect(result.stdout).not.toContain(`- auth token ${sampleIds.authToken}`);
    expect(result.stdout).toMatch(/\+ secret alice-auth-token v2 \[CURRENT, LATEST\]/);
    expect(result.stdout).toMatch(/~ secret alice-auth-token v1 \[CURRENT, LATEST\] -> \[PREVIOUS\]/);
  });

  it('live: a completed rotation lists the token added and the old one removed', async () => {
    // Act
    const result = await runCliInProcess(tenancyArgs('live', 'problem-remediated.auth-token-too-old.json'));

    // Assess
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('Outcome     ROTATED');
    expect(result.stdout).toContain(`- auth token ${sampleIds.authToken} of alice@example.com`);
    expect(result.stdout).toContain('cg-responder replay · LIVE against the OCI endpoint http://127.0.0.1:');
    expect(result.stdout).not.toContain('real tenancy');
  });

  it('keeps SDK retry chatter out of the output unless --verbose, in live and dry-run modes', async () => {
    // Prepare: each run meets one transient 503 the SDK retries (and announces).
    const retried = (): string => emulator.addFault({ operation: 'GetUser', status: 503, code: 'ServiceUnavailable', count: 1 });

    // Act
    retried();
    const live = await runCliInProcess(tenancyArgs('live', 'problem-remediated.auth-token-too-old.json'));
    retried();
    const dryRun = await runCliInProcess(tenancyArgs('dry-run', 'problem-remediated.api-key-too-old.json'));
    retried();
    const verbose = await runCliInProcess(tenancyArgs('dry-run', 'problem-remediated.api-key-too-old.json', '--verbose'));

    // Assess
    expect(live.code, live.stdout).toBe(0);
    expect(dryRun.code, dryRun.stdout).toBe(0);
    for (const quiet of [live, dryRun]) expect(`${quiet.stdout}${quiet.stderr}`).not.toMatch(SDK_CHATTER);
    expect(verbose.stderr).toMatch(SDK_CHATTER);
  });

  it('dry run: the email is "would be published" (PublishMessage is a planned write), and an endpoint is not called a real tenancy', async () => {
    // Act
    const result = await runCliInProcess(tenancyArgs('dry-run', 'problem-remediated.api-key-too-old.json'));

    // Assess
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
    expect(result.stdout).toContain(
      `cg-responder replay · dry run against the OCI endpoint ${emulator.url} (profile ${files.profile}): read-only, nothing is written`,
    );
    expect(result.stdout).not.toContain('real tenancy');
    expect(result.stdout).toMatch(/> PublishMessage POST /);
    expect(result.stdout).toContain('Email: would be published (Rotated API key of alice@example.com');
    expect(result.stdout).toContain('NOT sent, PublishMessage is in the plan');
    expect(result.stdout).not.toMatch(/Email: published/);
    expect(emulator.getState().topics[0]?.messages).toEqual([]);
  });
});
