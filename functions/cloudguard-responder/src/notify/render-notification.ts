import type { Outcome } from '../outcome.js';
import { describeTrigger } from '../rotation/rotation-trigger.js';
import { printable } from '../text/printable.js';
import { foldRepeatedAttempts } from './fold-attempts.js';

const NOUNS: Readonly<Record<string, string>> = {
  API_KEY: 'API key',
  AUTH_TOKEN: 'auth token',
  CUSTOMER_SECRET_KEY: 'customer secret key',
  UI_PASSWORD: 'console password',
};

/** ONS uses the title as the email subject (oci-behaviour §5); keep it one short line. */
const MAX_TITLE_LENGTH = 120;

export interface NotificationFacts {
  outcome: Outcome;
  problemDisplayName: string | null;
  eventTime: string | null;
  userName: string | null;
}

/**
 * The email SecOps reads: a subject that says what happened, and a plain-text body with the
 * ids, versions, checks and, on failure, what still works and the one next action. Built only
 * from the outcome, which holds no secret values; every piece is flattened to printable text
 * so nothing from an event can inject a header or a fake line.
 */
export function renderNotification(facts: NotificationFacts): { title: string; body: string } {
  return { title: renderTitle(facts), body: renderBody(facts) };
}

function renderTitle({ outcome, userName }: NotificationFacts): string {
  const noun = outcome.credential.type ? (NOUNS[outcome.credential.type] ?? 'credential') : 'credential';
  const who = userName ?? outcome.credential.userId ?? `problem ${outcome.problemId ?? '?'}`;
  const versions = outcome.secrets.map((secret) => `v${secret.versionNumber}`).join('/');
  let title: string;
  switch (outcome.status) {
    case 'rotated':
      title =
        outcome.credential.type === 'UI_PASSWORD'
          ? `Reset console password of ${who}${versions ? ` · secret ${versions}` : ''}`
          : `Rotated ${noun} of ${who} · secret ${versions}`;
      break;
    case 'already-rotated':
      title = `Already rotated: ${noun} of ${who}${versions ? ` · secret ${versions}` : ''} (repeat event, nothing done)`;
      break;
    case 'in-progress':
      title = `Rotation in progress: ${noun} of ${who} (another delivery is making it)`;
      break;
    case 'nothing-to-rotate':
      title = `Nothing to rotate: ${noun} of ${who} no longer exists (nothing changed)`;
      break;
    case 'refused':
      title = `NOT rotated: ${noun} of ${who} · refused`;
      break;
    case 'failed':
      title = `NOT rotated: ${noun} of ${who} · failed at ${outcome.step ?? 'unknown step'}`;
      break;
    case 'ignored':
      title = `Ignored event for problem ${outcome.problemId ?? '?'}`;
      break;
  }
  return clip(printable(title), MAX_TITLE_LENGTH);
}

function renderBody({ outcome, problemDisplayName, eventTime, userName }: NotificationFacts): string {
  const lines: string[] = [];
  const add = (label: string, value: string | null | undefined): void => {
    if (value) lines.push(`${label}: ${printable(value)}`);
  };
  add('Outcome', outcome.status.toUpperCase());
  if (outcome.trigger) add('Trigger', describeTrigger(outcome.trigger));
  add('Reason', outcome.reason);
  add('Failed step', outcome.step);
  lines.push('');
  add('Problem', problemDisplayName && outcome.problemName ? `${problemDisplayName} (${outcome.problemName})` : outcome.problemName);
  add('Problem OCID', outcome.problemId);
  add('Event', outcome.eventId && eventTime ? `${outcome.eventId} at ${eventTime}` : outcome.eventId);
  add('User', userName && outcome.credential.userId ? `${userName} (${outcome.credential.userId})` : outcome.credential.userId);
  add('Credential type', outcome.credential.type ? (NOUNS[outcome.credential.type] ?? outcome.credential.type) : null);
  add('Old credential', outcome.credential.oldId);
  add('New credential', outcome.credential.newId);
  if (outcome.secrets.length > 0) {
    lines.push('Secret versions:');
    for (const secret of outcome.secrets) {
      lines.push(
        `  - ${secret.role}: ${secret.secretId} version ${secret.versionNumber} (${secret.stage}${secret.versionName ? `, name ${secret.versionName}` : ''})`,
      );
    }
  }
  if (outcome.verified.length > 0) {
    lines.push('Verified:');
    for (const check of outcome.verified) lines.push(`  - ${printable(check)}`);
  }
  // A rotation that stored nothing in Vault (a password reset naming no secret) has no versions to clean up.
  if (outcome.hygiene && outcome.secrets.length > 0) {
    const { scheduledForDeletion, problems, keptPrevious } = outcome.hygiene;
    lines.push(
      `Version clean-up (keeps CURRENT, PENDING and ${keptPrevious} previous): ${scheduledForDeletion.length === 0 ? 'nothing to remove' : `${scheduledForDeletion.length} old version(s) scheduled for deletion`}${problems.length > 0 ? `, ${problems.length} problem(s) (the rotation stands)` : ''}`,
    );
    for (const version of scheduledForDeletion)
      lines.push(`  - ${version.secretId} version ${version.versionNumber} (${printable(version.versionName)}) scheduled for deletion`);
    for (const problem of problems) lines.push(`  - NOT cleaned up: ${printable(problem)}`);
  }
  if (outcome.stillWorking || outcome.nextAction) lines.push('');
  add('What still works', outcome.stillWorking);
  if (outcome.problemReopened) add('Cloud Guard', 'the problem was set OPEN again, so the dashboard shows it still needs work');
  else add('Cloud Guard', outcome.reopenSkipped);
  add('Next action', outcome.nextAction);
  if (outcome.actions.length > 0) {
    lines.push('');
    lines.push('OCI writes (find each in OCI Audit by its opc-request-id):');
    // Repeated proof attempts read as one line (how many, over how long, the final answer); the outcome's `actions` keeps each.
    for (const line of foldRepeatedAttempts(outcome.actions)) lines.push(`  - ${printable(line)}`);
  }
  lines.push('');
  lines.push(`Correlation id: ${printable(outcome.correlationId)}`);
  lines.push('Sent by cg-responder. This message never contains secret values.');
  return lines.join('\n');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
