import { readFile } from 'node:fs/promises';
import type { Command, CommandIo } from '../command.js';
import { fileErrorReason } from '../file-error-reason.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { UsageError } from '../usage-error.js';
import { replayOnEmulator } from '../replay/replay-on-emulator.js';
import { replayOnTenancy } from '../replay/replay-on-tenancy.js';
import type { ReplayOptions } from '../replay/replay-options.js';
import { endpointOption } from '../endpoint-option.js';

const USAGE = `Usage: cg-responder replay <event.json>... [options]
       cg-responder replay --problem <problem OCID> [--comment <text>] [options]

Replays captured Cloud Guard events through the same handler the Function runs. Without a
captured event, --problem rebuilds it from Cloud Guard's own record of the problem.

  --against <target>  emulator (default): the embedded OCI emulator, seeded with a sample
                      tenancy plus whatever the event references (an event of another tenancy
                      or realm replays in a stand-in of its own tenancy);
                      dry-run: read a real tenancy (~/.oci/config) and print the calls that
                      would be made, changing nothing;
                      live: perform the rotation in a real tenancy.
  --problem <ocid>    rebuild the remediated event of this Cloud Guard problem from Cloud Guard's
                      record (GetProblem, the latest RESOLVE in ListProblemHistories) of the
                      target: the embedded emulator's, or the tenancy's; may be repeated
  --comment <text>    with --problem: the closure comment to use instead of the one recorded
                      with the RESOLVE (the responder still checks it against Cloud Guard's)
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
  --timeout <seconds> the most one event may take, as Fn's deadline would: whole seconds from 5
                      to 300 (default 120); the report still goes out when it is reached
  --verbose           print the responder's JSON logs to stderr

Exit code: 0 when every outcome is rotated, already-rotated, nothing-to-rotate or ignored; 1 otherwise; 2 usage.`;

/** Fn's own maximum timeout; the responder caps any later deadline there too. */
const MAX_TIMEOUT_SECONDS = 300;
/** Below this the report's own margin (3 s) leaves the rotation no time at all. */
const MIN_TIMEOUT_SECONDS = 5;
const DEFAULT_TIMEOUT_SECONDS = 120;

export const replayCommand: Command = {
  name: 'replay',
  usage: USAGE,
  run: async (argv, io) => {
    const options = await parseReplayArgs(argv);
    const outcomes = await withSdkConsoleTo(options.verbose, io, () =>
      options.against === 'emulator' ? replayOnEmulator(options, io) : replayOnTenancy(options, io),
    );
    // A credential already gone is no failure: nothing needed doing.
    const settled = new Set(['rotated', 'already-rotated', 'nothing-to-rotate', 'ignored']);
    return outcomes.every((outcome) => settled.has(outcome.status)) ? 0 : 1;
  },
};

async function parseReplayArgs(argv: string[]): Promise<ReplayOptions> {
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
      problem: { type: 'string', multiple: true },
      comment: { type: 'string' },
      timeout: { type: 'string', default: String(DEFAULT_TIMEOUT_SECONDS) },
      verbose: { type: 'boolean', default: false },
    },
    true,
  );
  const { values, positionals } = parsed;
  const problems = values.problem ?? [];
  if (positionals.length === 0 && problems.length === 0) throw new UsageError('replay needs an event file or --problem <problem OCID>');
  const notAProblem = problems.find((id) => !/^ocid1\.cloudguardproblem\.oc[0-9]+\.[a-z0-9_-]*\.[a-z0-9]+$/.test(id));
  if (notAProblem !== undefined)
    throw new UsageError(
      `--problem must be a Cloud Guard problem OCID, ocid1.cloudguardproblem.<realm>.<region>.<id> (got "${notAProblem}")`,
      null,
      'problem',
    );
  if (values.comment !== undefined && problems.length === 0)
    throw new UsageError(
      '--comment applies to --problem only',
      'a captured event carries its own closure comment; edit the file to change it',
    );
  const against = values.against;
  if (against !== 'emulator' && against !== 'dry-run' && against !== 'live') {
    throw new UsageError(`--against must be emulator, dry-run or live (got "${against}")`, null, 'against');
  }
  if (against === 'emulator' && (values.endpoint || values['identity-region']))
    throw new UsageError('--endpoint and --identity-region apply to --against dry-run or live only');
  if (against !== 'emulator' && (values.state || values['state-out'] || values['no-provision'])) {
    throw new UsageError('--state, --state-out and --no-provision apply to --against emulator only');
  }
  const timeoutSeconds = Number(values.timeout);
  if (!/^[0-9]+$/.test(values.timeout) || timeoutSeconds < MIN_TIMEOUT_SECONDS || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
    throw new UsageError(
      `--timeout must be whole seconds from ${MIN_TIMEOUT_SECONDS} to ${MAX_TIMEOUT_SECONDS} (got "${values.timeout}")`,
      null,
      'timeout',
    );
  }
  const files = await Promise.all(positionals.map(async (file) => ({ kind: 'file' as const, file, text: await readEventFile(file) })));
  return {
    sources: [...files, ...problems.map((problemId) => ({ kind: 'problem' as const, problemId }))],
    comment: values.comment ?? null,
    against,
    json: values.json,
    state: values.state ?? null,
    stateOut: values['state-out'] ?? null,
    provision: !values['no-provision'],
    profile: values.profile,
    configFile: values['config-file'] ?? null,
    topic: values.topic ?? process.env['CGR_TOPIC_OCID'] ?? null,
    endpoint: endpointOption(values.endpoint, { regionPath: true }),
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
