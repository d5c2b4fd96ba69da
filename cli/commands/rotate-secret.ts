import { randomUUID } from 'node:crypto';
import common from 'oci-common';
import { VaultsClient } from 'oci-vault';
import {
  createOciEmulator,
  createSampleTenancy,
  type EmulatorState,
  OciApiError,
  VirtualClock,
  type SecretRotationRecord,
} from '../../emulator/index.js';
import { createLogger, isVaultRotationAnswer, type Outcome } from '../../functions/cloudguard-responder/src/index.js';
import type { Command, CommandIo } from '../command.js';
import { renderReport } from '../replay/render-report.js';
import { diffStates, type StateChange } from '../replay/state-diff.js';
import { readStateFile } from '../read-state-file.js';
import { inProcessFunction } from '../scheduled/in-process-function.js';
import { hostOf } from '../describe-failure.js';
import { endpointOption } from '../endpoint-option.js';
import { CommandFailedError } from '../errors/command-failed-error.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { unreachableCause } from '../unreachable-cause.js';
import { UsageError } from '../usage-error.js';
import { loadOciConfig } from '../load-oci-config.js';

const USAGE = `Usage: cg-responder rotate-secret <secret OCID>... [--json] [--endpoint URL]

Runs OCI Vault's rotation of each secret (RotateSecret) through its rotation function, the
same handler the Function runs: VERIFY_CONNECTION, CREATE_PENDING_VERSION,
UPDATE_TARGET_SYSTEM and PROMOTE_PENDING_VERSION. Secrets rotate one after the other, in the
order given, against the same state; the same OCID twice rotates it twice.

  --json              print one outcome JSON object per rotation per line (as replay does)
  --state <file>      embedded emulator: seed state (default: the sample tenancy, whose
                      carol-* secrets are on a Vault rotation schedule)
  --endpoint <url>    a standalone \`cg-responder emulator\` instead of the embedded one; its
                      Vault invokes the Function in process. Signs with --config-file/--profile.
  --config-file <f>   with --endpoint: OCI config file (default ~/.oci/config)
  --profile <name>    with --endpoint: OCI config profile (default DEFAULT)
  --verbose           print the responder's JSON logs to stderr

Exit code: 0 when every rotation succeeded; 1 otherwise; 2 usage.`;

interface RotateOptions {
  secretIds: string[];
  json: boolean;
  state: string | null;
  endpoint: string | null;
  configFile: string | null;
  profile: string;
  verbose: boolean;
}

/**
 * A standalone emulator's rotation runs on real time; this bounds the wait for one: its four
 * steps at the 300 s function timeout each (the emulator's Vault gives up on a step after that).
 */
const ENDPOINT_ROTATION_TIMEOUT_MS = 4 * 300_000;

export const rotateSecretCommand: Command = {
  name: 'rotate-secret',
  usage: USAGE,
  run: async (argv, io) => {
    const options = parseRotateArgs(argv);
    const outcomes = options.endpoint ? await rotateOnEndpoint(options, io) : await rotateOnEmulator(options, io);
    return outcomes.every((outcome) => outcome.status === 'rotated') ? 0 : 1;
  },
};

function parseRotateArgs(argv: string[]): RotateOptions {
  const parsed = parseCommandArgs(
    argv,
    {
      json: { type: 'boolean', default: false },
      state: { type: 'string' },
      endpoint: { type: 'string' },
      'config-file': { type: 'string' },
      profile: { type: 'string', default: 'DEFAULT' },
      verbose: { type: 'boolean', default: false },
    },
    true,
  );
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('rotate-secret needs at least one secret OCID');
  const notSecrets = positionals.filter((value) => !/^ocid1\.vaultsecret\.[a-z0-9]+\.[a-z0-9-]*\.[a-z0-9]+$/.test(value));
  if (notSecrets.length > 0) throw new UsageError(`not a secret OCID (ocid1.vaultsecret.…): ${notSecrets[0]?.slice(0, 80) ?? ''}`);
  if (values.endpoint && values.state) throw new UsageError('--state applies to the embedded emulator only');
  if (!values.endpoint && values['config-file']) throw new UsageError('--config-file applies with --endpoint only');
  return {
    secretIds: positionals,
    json: values.json,
    state: values.state ?? null,
    endpoint: endpointOption(values.endpoint, { regionPath: false }),
    configFile: values['config-file'] ?? null,
    profile: values.profile,
    verbose: values.verbose,
  };
}

