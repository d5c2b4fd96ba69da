import { mkdtemp, rm } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createOciEmulator } from '../../emulator/index.js';
import type { EmulatorState } from '../../emulator/state/types.js';
import type { Command } from '../command.js';
import { UsageError } from '../usage-error.js';

const USAGE = `Usage: cg-responder emulator [--port N] [--state seed.json] [--config-dir DIR] [--json]

Runs the local OCI emulator on 127.0.0.1 until SIGINT or SIGTERM, seeded with the sample tenancy
(or --state), and writes an OCI config profile plus its private key (mode 0600) into DIR
(default: a temporary directory removed on exit), so the OCI SDK or CLI can be pointed at it.

  --port N           listen on port N (default: any free port)
  --state FILE       seed state (JSON, schemas/emulator-state.schema.json)
  --config-dir DIR   where to write 'config' and 'cg-responder-emulator.pem' (kept on exit)
  --json             print one JSON line {endpoint, configFile, profile, tenancyId, userId}`;

export const emulatorCommand: Command = {
  name: 'emulator',
  summary: 'run the local OCI emulator and write an OCI config for it',
  usage: USAGE,
  run: async (argv, io) => {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: { port: { type: 'string' }, state: { type: 'string' }, 'config-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
      }));
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : 'invalid arguments');
    }
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (got "${values.port}")`);
    let state: EmulatorState | undefined;
    if (values.state) {
      try {
        state = JSON.parse(await readFile(values.state, 'utf8')) as EmulatorState;
      } catch {
        throw new UsageError(`cannot read emulator state from ${values.state}`);
      }
    }
    const ownsDir = !values['config-dir'];
    const configDir = values['config-dir'] ? resolve(values['config-dir']) : await mkdtemp(join(tmpdir(), 'cg-responder-emulator-'));
    let emulator;
    try {
      emulator = await createOciEmulator({ port, ...(state ? { state } : {}) });
    } catch (error) {
      if (ownsDir) await rm(configDir, { recursive: true, force: true });
      throw new UsageError(`cannot start the emulator: ${error instanceof Error ? error.message : 'unknown error'}`);
    }
    const files = await emulator.writeOciConfig(configDir);
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ endpoint: emulator.url, configFile: files.configFile, profile: files.profile, tenancyId: files.tenancyId, userId: files.userId })}\n`);
    } else {
      io.stdout.write(
        [
          `OCI emulator listening on ${emulator.url}`,
          `OCI config: ${files.configFile} (profile ${files.profile}; key ${files.keyFile}, mode 0600)`,
          '',
          'Point the OCI SDK at it:',
          `  const provider = new common.ConfigFileAuthenticationDetailsProvider('${files.configFile}', '${files.profile}');`,
          `  const client = new IdentityClient({ authenticationDetailsProvider: provider }); client.endpoint = '${emulator.url}';`,
          'or the OCI CLI:',
          `  oci --config-file ${files.configFile} --endpoint ${emulator.url}/20160918 iam user list`,
          '',
          `Control API: GET ${emulator.url}/_emulator/state · GET ${emulator.url}/_emulator/calls · POST/DELETE ${emulator.url}/_emulator/faults`,
          'Stop with Ctrl-C.',
          '',
        ].join('\n'),
      );
    }
    await new Promise<void>((done) => {
      const stop = (): void => done();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await emulator.close();
    if (ownsDir) await rm(configDir, { recursive: true, force: true });
    return 0;
  },
};
