import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import common from 'oci-common';
import { createOciEmulator, createSampleTenancy, VirtualClock, type EmulatorState, type OciEmulator } from '../../emulator/index.js';
import { buildResponder, createLogger, parseEvent, type Outcome, type Responder } from '../../functions/cloudguard-responder/src/index.js';
import type { Command, CommandIo } from '../command.js';
import { UsageError } from '../usage-error.js';
import { mirrorTenancyForEvent } from '../replay/mirror-tenancy.js';
import { provisionForEvent } from '../replay/provision.js';
import { renderReport, type ReplayReport } from '../replay/render-report.js';
import { diffStates } from '../replay/state-diff.js';

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
  --verbose           print the responder's JSON logs to stderr

Exit code: 0 when every outcome is rotated, already-rotated or ignored; 1 otherwise; 2 usage.`;

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
  verbose: boolean;
}

export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay captured events against the emulator (default), a tenancy read-only, or live',
  usage: USAGE,
  run: async (argv, io) => {
    const options = parseReplayArgs(argv);
    const events = await Promise.all(options.files.map(async (file) => ({ file, text: await readEventFile(file) })));
    const outcomes = options.against === 'emulator' ? await replayOnEmulator(events, options, io) : await replayOnTenancy(events, options, io);
    return outcomes.every((outcome) => outcome.status === 'rotated' || outcome.status === 'already-rotated' || outcome.status === 'ignored') ? 0 : 1;
  },
};

function parseReplayArgs(argv: string[]): ReplayOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        against: { type: 'string', default: 'emulator' },
        json: { type: 'boolean', default: false },
        state: { type: 'string' },
        'state-out': { type: 'string' },
        'no-provision': { type: 'boolean', default: false },
        profile: { type: 'string', default: 'DEFAULT' },
        'config-file': { type: 'string' },
        topic: { type: 'string' },
        endpoint: { type: 'string' },
        verbose: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : 'invalid arguments');
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('replay needs at least one event file');
  const against = values.against;
  if (against !== 'emulator' && against !== 'dry-run' && against !== 'live') {
    throw new UsageError(`--against must be emulator, dry-run or live (got "${against}")`);
  }
  if (against === 'emulator' && values.endpoint) throw new UsageError('--endpoint applies to --against dry-run or live only');
  if (against !== 'emulator' && (values.state || values['state-out'] || values['no-provision'])) {
    throw new UsageError('--state, --state-out and --no-provision apply to --against emulator only');
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
    verbose: values.verbose,
  };
}

async function readEventFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read event file ${file}`);
  }
}

function loggerFor(options: ReplayOptions, io: CommandIo, correlationId: string) {
  return createLogger({
    sink: options.verbose ? (line: string) => void io.stderr.write(`${line}\n`) : () => undefined,
    base: { correlationId, source: 'cg-responder replay' },
  });
}

/** The OCI SDK console.warns every failed call (stack.md §2); the report already says what failed. */
async function withSdkWarningsTo<T>(verbose: boolean, io: CommandIo, run: () => Promise<T>): Promise<T> {
  const original = console.warn;
  console.warn = verbose ? (...args: unknown[]) => void io.stderr.write(`${args.map(String).join(' ')}\n`) : () => undefined;
  try {
    return await run();
  } finally {
    console.warn = original;
  }
}

async function replayOnEmulator(events: Array<{ file: string; text: string }>, options: ReplayOptions, io: CommandIo): Promise<Outcome[]> {
  const seed = options.state ? await readState(options.state) : createSampleTenancy();
  // Simulated time for the emulated tenancy and the responder alike: realistic activation and
  // UPDATING windows of several seconds cost no real time on the operator's terminal.
  const clock = new VirtualClock();
  const emulator = await createOciEmulator({ state: seed, clock: clock.reading });
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
      const outcome = await withSdkWarningsTo(options.verbose, io, () =>
        responder.handle(event.text, { correlationId, deadline: null, deadlineMarginMs: 0, logger: loggerFor(options, io, correlationId) }),
      );
      const after = emulator.getState();
      outcomes.push(outcome);
      const report: ReplayReport = {
        file: event.file,
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

async function readState(file: string): Promise<EmulatorState> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as EmulatorState;
  } catch {
    throw new UsageError(`cannot read emulator state from ${file} (expected JSON, see schemas/emulator-state.schema.json)`);
  }
}

async function replayOnTenancy(events: Array<{ file: string; text: string }>, options: ReplayOptions, io: CommandIo): Promise<Outcome[]> {
  const topicId = options.topic;
  if (!topicId) throw new UsageError(`--against ${options.against} needs the ONS topic: --topic <ocid> or CGR_TOPIC_OCID`);
  let provider: common.ConfigFileAuthenticationDetailsProvider;
  try {
    provider = new common.ConfigFileAuthenticationDetailsProvider(options.configFile ?? undefined, options.profile);
  } catch (error) {
    throw new UsageError(`cannot load OCI config profile ${options.profile}: ${error instanceof Error ? error.message : 'unreadable'}`);
  }
  const built = buildResponder({ provider, topicId, endpoint: options.endpoint });
  const outcomes: Outcome[] = [];
  if (!options.json) io.stdout.write(`cg-responder replay · against ${options.against === 'live' ? 'a REAL tenancy (live)' : 'a real tenancy, read-only (dry run)'}\n\n`);
  for (const event of events) {
    const correlationId = randomUUID();
    const logger = loggerFor(options, io, correlationId);
    if (options.against === 'live') {
      const outcome = await built.respond(event.text, { correlationId, deadline: null, deadlineMarginMs: 0, logger });
      outcomes.push(outcome);
      const report: ReplayReport = { file: event.file, outcome, provisioned: [], changes: [], message: null, plannedCalls: null };
      io.stdout.write(options.json ? `${JSON.stringify(outcome)}\n` : `${renderReport(report)}\n\n`);
      continue;
    }
    const { outcome, plannedCalls } = await withSdkWarningsTo(options.verbose, io, () =>
      mirrorTenancyForEvent({ clients: built.clients, text: event.text, topicId, correlationId, logger }),
    );
    outcomes.push(outcome);
    const report: ReplayReport = { file: event.file, outcome, provisioned: [], changes: [], message: null, plannedCalls };
    io.stdout.write(options.json ? `${JSON.stringify({ ...outcome, plannedCalls })}\n` : `${renderReport(report)}\n\n`);
  }
  return outcomes;
}