async function rotateOnEmulator(options: RotateOptions, io: CommandIo): Promise<Outcome[]> {
  const seed = options.state ? await readStateFile(options.state) : createSampleTenancy();
  // Simulated time, as for replay: activation and UPDATING windows cost no real time.
  const clock = new VirtualClock();
  const progress = progressLine(io);
  let invoke: ((call: Parameters<ReturnType<typeof inProcessFunction>['invoker']>[0]) => Promise<unknown>) | null = null;
  const emulator = await createOciEmulator({
    state: seed,
    clock,
    keyPairs: io.emulatorKeyPairs,
    rotationInvoker: (call) => {
      progress.step(call.body.secretId, call.body.step);
      return invoke ? invoke(call) : Promise.reject(new Error('the function is not ready'));
    },
  });
  try {
    const fn = inProcessFunction(emulator, { clock, logger: (correlationId) => loggerFor(options, io, correlationId) });
    invoke = fn.invoker;
    if (!options.json) io.stdout.write(`cg-responder rotate-secret · against the embedded OCI emulator at ${emulator.url}\n\n`);
    const outcomes: Outcome[] = [];
    for (const secretId of options.secretIds) {
      const before = emulator.getState();
      let outcome: Outcome;
      let record: SecretRotationRecord | null = null;
      // Vault refuses RotateSecret while the secret is UPDATING from an earlier rotation's writes:
      // in simulated time that window passes before the next secret (or the same one again).
      clock.advance(before.settings.secretUpdatingMs);
      try {
        record = await withQuietSdk(options.verbose, io, () => emulator.rotateSecret(secretId));
        outcome = outcomeOf(record);
      } catch (error) {
        outcome = refusedRotateSecret(secretId, error);
      }
      progress.clear();
      const after = emulator.getState();
      outcomes.push(outcome);
      if (options.json) {
        io.stdout.write(`${JSON.stringify(outcome)}\n`);
        continue;
      }
      const topic = after.topics.find((candidate) => candidate.id === fn.topicId);
      const earlier = before.topics.find((candidate) => candidate.id === fn.topicId)?.messages.length ?? 0;
      const message = topic?.messages.slice(earlier).at(-1);
      io.stdout.write(`${renderSteps(secretId, record)}\n`);
      io.stdout.write(
        `${renderReport({
          target: 'emulator',
          file: secretId,
          outcome,
          provisioned: [],
          changes: diffStates(before, after),
          message: topic && message ? { topicName: topic.name, title: message.title, body: message.body } : null,
          plannedCalls: null,
        })}\n\n`,
      );
    }
    return outcomes;
  } finally {
    await emulator.settleRotations();
    await emulator.close();
  }
}

/**
 * Against a standalone emulator: RotateSecret over the Vault API, then wait for the emulator's
 * Vault to finish its four invocations, and read the Function's answers from its control API.
 */
