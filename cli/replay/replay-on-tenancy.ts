import { randomUUID } from 'node:crypto';
import { buildResponder, parseEvent, type OciClients, type Outcome } from '../../functions/cloudguard-responder/src/index.js';
import type { CommandIo } from '../command.js';
import { explainFailure } from '../describe-failure.js';
import { UsageError } from '../usage-error.js';
import { mirrorTenancyForEvent } from './mirror-tenancy.js';
import { readBackForEvent } from './read-back.js';
import { renderReport, type ReplayReport } from './render-report.js';
import { eventOf, DEADLINE_MARGIN_MS, type ReplayOptions } from './replay-options.js';
import { replayLogger } from './replay-logger.js';
import { diffStates, type StateChange } from './state-diff.js';
import { loadOciConfig } from '../load-oci-config.js';

/**
 * Replays against a tenancy (OCI, or whatever --endpoint names): dry-run copies what each event
 * concerns into a private emulator and reports the writes it would send; live sends them and
 * reads back what changed.
 */
export async function replayOnTenancy(options: ReplayOptions, io: CommandIo): Promise<Outcome[]> {
  const topicId = options.topic;
  if (!topicId) throw new UsageError(`--against ${options.against} needs the ONS topic`, 'pass --topic <ocid> or set CGR_TOPIC_OCID');
  const provider = loadOciConfig(options.configFile, options.profile);
  const built = buildResponder({ provider, topicId, endpoint: options.endpoint, identityRegion: options.identityRegion });
  const { clients } = built;
  const region = provider.getRegion();
  const outcomes: Outcome[] = [];
  if (!options.json) io.stdout.write(`${tenancyHeader(options, region?.regionId ?? null)}\n\n`);
  for (const source of options.sources) {
    const event = await eventOf(source, clients.cloudGuard, options.comment);
    const rebuilt = event.rebuiltFrom ? { rebuiltFrom: event.rebuiltFrom } : {};
    const correlationId = randomUUID();
    const { logger, errors } = replayLogger({ verbose: options.verbose, correlationId, stderr: io.stderr });
    if (options.against === 'live') {
      const respond = (): Promise<Outcome> =>
        built.respond(event.text, {
          correlationId,
          deadline: new Date(Date.now() + options.timeoutMs),
          deadlineMarginMs: DEADLINE_MARGIN_MS,
          logger,
        });
      if (options.json) {
        // The JSON line is the outcome alone: no read-back calls for a report nobody prints.
        const outcome = await respond();
        outcomes.push(outcome);
        io.stdout.write(`${JSON.stringify(outcome)}\n`);
        continue;
      }
      const { outcome, changes, changesUnknown } = await withReadBack(clients, event.text, respond);
      outcomes.push(outcome);
      const report: ReplayReport = {
        file: event.label,
        target: 'live',
        ...rebuilt,
        outcome,
        provisioned: [],
        loggedErrors: errors,
        changes,
        ...(changesUnknown ? { changesUnknown } : {}),
        message: null,
        plannedCalls: null,
      };
      io.stdout.write(options.json ? `${JSON.stringify(outcome)}\n` : `${renderReport(report)}\n\n`);
      continue;
    }
    const { outcome, plannedCalls } = await mirrorTenancyForEvent({
      clients,
      text: event.text,
      topicId,
      correlationId,
      logger,
      timeoutMs: options.timeoutMs,
      keyPairs: io.emulatorKeyPairs,
    });
    outcomes.push(outcome);
    const report: ReplayReport = {
      file: event.label,
      target: 'dry-run',
      ...rebuilt,
      outcome,
      provisioned: [],
      loggedErrors: errors,
      changes: [],
      message: null,
      plannedCalls,
    };
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
  return options.against === 'live'
    ? `cg-responder replay · LIVE against ${where}: writes are sent`
    : `cg-responder replay · dry run against ${where}: read-only, nothing is written`;
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
  let before: Awaited<ReturnType<typeof read>>;
  try {
    before = await read();
  } catch (error) {
    return { outcome: await run(), changes: null, changesUnknown: `before the run: ${await explainFailure(error)}` };
  }
  const outcome = await run();
  try {
    return { outcome, changes: diffStates(before, await read()), changesUnknown: null };
  } catch (error) {
    return { outcome, changes: null, changesUnknown: `after the run: ${await explainFailure(error)}` };
  }
}
