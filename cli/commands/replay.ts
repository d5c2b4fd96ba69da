import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import common from 'oci-common';
import { createOciEmulator, createSampleTenancy, VirtualClock, type EmulatorState, type OciEmulator } from '../../emulator/index.js';
import {
  buildResponder,
  createLogger,
  parseEvent,
  type OciClients,
  type Outcome,
  type Responder,
} from '../../functions/cloudguard-responder/src/index.js';
import type { Command, CommandIo } from '../command.js';
import { fileErrorReason } from '../file-error-reason.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { readStateFile } from '../read-state-file.js';
import { UsageError } from '../usage-error.js';
import { mirrorTenancyForEvent } from '../replay/mirror-tenancy.js';
import { provisionForEvent } from '../replay/provision.js';
import { readBackForEvent } from '../replay/read-back.js';
import { renderReport, type ReplayReport } from '../replay/render-report.js';
import { diffStates, type StateChange } from '../replay/state-diff.js';

const USAGE = `Usage: cg-responder replay <event.json>... [options]

Replays captured Cloud Guard events through the same handler the Function runs.

  --against <target>  emulator (default): the embedded OCI emulator, seeded with a sample
                      tenancy plus whatever the event references;
                      dry-run: read a real tenancy (~/.oci/config) and print the calls that
                      would be made, changing nothing;
                      live: perform the rotation in a real tenancy.
  --json              print one outcome JSON object per event per line
  --state <file>      emulator: seed state (JSON, schemas/emulator-state.schema.json)
  --state-out <file>  emulator: write the final state (secret contents omitted)
  --no-provision      emulator: do not add what the event references to the state
  --profile <name>    dry-run/live: OCI config profile (default DEFAULT)
  --config-file <f>   dry-run/live: OCI config file (default ~/.oci/config)
  --topic <ocid>      dry-run/live: ONS topic for the report (default $CGR_TOPIC_OCID)
  --endpoint <url>    dry-run/live: send every OCI call to this base URL instead of OCI
                      (for example a standalone \`cg-responder emulator\`)
  --identity-region <r>  dry-run/live: the tenancy's home region, where IAM writes go
                      (default $CGR_IDENTITY_REGION, else discovered with ListRegionSubscriptions)
  --timeout <seconds> the most one event may take, as Fn's deadline would (default 120, at most 300);
                      the report still goes out when it is reached
  --verbose           print the responder's JSON logs to stderr

Exit code: 0 when every outcome is rotated, already-rotated, nothing-to-rotate or ignored; 1 otherwise; 2 usage.`;

interface ReplayOptions {
  files: string[];
  against: 'emulator' | 'dry-run' | 'live';
  json: boolean;
  state: string | null;
  stateOut: string | null;
  provision: boolean;
  profile: string;
  configFile: string | null;
  topic: string | null;
  endpoint: string | null;
  identityRegion: string | null;
  /** Per event: the deadline handed to the responder, like Fn's. */
  timeoutMs: number;
  verbose: boolean;
}

/** Fn's own maximum timeout; the responder caps any later deadline there too. */
const MAX_TIMEOUT_SECONDS = 300;
const DEFAULT_TIMEOUT_SECONDS = 120;
/** The Function's default margin (CGR_DEADLINE_MARGIN_MS): the report keeps it. */
const DEADLINE_MARGIN_MS = 3_000;

export const replayCommand: Command = {
  name: 'replay',
  usage: USAGE,
  run: async (argv, io) => {
    const options = parseReplayArgs(argv);
    const events = await Promise.all(options.files.map(async (file) => ({ file, text: await readEventFile(file) })));
    const outcomes = await withSdkConsoleTo(options.verbose, io, () =>
      options.against === 'emulator' ? replayOnEmulator(events, options, io) : replayOnTenancy(events, options, io),
    );
    // A credential already gone is no failure: nothing needed doing.
    const settled = new Set(['rotated', 'already-rotated', 'nothing-to-rotate', 'ignored']);
    return outcomes.every((outcome) => settled.has(outcome.status)) ? 0 : 1;
  },
};