async function rotateOnEndpoint(options: RotateOptions, io: CommandIo): Promise<Outcome[]> {
  const endpoint = options.endpoint as string;
  const provider = loadOciConfig(options.configFile, options.profile);
  const vaults = new VaultsClient({ authenticationDetailsProvider: provider });
  vaults.endpoint = endpoint;
  if (!options.json) io.stdout.write(`cg-responder rotate-secret · against ${endpoint}\n\n`);
  const outcomes: Outcome[] = [];
  for (const secretId of options.secretIds) {
    const seen = (await rotationsAt(endpoint)).length;
    const before = await stateAt(endpoint);
    let outcome: Outcome;
    let record: SecretRotationRecord | null = null;
    try {
      await withQuietSdk(options.verbose, io, () => vaults.rotateSecret({ secretId }));
      record = await awaitRotation(endpoint, secretId, seen, io);
      outcome = outcomeOf(record);
    } catch (error) {
      outcome = refusedRotateSecret(secretId, error);
    }
    outcomes.push(outcome);
    // What changed is read from the emulator's own state, as the embedded run does; never assumed.
    const after = before instanceof Error ? before : await stateAt(endpoint);
    const changes =
      before instanceof Error || after instanceof Error
        ? null
        : diffStates(before, after).map((change) => asFunctionSetUp(change, outcome));
    const report = renderReport({
      target: 'emulator',
      file: secretId,
      outcome,
      provisioned: [],
      changes,
      ...(after instanceof Error ? { changesUnknown: after.message } : {}),
      message: null,
      plannedCalls: null,
    });
    io.stdout.write(options.json ? `${JSON.stringify(outcome)}\n` : `${renderSteps(secretId, record)}\n${report}\n\n`);
  }
  return outcomes;
}

/**
 * A standalone emulator makes its in-process Function, and the operator key it signs with, on
 * its Vault's first rotation call: that key shows in the state's difference but is no part of the
 * rotation, and the report says so rather than list it as the rotation's work.
 */
function asFunctionSetUp(change: StateChange, outcome: Outcome): StateChange {
  const operatorKey = /^API key (\S+) on cg-responder-operator /.exec(change.text);
  if (change.kind !== 'added' || !operatorKey || operatorKey[1] === outcome.credential.newId) return change;
  return {
    ...change,
    text: `${change.text}: the emulator's in-process Function signs with it (made on its first rotation call), not this rotation`,
  };
}

/** The standalone emulator's state (secret contents left out), or the reason it could not be read. */
async function stateAt(endpoint: string): Promise<EmulatorState | Error> {
  try {
    const response = await fetch(`${endpoint}/_emulator/state`);
    if (!response.ok) return new Error(`GET /_emulator/state answered ${response.status}`);
    return (await response.json()) as EmulatorState;
  } catch (error) {
    return error instanceof Error ? error : new Error('GET /_emulator/state failed');
  }
}

async function rotationsAt(endpoint: string): Promise<SecretRotationRecord[]> {
  const url = `${endpoint}/_emulator/rotations`;
  const hint = '--endpoint takes the URL a running `cg-responder emulator` prints';
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    // Said as every command says a call that got no answer: where it went and why.
    throw new CommandFailedError(`no answer from ${hostOf(url)} to GET /_emulator/rotations: ${await unreachableCause(url)}`, hint);
  }
  if (!response.ok)
    throw new CommandFailedError(`${endpoint} has no emulator control API (GET /_emulator/rotations answered ${response.status})`, hint);
  return (await response.json()) as SecretRotationRecord[];
}

