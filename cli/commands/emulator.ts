import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  createOciEmulator,
  InvalidStateError,
  OciConfigFileExistsError,
  type EmulatorState,
  type OciConfigFiles,
  type OciEmulator,
} from '../../emulator/index.js';
import type { Command } from '../command.js';
import type { InProcessFunction } from '../scheduled/in-process-function.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { readStateFile } from '../read-state-file.js';
import { UsageError } from '../usage-error.js';

const USAGE = `Usage: cg-responder emulator [--port N] [--state seed.json] [--config-dir DIR] [--json]

Runs the local OCI emulator on 127.0.0.1 until SIGINT or SIGTERM, seeded with the sample tenancy
(or --state), and writes an OCI config profile plus its private key (mode 0600) into DIR, so the
OCI SDK or CLI can sign requests to it as the user cg-responder-operator.

  --port N           listen on port N (default: any free port)
  --state FILE       seed state (JSON, schemas/emulator-state.schema.json)
  --config-dir DIR   where to write 'config' and 'cg-responder-emulator.pem'; kept on exit
                     (default: a new temporary directory, removed on exit)
  --json             print one JSON line {endpoint, configFile, profile, tenancyId, userId, adminProfile,
                     homeRegion, topicId, vaultIds, rotationSecrets, resolvedProblems}, nothing else

Without --json it also prints the OCIDs doctor, rotate-secret and replay --problem take (the
topic, vaults, secrets on a Vault rotation schedule, resolved problems) and a command line for each.`;

