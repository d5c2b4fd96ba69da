import type { RotationStatus } from '../rotation/rotation-types.js';
import type { RotationTruth } from './rotation-truth.js';

/** What the facts say a failed or refused delivery should do about Cloud Guard and its email. */
export type ReopenDecision =
  /** Set the problem OPEN again: every condition holds. */
  | { kind: 'reopen' }
  /** Leave Cloud Guard as it is; `why` goes into the outcome. */
  | { kind: 'leave'; why: string }
  /** Another delivery completed this resolve's rotation: this one answers already-rotated, quietly. */
  | { kind: 'completed-by-other' }
  /** Another delivery is at work on this resolve: this one answers in-progress, quietly. */
  | { kind: 'other-at-work'; traces: string[] };

export interface ReopenFacts {
  status: RotationStatus;
  /** The step a failure stopped at; only a delivery at `retire-old` removes the stale credential itself. */
  failedStep: string | null;
  reopenEnabled: boolean;
  /** Cloud Guard's record confirms the problem, user and credential (verify-problem passed). */
  problemVerified: boolean;
  /**
   * The secrets are bound to the user by more than the event's word: Cloud Guard's record of the
   * resolve names them, or a tag or an allow-list does. null: that could not be read.
   */
  secretsBound: boolean | null;
  /** A definite read after the failure; null when it could not be made (in doubt). */
  truth: RotationTruth | null;
  /** This delivery sent a write (any answer): the traces may be its own. */
  wroteAnything: boolean;
}

/**
 * Reopen only when the truth is known: the event is confirmed, a definite read shows the stale
 * credential still there, no rotation of this resolve completed, and no other delivery is at
 * work on it. Anything less leaves Cloud Guard as it is and says why. Pure.
 */
export function decideReopen(facts: ReopenFacts): ReopenDecision {
  const { truth } = facts;
  // Complete, though this delivery failed before retiring the old credential: another one finished it.
  if (truth?.completed && facts.status === 'failed' && facts.failedStep !== 'retire-old') return { kind: 'completed-by-other' };
  if (truth && !facts.wroteAnything && truth.traces.length > 0 && facts.status === 'failed')
    return { kind: 'other-at-work', traces: truth.traces };
  if (!facts.reopenEnabled)
    return { kind: 'leave', why: 'Reopening is off (CGR_REOPEN_PROBLEMS=false): Cloud Guard still shows the problem RESOLVED.' };
  if (!facts.problemVerified)
    return {
      kind: 'leave',
      why: "Not set OPEN again: Cloud Guard's record does not confirm this event, so nothing was written to Cloud Guard.",
    };
  if (facts.secretsBound === null)
    return {
      kind: 'leave',
      why: 'Not set OPEN again: whether the named secrets are bound to the user could not be read, so nothing was written to Cloud Guard (in doubt).',
    };
  if (!facts.secretsBound) {
    return {
      kind: 'leave',
      why:
        "Not set OPEN again: the event's secrets are bound to the user by neither Cloud Guard's record, a cg-responder-user tag nor an " +
        'allow-list, so the event may be forged and nothing was written to Cloud Guard.',
    };
  }
  if (!truth)
    return {
      kind: 'leave',
      why:
        'Not set OPEN again: Identity and Vault could not be read after the failure, so whether the stale credential is still there is ' +
        'unknown and nothing was written to Cloud Guard (in doubt).',
    };
  if (truth.completed) return { kind: 'leave', why: "Not set OPEN again: this resolve's rotation is complete." };
  if (!truth.staleExists) return { kind: 'leave', why: 'Not set OPEN again: the stale credential is no longer on the user.' };
  if (!facts.wroteAnything && truth.traces.length > 0)
    return { kind: 'leave', why: `Not set OPEN again: another delivery of this event may be at work (${truth.traces.join('; ')}).` };
  return { kind: 'reopen' };
}

const RESOLVE_AGAIN = 'resolve the problem again in Cloud Guard (it is OPEN again, so a replay of this event would be refused)';

/**
 * The one next action once the problem is OPEN again: what the rotation advised, with "replay
 * the event" (refused now) turned into resolving the problem again, which sends a new event that
 * resumes from what is stored. Pure.
 */
export function nextActionAfterReopen(nextAction: string | null): string {
  const replay = /replay the event/i;
  if (nextAction && replay.test(nextAction)) {
    const rewritten = nextAction.replace(replay, RESOLVE_AGAIN);
    return rewritten.charAt(0).toUpperCase() + rewritten.slice(1);
  }
  return `Fix the cause above, then ${RESOLVE_AGAIN}; the new resolve resumes from what is stored.`;
}
