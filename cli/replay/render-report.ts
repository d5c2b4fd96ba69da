import type { Outcome } from '../../functions/cloudguard-responder/src/index.js';
import { printable } from '../../functions/cloudguard-responder/src/text/printable.js';
import { asProvisionedByReplay } from './provisioned-confirmation.js';
import type { StateChange } from './state-diff.js';

export interface ReplayReport {
  file: string;
  /** Where the responder ran: the dry run sent nothing, so its email was only planned. */
  target: 'emulator' | 'dry-run' | 'live';
  outcome: Outcome;
  provisioned: string[];
  /**
   * The Cloud Guard problem (and its RESOLVE) was provisioned by this replay from the event
   * itself: the responder's "Cloud Guard confirms" is then our own record echoed back.
   */
  problemProvisioned?: boolean;
  /** Where the event came from when it was not a captured file (rebuilt from Cloud Guard's record). */
  rebuiltFrom?: string[];
  /** What the responder logged as an error but the outcome does not carry (a reopen that failed). */
  loggedErrors?: string[];
  /** What changed; null when it could not be read back (`changesUnknown` says why). */
  changes: StateChange[] | null;
  changesUnknown?: string;
  /** The ONS message as the emulator received it, when one was published. */
  message: { topicName: string; title: string | null; body: string } | null;
  /** Dry run: the write calls the responder would have sent. */
  plannedCalls: string[] | null;
}

const STATUS_LABEL: Readonly<Record<Outcome['status'], string>> = {
  rotated: 'ROTATED',
  'already-rotated': 'ALREADY ROTATED (nothing done)',
  'in-progress': 'IN PROGRESS (another delivery is rotating; nothing done)',
  'nothing-to-rotate': 'NOTHING TO ROTATE (the credential no longer exists; nothing changed)',
  ignored: 'IGNORED',
  refused: 'REFUSED (nothing changed)',
  failed: 'FAILED',
};

const SIGN: Readonly<Record<StateChange['kind'], string>> = { added: '+', removed: '-', changed: '~' };

/** A reason quoting a wait ("after 60 s of propagation"): on the emulator that time is simulated. */
const SIMULATED_WAIT = /\bafter [0-9]+ ?(s|ms|seconds?)\b/;
/** A reason saying the deadline ran out: on the emulator, the time that used it up was simulated too. */
const SIMULATED_DEADLINE = /\bdeadline was reached\b/;

/** The human-readable report of one replayed event. */
export function renderReport(report: ReplayReport): string {
  const { outcome } = report;
  const lines: string[] = [];
  lines.push(`▶ ${report.file}`);
  if (report.rebuiltFrom) {
    lines.push("  Event       rebuilt (no captured event was given) from Cloud Guard's own record:");
    for (const source of report.rebuiltFrom) lines.push(`    * ${source}`);
  }
  // A dry run's outcome (and each "Verified" under it) happened in its private copy of the tenancy, never in OCI.
  const where = report.target === 'dry-run' ? " · in the dry run's private copy (nothing was written to OCI)" : '';
  lines.push(`  Outcome     ${STATUS_LABEL[outcome.status]}${where}`);
  if (outcome.problemName) lines.push(`  Problem     ${outcome.problemName} ${outcome.problemId ?? ''}`.trimEnd());
  if (outcome.credential.userId) lines.push(`  User        ${outcome.credential.userId}`);
  if (outcome.credential.oldId || outcome.credential.newId) {
    lines.push(`  Credential  ${outcome.credential.oldId ?? '-'} -> ${outcome.credential.newId ?? '-'}`);
  }
  for (const secret of outcome.secrets) {
    lines.push(`  Secret      ${secret.role}: version ${secret.versionNumber} (${secret.stage}) of ${secret.secretId}`);
  }
  if (outcome.reason) lines.push(`  Reason      ${outcome.reason}`);
  if (outcome.step) lines.push(`  Step        ${outcome.step}`);
  for (const check of outcome.verified) lines.push(`  Verified    ${report.problemProvisioned ? asProvisionedByReplay(check) : check}`);
  if (outcome.stillWorking) lines.push(`  Still works ${outcome.stillWorking}`);
  if (outcome.nextAction) lines.push(`  Next        ${outcome.nextAction}`);
  for (const error of report.loggedErrors ?? []) lines.push(`  Not done    ${error}`);
  if (report.target === 'emulator' && SIMULATED_WAIT.test(outcome.reason ?? '')) {
    lines.push(
      "  Note        that wait ran on the emulator's simulated clock in the stand-in tenancy; it says nothing about OCI's propagation in a real tenancy",
    );
  } else if (report.target === 'emulator' && SIMULATED_DEADLINE.test(outcome.reason ?? '')) {
    lines.push(
      "  Note        the deadline (--timeout) ran out on the emulator's simulated clock, where OCI's windows (activation, a secret's UPDATING) pass without real time",
    );
  }
  if (report.provisioned.length > 0) {
    lines.push('  Provisioned in the emulator before the replay:');
    for (const item of report.provisioned) lines.push(`    * ${item}`);
  }
  if (report.plannedCalls) {
    lines.push(
      report.plannedCalls.length > 0 ? '  Plan (dry run: these writes were NOT sent):' : '  Plan (dry run): no writes would be sent.',
    );
    for (const call of report.plannedCalls) lines.push(`    > ${call}`);
  } else if (report.changes === null) {
    lines.push(`  What changed: unknown (could not read the tenancy back: ${report.changesUnknown ?? 'no reason given'})`);
  } else {
    lines.push(report.changes.length > 0 ? '  What changed:' : '  What changed: nothing.');
    for (const change of report.changes) lines.push(`    ${SIGN[change.kind]} ${change.text}`);
  }
  lines.push(...emailLines(report));
  // Every line is printable text, whatever a user typed into a label or a comment: no control or bidi character reaches the terminal.
  return lines.map((line) => printable(line)).join('\n');
}

function emailLines(report: ReplayReport): string[] {
  const { outcome } = report;
  if (report.message) {
    return [
      `  Email published to topic ${report.message.topicName}:`,
      `    Subject: ${report.message.title ?? '(none)'}`,
      ...report.message.body.split('\n').map((bodyLine) => `    | ${bodyLine}`),
    ];
  }
  const { published, title, error, skipped } = outcome.notification;
  if (!published && !error && outcome.status === 'ignored') return ['  Email: none (ignored events are not reported).'];
  if (!published && skipped) return [`  Email: none (${skipped})`];
  if (report.target === 'dry-run') {
    // The mirror accepted PublishMessage, but it is one of the planned writes: nothing reached SecOps.
    return [
      published
        ? `  Email: would be published (${title ?? ''}); NOT sent, PublishMessage is in the plan`
        : `  Email: would NOT be published${error ? `: ${error}` : ''}`,
    ];
  }
  return [`  Email: ${published ? `published (${title ?? ''})` : `NOT published${error ? `: ${error}` : ''}`}`];
}
