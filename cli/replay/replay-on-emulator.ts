import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createOciEmulator, createSampleTenancy, VirtualClock, type EmulatorState, type OciEmulator } from '../../emulator/index.js';
import {
  buildResponder,
  createResponder,
  parseEvent,
  type OciClients,
  type Outcome,
  type Responder,
} from '../../functions/cloudguard-responder/src/index.js';
import type { CommandIo } from '../command.js';
import { fileErrorReason } from '../file-error-reason.js';
import { readStateFile } from '../read-state-file.js';
import { UsageError } from '../usage-error.js';
import { provisionForEvent, resolveWasProvisioned } from './provision.js';
import { asProvisionedByReplay, replayNotifier } from './provisioned-confirmation.js';
import { operatorBuildOptions } from '../emulator-operator.js';
import { renderReport, type ReplayReport } from './render-report.js';
import { eventOf, DEADLINE_MARGIN_MS, type ReplayOptions } from './replay-options.js';
import { replayLogger } from './replay-logger.js';
import { needsStandInTenancy, standInTenancy } from './stand-in-tenancy.js';
import { diffStates } from './state-diff.js';

/**
 * Replays against the embedded emulator: the sample tenancy (or --state) plus whatever each event
 * references, provisioned and listed in the report; an event of another tenancy or realm gets a
 * stand-in tenancy of its own.
 */
export async function replayOnEmulator(options: ReplayOptions, io: CommandIo): Promise<Outcome[]> {
  if (options.stateOut) await assertWritable(options.stateOut);
  const seed = options.state ? await readStateFile(options.state) : createSampleTenancy();
  // Simulated time for the emulated tenancy and the responder alike: realistic activation and
  // UPDATING windows of several seconds cost no real time on the operator's terminal.
  const clock = new VirtualClock();
  const emulator = await createOciEmulator({ state: seed, clock, keyPairs: io.emulatorKeyPairs });
  try {
    let responder = emulatorResponder(emulator, clock);
    if (!options.json) io.stdout.write(`cg-responder replay · against the embedded OCI emulator at ${emulator.url}\n\n`);
    const outcomes: Outcome[] = [];
    for (const source of options.sources) {
      const event = await eventOf(source, responder.clients.cloudGuard, options.comment);
      const provisioned: string[] = [];
      const intake = parseEvent(event.text);
      if (options.provision && intake.kind === 'accepted') {
        let state = emulator.getState({ includeSecretContent: true });
        // An event of another tenancy or realm replays in a stand-in of its own tenancy: the
        // emulator is one tenancy, and its Object Storage, IAM and Cloud Guard know only that one.
        const standIn = needsStandInTenancy(state, intake.request) ? standInTenancy(state, intake.request, new Date()) : null;
        if (standIn) {
          state = standIn.state;
          provisioned.push(...standIn.notes);
        }
        const added = provisionForEvent(state, intake.request, new Date()).items;
        if (added.length > 0 || standIn) emulator.setState(state);
        if (standIn) responder = emulatorResponder(emulator, clock);
        provisioned.push(...added);
      }
      const before = emulator.getState();
      // Provisioned by this event or an earlier one of the same run: either way not Cloud Guard's.
      const problemProvisioned = intake.kind === 'accepted' && resolveWasProvisioned(before, intake.request.problemId);
      const correlationId = randomUUID();
      const deadline = new Date(clock.now().getTime() + options.timeoutMs);
      const { logger, errors } = replayLogger({ verbose: options.verbose, correlationId, stderr: io.stderr });
      const outcome = await responder.handle(event.text, { correlationId, deadline, deadlineMarginMs: DEADLINE_MARGIN_MS, logger });
      const after = emulator.getState();
      outcomes.push(outcome);
      const report: ReplayReport = {
        file: event.label,
        target: 'emulator',
        outcome,
        provisioned,
        problemProvisioned,
        ...(event.rebuiltFrom ? { rebuiltFrom: event.rebuiltFrom } : {}),
        loggedErrors: errors,
        changes: diffStates(before, after),
        message: publishedMessage(before, after, responder.topicId),
        plannedCalls: null,
      };
      // The JSON line says what the report and the email say: a record the replay made up is no Cloud Guard confirmation.
      const printed = problemProvisioned ? { ...outcome, verified: outcome.verified.map(asProvisionedByReplay) } : outcome;
      io.stdout.write(options.json ? `${JSON.stringify(printed)}\n` : `${renderReport(report)}\n\n`);
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

function emulatorResponder(emulator: OciEmulator, clock: VirtualClock): { handle: Responder; topicId: string; clients: OciClients } {
  const options = operatorBuildOptions(emulator, clock);
  const { deps, clients } = buildResponder(options);
  const topicId = options.topicId;
  // The email says so when the problem record it confirms is one this replay provisioned.
  const notifier = replayNotifier(deps.notifier, (problemId) => resolveWasProvisioned(emulator.getState(), problemId));
  return { handle: createResponder({ ...deps, notifier }), topicId, clients };
}

function publishedMessage(before: EmulatorState, after: EmulatorState, topicId: string): ReplayReport['message'] {
  const topic = after.topics.find((candidate) => candidate.id === topicId);
  const earlier = before.topics.find((candidate) => candidate.id === topicId)?.messages.length ?? 0;
  const message = topic?.messages[earlier];
  return topic && message ? { topicName: topic.name, title: message.title, body: message.body } : null;
}

/** --state-out is checked before anything runs, so a path that cannot be written is said at once, not after the reports. */
async function assertWritable(path: string): Promise<void> {
  const folder = dirname(resolve(path));
  try {
    if ((await stat(path).catch(() => null))?.isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    await access(folder, constants.W_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `no such directory ${folder}` : fileErrorReason(error);
    throw new UsageError(`cannot write the state file ${path}: ${reason}`);
  }
}