async function awaitRotation(endpoint: string, secretId: string, seen: number, io: CommandIo): Promise<SecretRotationRecord> {
  const startedAt = Date.now();
  const giveUpAt = startedAt + ENDPOINT_ROTATION_TIMEOUT_MS;
  const progress = progressLine(io);
  try {
    while (Date.now() < giveUpAt) {
      const done = (await rotationsAt(endpoint)).slice(seen).find((record) => record.secretId === secretId);
      if (done) return done;
      progress.waiting(secretId, Math.round((Date.now() - startedAt) / 1000));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    progress.clear();
  }
  throw new Error(`the rotation of ${secretId} did not finish within ${ENDPOINT_ROTATION_TIMEOUT_MS / 1000} s`);
}

/**
 * One line on stderr that says where a rotation is, rewritten in place; only on a terminal, so
 * piped output and --json stay clean. A rotation's steps can each take minutes in OCI.
 */
function progressLine(io: CommandIo): {
  step(secretId: string, step: string): void;
  waiting(secretId: string, seconds: number): void;
  clear(): void;
} {
  let shown = false;
  const show = (text: string): void => {
    if (!io.stderr.isTTY) return;
    io.stderr.write(`\r\u001b[2K${text}`);
    shown = true;
  };
  return {
    step: (secretId, step) => show(`rotating ${secretId}: ${step}…`),
    waiting: (secretId, seconds) => show(`rotating ${secretId}: waiting for Vault's rotation (${seconds} s)…`),
    clear: () => {
      if (shown) io.stderr.write('\r\u001b[2K');
      shown = false;
    },
  };
}

/** The Function's account of the rotation: the outcome of the last step Vault invoked. */
function outcomeOf(record: SecretRotationRecord): Outcome {
  const last = [...record.answers].reverse().find(isVaultRotationAnswer);
  if (last) return last.outcome;
  const step = record.steps.at(-1);
  return refusedRotateSecret(
    record.secretId,
    new Error(`the function gave no answer in Vault's format${step ? ` at ${step.step}: ${step.returnMessage}` : ''}`),
    'failed',
  );
}

/** RotateSecret itself was refused (no rotation config, unknown secret…): no step ran. */
function refusedRotateSecret(secretId: string, error: unknown, status: 'refused' | 'failed' = 'refused'): Outcome {
  const answered = answeredStatus(error);
  const detail =
    error instanceof common.OciError
      ? `${error.statusCode} ${error.serviceCode}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  const missing = answered === 404;
  return {
    eventId: null,
    problemId: null,
    problemName: null,
    status,
    reason: missing
      ? `Secret ${secretId} does not exist, or this caller may not read it (RotateSecret answered 404): no rotation ran.`
      : `RotateSecret of ${secretId} did not run a rotation: ${detail}`,
    step: null,
    credential: { type: null, userId: null, oldId: null, newId: null },
    secrets: [],
    verified: [],
    stillWorking: 'Nothing was changed.',
    nextAction: missing
      ? 'Check the secret OCID (oci vault secret get --secret-id <OCID>) and the region and tenancy this command points at, then run again.'
      : 'Give the secret a rotation config with a FUNCTION target and the cg-responder-* tags (see docs/scheduled-rotation.md), then run again.',
    notification: { published: false, title: null, messageId: null, error: null, skipped: 'no rotation ran' },
    correlationId: randomUUID(),
    problemReopened: false,
    actions: [],
  };
}

/** The HTTP status Vault answered RotateSecret with, over the SDK or from the embedded emulator. */
function answeredStatus(error: unknown): number | null {
  if (error instanceof common.OciError) return error.statusCode;
  if (error instanceof OciApiError) return error.status;
  return null;
}

function renderSteps(secretId: string, record: SecretRotationRecord | null): string {
  if (!record) return `Vault rotation of ${secretId}: not started`;
  const lines = [`Vault rotation of ${secretId} (replacing version ${record.currentVersionNumber ?? 'none'}): ${record.status}`];
  for (const step of record.steps) {
    const numbers = `versionNo ${step.sentVersionNo ?? 'null'} → ${step.answeredVersionNo ?? 'null'}`;
    lines.push(`  ${step.step.padEnd(24)} attempt ${step.attempt}: ${step.responseCode ?? 'no answer'}  ${numbers}  ${step.returnMessage}`);
  }
  return lines.join('\n');
}

function loggerFor(options: RotateOptions, io: CommandIo, correlationId: string) {
  return createLogger({
    sink: options.verbose ? (line: string) => void io.stderr.write(`${line}\n`) : () => undefined,
    base: { correlationId, source: 'cg-responder rotate-secret' },
  });
}

/** The OCI SDK console.warns every failed call; the report already says what failed. */
async function withQuietSdk<T>(verbose: boolean, io: CommandIo, run: () => Promise<T>): Promise<T> {
  const original = console.warn;
  console.warn = verbose ? (...args: unknown[]) => void io.stderr.write(`${args.map(String).join(' ')}\n`) : () => undefined;
  try {
    return await run();
  } finally {
    console.warn = original;
  }
}
