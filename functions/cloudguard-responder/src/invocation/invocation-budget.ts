/**
 * How long one invocation may work, on the injected clock. Fn sends `Fn-Deadline` with every
 * call (an RFC 3339 instant); the work must stop `marginMs` before it so the outcome and the
 * email still go out. A deadline that is missing, unreadable or absurd must not make the run
 * unbounded or stop it from reporting, so each case has a defined budget.
 */
export interface InvocationBudget {
  /** Epoch ms after which no rotation call (read or write) starts. */
  workUntilMs: number;
  /** Epoch ms after which the report (ONS) is no longer attempted. */
  reportUntilMs: number;
  /** Why the budget is not simply "the Fn deadline less the margin"; null when it is. */
  note: string | null;
}

/** Fn's default function timeout is 30 s (Functions "timeout" setting, default 30, max 300). */
export const DEFAULT_BUDGET_MS = 30_000;
/** Fn's maximum function timeout (300 s); a later deadline is taken as this. */
export const MAX_BUDGET_MS = 300_000;
/** However late it is, the report gets this long: the one thing that must always happen. */
export const MIN_REPORT_MS = 2_000;

export function invocationBudget(deadline: Date | null | undefined, nowMs: number, marginMs: number): InvocationBudget {
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : Number.NaN;
  if (deadline === null || deadline === undefined) {
    return budgetEndingAt(
      nowMs + DEFAULT_BUDGET_MS,
      nowMs,
      marginMs,
      `no deadline given; using the default budget of ${DEFAULT_BUDGET_MS / 1000} s`,
    );
  }
  if (Number.isNaN(deadlineMs)) {
    return budgetEndingAt(
      nowMs + DEFAULT_BUDGET_MS,
      nowMs,
      marginMs,
      `the deadline could not be read; using the default budget of ${DEFAULT_BUDGET_MS / 1000} s`,
    );
  }
  if (deadlineMs - nowMs > MAX_BUDGET_MS) {
    return budgetEndingAt(
      nowMs + MAX_BUDGET_MS,
      nowMs,
      marginMs,
      `the deadline is further away than Fn allows; capped at ${MAX_BUDGET_MS / 1000} s`,
    );
  }
  if (deadlineMs <= nowMs) {
    // Already past on arrival: no rotation call may start, but SecOps still hears of it.
    return { workUntilMs: nowMs, reportUntilMs: nowMs + MIN_REPORT_MS, note: 'the deadline had already passed when the event arrived' };
  }
  return budgetEndingAt(deadlineMs, nowMs, marginMs, null);
}

function budgetEndingAt(endMs: number, nowMs: number, marginMs: number, note: string | null): InvocationBudget {
  const workUntilMs = Math.max(nowMs, endMs - marginMs);
  return { workUntilMs, reportUntilMs: Math.max(endMs, workUntilMs + MIN_REPORT_MS), note };
}
