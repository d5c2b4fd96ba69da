import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/cli.js';
import { nextPooledKeyPair } from '../support/key-pool.js';

/** Every command, with one of its options that takes a value. */
const COMMANDS = [
  { name: 'replay', valued: '--timeout', args: ['event.json'] },
  { name: 'emulator', valued: '--port', args: [] },
  { name: 'doctor', valued: '--profile', args: [] },
  { name: 'policy', valued: '--topic', args: [] },
  { name: 'rotate-secret', valued: '--state', args: [] },
] as const;

/** What node:util's parser says in its own words; none of it may reach the user. */
const RAW_PARSER_TEXT =
  /Unknown option '|argument missing|does not take an argument|To specify a positional argument|This command does not take positional arguments/;

describe('one CLI voice: every command parses its arguments and reports its failures the same way', () => {
  it.each(COMMANDS)('$name: an unknown option is exit 2 with "did you mean --json?" in two lines', async ({ name, args }) => {
    // Act
    const result = await runCliInProcess([name, ...args, '--jsno']);

    // Assess
    expect(result.stderr).toBe(`cg-responder ${name}: unknown option --jsno\n  did you mean --json?\n`);
    expect(result.code).toBe(2);
  });

  it.each(COMMANDS)('$name: an option missing its value is named, with its own help line', async ({ name, valued, args }) => {
    // Act
    const result = await runCliInProcess([name, ...args, valued]);

    // Assess
    const [error, hint, rest] = result.stderr.split('\n');
    expect(error).toBe(`cg-responder ${name}: ${valued} needs a value`);
    expect(hint).toMatch(new RegExp(`^  usage: ${valued} `));
    expect(rest).toBe('');
    expect(result.stderr).not.toMatch(RAW_PARSER_TEXT);
    expect(result.code).toBe(2);
  });

  it.each(COMMANDS)(
    '$name: a flag given a value it does not take, or an option where its value belongs, is named',
    async ({ name, valued, args }) => {
      // Act
      const flagWithValue = await runCliInProcess([name, ...args, '--json=yes']);
      const optionForValue = await runCliInProcess([name, ...args, valued, '--json']);

      // Assess
      expect(flagWithValue.stderr.split('\n')[0]).toBe(`cg-responder ${name}: --json takes no value`);
      expect(optionForValue.stderr.split('\n')[0]).toBe(`cg-responder ${name}: ${valued} needs a value (got the option --json)`);
      expect(`${flagWithValue.stderr}${optionForValue.stderr}`).not.toMatch(RAW_PARSER_TEXT);
      expect([flagWithValue.code, optionForValue.code]).toEqual([2, 2]);
    },
  );

  it('says "unexpected argument" the same way for commands that take none', async () => {
    // Act
    const results = await Promise.all(['emulator', 'doctor', 'policy'].map((name) => runCliInProcess([name, 'extra'])));

    // Assess
    expect(results.map((result) => result.stderr.split('\n')[0])).toEqual(
      ['emulator', 'doctor', 'policy'].map((name) => `cg-responder ${name}: unexpected argument "extra"`),
    );
    expect(results.map((result) => result.code)).toEqual([2, 2, 2]);
  });

  describe('doctor and replay against an endpoint where nothing listens', () => {
    let dir: string;
    let configFile: string;
    let closedPort: number;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'cgr-voice-'));
      const keyFile = join(dir, 'key.pem');
      await writeFile(keyFile, nextPooledKeyPair().privateKeyPem, { mode: 0o600 });
      configFile = join(dir, 'config');
      await writeFile(
        configFile,
        [
          '[DEFAULT]',
          'user=ocid1.user.oc1..aaaaaaaaexample',
          'fingerprint=aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99',
          'tenancy=ocid1.tenancy.oc1..aaaaaaaaexample',
          'region=us-ashburn-1',
          `key_file=${keyFile}`,
          '',
        ].join('\n'),
      );
      // A port that was just free: bound, then released.
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      closedPort = (server.address() as { port: number }).port;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('says which host gave no answer and why, never [object Object]', async () => {
      // Act
      const result = await runCliInProcess([
        'doctor',
        '--config-file',
        configFile,
        '--endpoint',
        `http://127.0.0.1:${closedPort}`,
        '--topic',
        'ocid1.onstopic.oc1.iad.aaaaaaaaexample',
      ]);

      // Assess
      expect(result.stdout).not.toContain('[object Object]');
      expect(result.stdout).toContain(
        `FAIL home-region: ListRegionSubscriptions failed: no answer from 127.0.0.1:${closedPort} to GET /20160918/tenancies/`,
      );
      expect(result.stdout).toContain(`127.0.0.1:${closedPort} refused the connection (nothing listens there)`);
      expect(result.stdout).toContain(
        'fix: check --endpoint (or the region in the OCI config), the network and any proxy: the call got no answer',
      );
      expect(result.code).toBe(1);
    });

    it('replay --against dry-run says the same: which host, why, and that nothing was written', async () => {
      // Prepare
      const event = join(import.meta.dirname, '..', '..', 'events', 'cloudguard', 'problem-remediated.api-key-too-old.json');

      // Act
      const result = await runCliInProcess([
        'replay',
        event,
        '--against',
        'dry-run',
        '--config-file',
        configFile,
        '--endpoint',
        `http://127.0.0.1:${closedPort}`,
        '--topic',
        'ocid1.onstopic.oc1.iad.aaaaaaaaexample',
      ]);

      // Assess
      const [error, hint, rest] = result.stderr.split('\n');
      expect(error).toMatch(
        new RegExp(
          `^cg-responder replay: the dry run could not read what the event concerns from the tenancy: no answer from 127\\.0\\.0\\.1:${closedPort} to GET /20200131/problems/\\S+: 127\\.0\\.0\\.1:${closedPort} refused the connection`,
        ),
      );
      expect(hint).toContain('nothing was written');
      expect(rest).toBe('');
      expect(result.code).toBe(1);
    });
  });
});
