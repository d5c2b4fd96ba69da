import type { Outcome } from '../../functions/cloudguard-responder/src/outcome.js';
import type { StateChange } from './state-diff.js';

export interface ReplayReport {
  file: string;
  outcome: Outcome;
  provisioned: string[];
  changes: StateChange[];
  /** The ONS message as the emulator received it, when one was published. */
  message: { topicName: string; title: string | null; body: string } | null;
  /** Dry run: the write calls the responder would have sent. */
  plannedCalls: string[] | null;
}

const STATUS_LABEL: Readonly<Record<Outcome['status'], string>> = {
  rotated: 'ROTATED',
  'already-rotated': 'ALREADY ROTATED (nothing done)',
  'in-progress': 'IN PROGRESS (another delivery is rotating; nothing done)',
  ignored: 'IGNORED',
  refused: 'REFUSED (nothing changed)',
  failed: 'FAILED',
};

const SIGN: Readonly<Record<StateChange['kind'], string>> = { added: '+', removed: '-', changed: '~' };

/** The human-readable report of one replayed event. */
export function renderReport(report: ReplayReport): string {
  const { outcome } = report;
  const lines: string[] = [];
  lines.push(`▶ ${report.file}`);
  lines.push(`  Outcome     ${STATUS_LABEL[outcome.status]}`);
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
  for (const check of outcome.verified) lines.push(`  Verified    ${check}`);
  if (outcome.stillWorking) lines.push(`  Still works ${outcome.stillWorking}`);
  if (outcome.nextAction) lines.push(`  Next        ${outcome.nextAction}`);
  if (report.provisioned.length > 0) {
    lines.push('  Provisioned in the emulator before the replay:');
    for (const item of report.provisioned) lines.push(`    * ${item}`);
  }
  if (report.plannedCalls) {
    lines.push(report.plannedCalls.length > 0 ? '  Plan (dry run: these writes were NOT sent):' : '  Plan (dry run): no writes would be sent.');
    for (const call of report.plannedCalls) lines.push(`    > ${call}`);
  } else {
    lines.push(report.changes.length > 0 ? '  What changed:' : '  What changed: nothing.');
    for (const change of report.changes) lines.push(`    ${SIGN[change.kind]} ${change.text}`);
  }
  if (report.message) {
    lines.push(`  Email published to topic ${report.message.topicName}:`);
    lines.push(`    Subject: ${report.message.title ?? '(none)'}`);
    for (const bodyLine of report.message.body.split('\n')) lines.push(`    | ${bodyLine}`);
  } else if (outcome.status !== 'ignored') {
    const { notification } = outcome;
    lines.push(
      `  Email: ${notification.published ? `published (${notification.title ?? ''})` : notification.skipped ? `none (${notification.skipped})` : `NOT published${notification.error ? `: ${notification.error}` : ''}`}`,
    );
  } else {
    lines.push('  Email: none (ignored events are not reported).');
  }
  return lines.join('\n');
}