export const emulatorCommand: Command = {
  name: 'emulator',
  usage: USAGE,
  run: async (argv, io) => {
    const options = parseOptions(argv);
    // Signal handlers first: a signal during start-up must still remove the temporary key directory.
    const stopped = stopSignal();
    try {
      const seed = options.statePath === null ? undefined : await readStateFile(options.statePath);
      const ownsDir = options.configDir === null;
      const configDir = options.configDir ?? (await mkdtemp(join(tmpdir(), 'cg-responder-emulator-')));
      try {
        let emulator: OciEmulator;
        // Its Vault invokes the Function in process for a secret's rotation (RotateSecret). The
        // Function (the OCI SDK, the responder, an operator key pair) is made on the first
        // rotation, not at start: most emulator sessions never rotate a secret. A seed without an
        // operator user or a topic makes it throw, and RotateSecret then fails at its first step.
        let rotationFunction: Promise<InProcessFunction> | null = null;
        try {
          emulator = await createOciEmulator({
            port: options.port,
            ...(seed ? { state: seed } : {}),
            rotationInvoker: (call) => {
              rotationFunction ??= import('../scheduled/in-process-function.js').then(({ inProcessFunction }) =>
                inProcessFunction(emulator),
              );
              return rotationFunction.then((fn) => fn.invoker(call));
            },
          });
        } catch (error) {
          if (error instanceof InvalidStateError) throw new UsageError(`${options.statePath ?? 'the seed'}: ${error.message}`);
          io.stderr.write(
            `cg-responder emulator: cannot listen on 127.0.0.1:${options.port}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
          );
          return 1;
        }
        try {
          let files: OciConfigFiles;
          try {
            files = await emulator.writeOciConfig(configDir);
          } catch (error) {
            if (error instanceof OciConfigFileExistsError) throw new UsageError(error.message);
            throw error;
          }
          const ids = tenancyIds(emulator.getState());
          io.stdout.write(
            options.json
              ? `${JSON.stringify({ endpoint: emulator.url, configFile: files.configFile, profile: files.profile, tenancyId: files.tenancyId, userId: files.userId, adminProfile: files.admin?.profile ?? null, ...ids })}\n`
              : humanSummary(emulator.url, files, ownsDir, ids, options.statePath),
          );
          await stopped.signal;
        } finally {
          await emulator.close();
        }
      } finally {
        if (ownsDir) await rm(configDir, { recursive: true, force: true });
      }
      return 0;
    } finally {
      stopped.dispose();
    }
  },
};

interface EmulatorOptions {
  port: number;
  statePath: string | null;
  configDir: string | null;
  json: boolean;
}

function parseOptions(argv: string[]): EmulatorOptions {
  const { values } = parseCommandArgs(
    argv,
    { port: { type: 'string' }, state: { type: 'string' }, 'config-dir': { type: 'string' }, json: { type: 'boolean', default: false } },
    false,
  );
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!/^\d+$/.test(values.port ?? '0') || !Number.isInteger(port) || port > 65535)
    throw new UsageError(`--port must be a port number from 0 to 65535 (got "${values.port}")`);
  return {
    port,
    statePath: values.state ?? null,
    configDir: values['config-dir'] === undefined ? null : resolve(values['config-dir']),
    json: values.json,
  };
}

/** Resolves on the first SIGINT or SIGTERM; while listening, those no longer kill the process outright. */
function stopSignal(): { signal: Promise<void>; dispose(): void } {
  let stop = (): void => undefined;
  const signal = new Promise<void>((done) => {
    stop = done;
  });
  const onSignal = (): void => stop();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * The OCI CLI line assumes its `--endpoint` takes the bare service URL and that the CLI appends the
 * API version as the SDKs do (not verified here; the TypeScript SDK behaviour is, runtime-notes §2).
 */
function humanSummary(endpoint: string, files: OciConfigFiles, temporary: boolean, ids: TenancyIds, statePath: string | null): string {
  const target = `--endpoint ${endpoint} --config-file ${files.configFile} --profile ${files.profile}`;
  const firstProblem = ids.resolvedProblems[0];
  return [
    `OCI emulator (${statePath ? `seeded from ${statePath}` : 'the sample tenancy'}) listening on ${endpoint}`,
    `OCI config:  ${files.configFile}  profile ${files.profile}, user ${files.userId}`,
    `Private key: ${files.keyFile}  (mode 0600${temporary ? ', removed on exit' : ''})`,
    ...(files.admin
      ? [
          `Profile ${files.admin.profile}: the emulator's administrator (${files.admin.userId}), whom no policy limits: --profile ${files.admin.profile}`,
          `  (profile ${files.profile} keeps the operator's least-privilege policy)`,
        ]
      : []),
    '',
    'OCI TypeScript SDK:',
    `  const provider = new common.ConfigFileAuthenticationDetailsProvider('${files.configFile}', '${files.profile}');`,
    '  const client = new IdentityClient({ authenticationDetailsProvider: provider });',
    `  client.endpoint = '${endpoint}';   // after construction; the SDK appends the API version`,
    'OCI CLI:',
    `  oci --config-file ${files.configFile} --profile ${files.profile} --endpoint ${endpoint} iam user get --user-id ${files.userId}`,
    '',
    'OCIDs of this tenancy the other commands need:',
    `  topic                      ${ids.topicId ?? '(none)'}`,
    ...ids.vaultIds.map((id) => `  vault                      ${id}`),
    ...ids.rotationSecrets.map((secret) => `  secret ${secret.name.padEnd(18)} ${secret.id}  (on a Vault rotation schedule)`),
    ...ids.resolvedProblems.map((problem) => `  problem ${problem.rule.padEnd(18)} ${problem.id}  (RESOLVED)`),
    '',
    'Try:',
    `  cg-responder doctor ${target} --topic ${ids.topicId ?? '<topic OCID>'} --allowed-vaults ${ids.vaultIds.join(',') || '<vault OCID>'}`,
    `  cg-responder rotate-secret ${ids.rotationSecrets[0]?.id ?? '<secret OCID>'} ${target}`,
    `  cg-responder replay --problem ${firstProblem?.id ?? '<problem OCID>'} --against dry-run ${target} --topic ` +
      `${ids.topicId ?? '<topic OCID>'} --identity-region ${ids.homeRegion}`,
    '',
    'Control API (unauthenticated):',
    `  GET ${endpoint}/_emulator/state[?secrets=include]   PUT ${endpoint}/_emulator/state`,
    `  GET|DELETE ${endpoint}/_emulator/calls   POST|DELETE ${endpoint}/_emulator/faults   GET ${endpoint}/_emulator/health`,
    `  GET ${endpoint}/_emulator/rotations   POST ${endpoint}/_emulator/cloudguard/scan   GET|PUT ${endpoint}/_emulator/traffic`,
    '  (loopback only; each call: emulator/README.md, "Control API")',
    '',
    'Stop with Ctrl-C.',
    '',
  ].join('\n');
}

/** The OCIDs `doctor`, `rotate-secret` and `replay --problem` take, read from the state the emulator serves. */
interface TenancyIds {
  homeRegion: string;
  topicId: string | null;
  vaultIds: string[];
  rotationSecrets: Array<{ id: string; name: string }>;
  resolvedProblems: Array<{ id: string; rule: string }>;
}

function tenancyIds(state: EmulatorState): TenancyIds {
  return {
    homeRegion: state.tenancy.homeRegion,
    topicId: state.topics[0]?.id ?? null,
    vaultIds: state.vaults.map((vault) => vault.id),
    rotationSecrets: state.secrets.filter((secret) => secret.rotationConfig).map((secret) => ({ id: secret.id, name: secret.secretName })),
    resolvedProblems: state.problems
      .filter((problem) => problem.lifecycleDetail === 'RESOLVED')
      .map((problem) => ({ id: problem.id, rule: problem.detectorRuleId })),
  };
}
