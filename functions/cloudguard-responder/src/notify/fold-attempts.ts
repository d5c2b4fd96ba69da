import type { ActionRecord } from '../invocation/invocation-context.js';

/**
 * The audit trail as the email shows it: one line per OCI write, and one line for a run of
 * repeated attempts of the same proof on the same credential (IAM propagation can take dozens):
 * how many, over how long, and the final answer. The outcome's `actions` keeps every attempt.
 */
export function foldRepeatedAttempts(actions: readonly ActionRecord[]): string[] {
  const lines: string[] = [];
  for (let start = 0; start < actions.length; ) {
    const first = actions[start] as ActionRecord;
    let end = start + 1;
    if (isProof(first)) {
      while (end < actions.length && sameAttempt(first, actions[end] as ActionRecord)) end += 1;
    }
    const last = actions[end - 1] as ActionRecord;
    const requestId = last.opcRequestId ?? 'no request id';
    if (end - start === 1) {
      lines.push(`${first.time} ${first.operation} ${first.resourceId}: ${first.result} [${requestId}]`);
    } else {
      const seconds = (Date.parse(last.time) - Date.parse(first.time)) / 1000;
      lines.push(
        `${first.time} ${first.operation} ${first.resourceId}: ${end - start} attempts over ` +
          `${Number.isFinite(seconds) ? seconds.toFixed(1) : '?'} s, final answer ${last.result} [${requestId}]`,
      );
    }
    start = end;
  }
  return lines;
}

/** Proofs are the calls a rotation repeats on purpose; a write is never folded. */
function isProof(action: ActionRecord): boolean {
  return action.operation.endsWith('(proof)');
}

function sameAttempt(a: ActionRecord, b: ActionRecord): boolean {
  return a.operation === b.operation && a.resourceId === b.resourceId;
}