function parseReplayArgs(argv: string[]): ReplayOptions {
  const parsed = parseCommandArgs(
    argv,
    {
      against: { type: 'string', default: 'emulator' },
      json: { type: 'boolean', default: false },
      state: { type: 'string' },
      'state-out': { type: 'string' },
      'no-provision': { type: 'boolean', default: false },
      profile: { type: 'string', default: 'DEFAULT' },
      'config-file': { type: 'string' },
      topic: { type: 'string' },
      endpoint: { type: 'string' },
      'identity-region': { type: 'string' },
      timeout: { type: 'string', default: String(DEFAULT_TIMEOUT_SECONDS) },
      verbose: { type: 'boolean', default: false },
    },
    true,
  );
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('replay needs at least one event file');
  const against = values.against;
  if (against !== 'emulator' && against !== 'dry-run' && against !== 'live') {
    throw new UsageError(`--against must be emulator, dry-run or live (got "${against}")`);
  }
  if (against === 'emulator' && (values.endpoint || values['identity-region'])) throw new UsageError('--endpoint and --identity-region apply to --against dry-run or live only');
  if (against !== 'emulator' && (values.state || values['state-out'] || values['no-provision'])) {
    throw new UsageError('--state, --state-out and --no-provision apply to --against emulator only');
  }
  const timeoutSeconds = Number(values.timeout);
  if (!/^[0-9]+$/.test(values.timeout) || timeoutSeconds < 5 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
    throw new UsageError(`--timeout must be a whole number of seconds from 5 to ${MAX_TIMEOUT_SECONDS} (got "${values.timeout}")`);
  }
  return {
    files: positionals,
    against,
    json: values.json,
    state: values.state ?? null,
    stateOut: values['state-out'] ?? null,
    provision: !values['no-provision'],
    profile: values.profile,
    configFile: values['config-file'] ?? null,
    topic: values.topic ?? process.env['CGR_TOPIC_OCID'] ?? null,
    endpoint: values.endpoint ?? null,
    identityRegion: values['identity-region'] ?? process.env['CGR_IDENTITY_REGION'] ?? null,
    timeoutMs: timeoutSeconds * 1000,
    verbose: values.verbose,
  };
}

async function readEventFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the event file ${file}: ${fileErrorReason(error)}`);
  }
}

function loggerFor(options: ReplayOptions, io: CommandIo, correlationId: string) {
  return createLogger({
    sink: options.verbose ? (line: string) => void io.stderr.write(`${line}\n`) : () => undefined,
    base: { correlationId, source: 'cg-responder replay' },
  });
}

/**
 * The OCI SDK writes every failed or retried call to the console ("Request failed with
 * Exception…", "Retrying after…", runtime-notes §2); the report already says what failed, so that
 * chatter goes to stderr only with --verbose, in every mode.
 */
async function withSdkConsoleTo<T>(verbose: boolean, io: CommandIo, run: () => Promise<T>): Promise<T> {
  const original = { warn: console.warn, info: console.info, error: console.error, debug: console.debug };
  const route = verbose ? (...args: unknown[]) => void io.stderr.write(`${args.map(String).join(' ')}\n`) : () => undefined;
  console.warn = route;
  console.info = route;
  console.error = route;
  console.debug = route;
  try {
    return await run();
  } finally {
    Object.assign(console, original);
  }
}

async function replayOnEmulator(events: Array<{ file: string; text: string }>, options: ReplayOptions, io: CommandIo): Promise<Outcome[]> {
  const seed = options.state ? await readStateFile(options.state) : createSampleTenancy();
  // Simulated time for the emulated tenancy and the responder alike: realistic activation and
  // UPDATING windows of several seconds cost no real time on the operator's terminal.
  const clock = new VirtualClock();
  const emulator = await createOciEmulator({ state: seed, clock: clock.reading, keyPairs: io.emulatorKeyPairs });
  try {
    const responder = emulatorResponder(emulator, clock);
    if (!options.json) io.stdout.write(`cg-responder replay · against the embedded OCI emulator at ${emulator.url}\n\n`);
    const outcomes: Outcome[] = [];
    for (const event of events) {
      const provisioned: string[] = [];
      const intake = parseEvent(event.text);
      if (options.provision && intake.kind === 'accepted') {
        const state = emulator.getState({ includeSecretContent: true });
        const added = provisionForEvent(state, intake.request, new Date()).items;
        if (added.length > 0) emulator.setState(state);
        provisioned.push(...added);
      }
      const before = emulator.getState();
      const correlationId = randomUUID();
      const deadline = new Date(clock.now().getTime() + options.timeoutMs);
      const outcome = await responder.handle(event.text, { correlationId, deadline, deadlineMarginMs: DEADLINE_MARGIN_MS, logger: loggerFor(options, io, correlationId) });
      const after = emulator.getState();
      outcomes.push(outcome);
      const report: ReplayReport = {
        file: event.file,
        target: 'emulator',
        outcome,
        provisioned,
        changes: diffStates(before, after).filter((change) => !change.text.includes(' on topic ')),
        message: publishedMessage(before, after, responder.topicId),
        plannedCalls: null,
      };
      io.stdout.write(options.json ? `${JSON.stringify(outcome)}\n` : `${renderReport(report)}\n\n`);
    }
    if (options.stateOut) {
      await writeFile(options.stateOut, `${JSON.stringify(emulator.getState(), null, 2)}\n`, { mode: 0o600 });
      if (!options.json) io.stdout.write(`Final emulator state written to ${options.stateOut} (secret contents omitted).\n`);
    }
    return outcomes;
  } finally {
    await emulator.close();
  }
}

function emulatorResponder(emulator: OciEmulator, clock: VirtualClock): { handle: Responder; topicId: string } {
  const state = emulator.getState();
  const operator = state.users.find((user) => user.name === 'cg-responder-operator') ?? state.users[0];
  const topic = state.topics[0];
  if (!operator || !topic) throw new UsageError('the emulator state needs at least one user (the operator) and one topic');
  const identity = emulator.createApiKeyIdentity(operator.id);
  const region = common.Region.fromRegionId(state.tenancy.homeRegion);
  const provider = new common.SimpleAuthenticationDetailsProvider(identity.tenancyId, identity.userId, identity.fingerprint, identity.privateKeyPem, null, region);
  const { respond } = buildResponder({ provider, topicId: topic.id, endpoint: emulator.url, identityRegion: state.tenancy.homeRegion, clock });
  return { handle: respond, topicId: topic.id };
}

function publishedMessage(before: EmulatorState, after: EmulatorState, topicId: string): ReplayReport['message'] {
  const topic = after.topics.find((candidate) => candidate.id === topicId);
  const earlier = before.topics.find((candidate) => candidate.id === topicId)?.messages.length ?? 0;
  const message = topic?.messages[earlier];
  return topic && message ? { topicName: topic.name, title: message.title, body: message.body } : null;
}

async function replayOnTenancy(events: Array<{ file: string; text: string }>, options: ReplayOptions, io: CommandIo): Promise<Outcome[]> {
  const topicId = options.topic;
  if (!topicId) throw new UsageError(`--against ${options.against} needs the ONS topic`, 'pass --topic <ocid> or set CGR_TOPIC_OCID');
  let provider: common.ConfigFileAuthenticationDetailsProvider;
  try {
    provider = new common.ConfigFileAuthenticationDetailsProvider(options.configFile ?? undefined, options.profile);
  } catch (error) {
    throw new UsageError(`cannot load OCI config profile ${options.profile}: ${firstLine(error)}`);
  }
  const built = buildResponder({ provider, topicId, endpoint: options.endpoint, identityRegion: options.identityRegion });
  const { clients } = built;
  const region = provider.getRegion();
  const outcomes: Outcome[] = [];
  if (!options.json) io.stdout.write(`${tenancyHeader(options, region?.regionId ?? null)}\n\n`);
  for (const event of events) {
    const correlationId = randomUUID();
    const logger = loggerFor(options, io, correlationId);
    if (options.against === 'live') {
      const respond = (): Promise<Outcome> => built.respond(event.text, { correlationId, deadline: new Date(Date.now() + options.timeoutMs), deadlineMarginMs: DEADLINE_MARGIN_MS, logger });
      if (options.json) {
        // The JSON line is the outcome alone: no read-back calls for a report nobody prints.
        const outcome = await respond();
        outcomes.push(outcome);
        io.stdout.write(`${JSON.stringify(outcome)}\n`);
        continue;
      }
      const { outcome, changes, changesUnknown } = await withReadBack(clients, event.text, respond);
      outcomes.push(outcome);
      const report: ReplayReport = { file: event.file, target: 'live', outcome, provisioned: [], changes, ...(changesUnknown ? { changesUnknown } : {}), message: null, plannedCalls: null };
      io.stdout.write(options.json ? `${JSON.stringify(outcome)}\n` : `${renderReport(report)}\n\n`);
      continue;
    }
    const { outcome, plannedCalls } = await mirrorTenancyForEvent({ clients, text: event.text, topicId, correlationId, logger, timeoutMs: options.timeoutMs, keyPairs: io.emulatorKeyPairs });
    outcomes.push(outcome);
    const report: ReplayReport = { file: event.file, target: 'dry-run', outcome, provisioned: [], changes: [], message: null, plannedCalls };
    io.stdout.write(options.json ? `${JSON.stringify({ ...outcome, plannedCalls })}\n` : `${renderReport(report)}\n\n`);
  }
  return outcomes;
}

/**
 * Says what is being talked to: OCI itself (the profile's region), or the base URL --endpoint
 * sends every call to (a standalone emulator, a proxy): that is not "a real tenancy".
 */
function tenancyHeader(options: ReplayOptions, regionId: string | null): string {
  const where = options.endpoint
    ? `the OCI endpoint ${options.endpoint} (profile ${options.profile})`
    : `the tenancy of OCI profile ${options.profile}${regionId ? ` in ${regionId}` : ''}`;
  return options.against === 'live' ? `cg-responder replay · LIVE against ${where}: writes are sent` : `cg-responder replay · dry run against ${where}: read-only, nothing is written`;
}

/**
 * Live: reads what the event concerns before and after the responder runs (read-only calls) and
 * reports the difference, so the report shows what really changed even when the run failed
 * half-way. A read-back that fails says so instead of claiming "nothing".
 */
async function withReadBack(
  clients: OciClients,
  text: string,
  run: () => Promise<Outcome>,
): Promise<{ outcome: Outcome; changes: StateChange[] | null; changesUnknown: string | null }> {
  const intake = parseEvent(text);
  // An event the intake does not accept names no user or secret: the responder touches neither.
  if (intake.kind !== 'accepted') return { outcome: await run(), changes: [], changesUnknown: null };
  const read = () => readBackForEvent(clients, intake.request);
  let before;
  try {
    before = await read();
  } catch (error) {
    return { outcome: await run(), changes: null, changesUnknown: `before the run: ${firstLine(error)}` };
  }
  const outcome = await run();
  try {
    return { outcome, changes: diffStates(before, await read()), changesUnknown: null };
  } catch (error) {
    return { outcome, changes: null, changesUnknown: `after the run: ${firstLine(error)}` };
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
