import { DeadlineExceededError } from '../errors/deadline-exceeded-error.js';
import { NothingToRotateError } from '../errors/nothing-to-rotate-error.js';
import { UnmanageableUserError } from '../errors/unmanageable-user-error.js';
import { describeFailure } from './oci-failure.js';
import type { RotationRun } from './rotation-context.js';
import type { RotationRecord } from './rotation-record.js';
import { RotationRefusedError } from '../errors/rotation-refused-error.js';
import type { RotationReport } from './rotation-types.js';
import { drivePhases, type Next } from './phase-driver.js';
import { ScheduledRotationRunningError } from '../errors/scheduled-rotation-running-error.js';
import { OtherRotationRunningError } from '../errors/other-rotation-running-error.js';

/** What still works after a failure and the one next action, derived from the record (its step and facts). */
export interface FailureExplanation {
  stillWorking: string;
  nextAction: string;
}

export type FailureExplainer<Facts> = (record: RotationRecord<Facts>, error: unknown) => Promise<FailureExplanation>;

/**
 * Runs one rotation's phases from `first` and turns whatever they throw into an honest report:
 * a refusal (nothing changed) or a failure that names the step, what still works and the one
 * next action.
 */
export async function runRotation<Facts>(
  run: RotationRun,
  record: RotationRecord<Facts>,
  first: Next,
  explain: FailureExplainer<Facts>,
): Promise<RotationReport> {
  try {
    return await drivePhases(record, first);
  } catch (error) {
    if (error instanceof ScheduledRotationRunningError) {
      return record.report('in-progress', {
        reason: `${error.message}; it replaces this credential, so this delivery changed nothing.`,
        stillWorking: `The old credential ${record.oldId ?? '?'} still works until the scheduled rotation retires it.`,
        nextAction:
          "Nothing, if the scheduled rotation's email follows. Otherwise replay the event once Vault shows the rotation finished.",
      });
    }
    if (error instanceof OtherRotationRunningError) {
      return record.report('in-progress', {
        reason: `${error.message}: that rotation replaces this credential, so this one changed nothing and leaves it to it.`,
        stillWorking: `The old credential ${record.oldId ?? '?'} still works until that rotation retires it.`,
        nextAction:
          "Nothing, if that rotation's email follows. Otherwise replay once it has finished: it answers already-rotated or starts afresh.",
      });
    }
    if (error instanceof NothingToRotateError) {
      return record.report('nothing-to-rotate', {
        reason: error.message,
        stillWorking:
          `Nothing was changed: Vault's CURRENT versions and the user's other credentials are as they were (credential ` +
          `${error.credentialId} no longer exists).`,
        nextAction: 'None: the stale credential is already gone, so Cloud Guard has nothing left to find.',
      });
    }
    if (error instanceof RotationRefusedError) return record.report('refused', { reason: error.message });
    if (error instanceof UnmanageableUserError) return record.report('refused', { reason: unmanageableUser(error) });
    const outOfTime = error instanceof DeadlineExceededError || run.deps.clock.now().getTime() >= run.workUntilMs;
    const reason = outOfTime
      ? `The invocation's deadline was reached during step ${record.step}.`
      : `Step ${record.step} failed: ${describeFailure(error)}`;
    run.deps.logger.error('rotation step failed', { step: record.step, error });
    return record.report('failed', { reason, ...(await explain(record, error)) });
  }
}

/** Cloud Guard reported the user, yet the classic IAM API does not know it (oci-behaviour §3.8). */
export function unmanageableUser(error: UnmanageableUserError): string {
  return (
    `The classic IAM API does not know user ${error.userId} (${error.operation} answered 404): the user belongs to a non-default identity domain, ` +
    'whose credentials this responder cannot manage through the classic API, or was deleted. Rotate the credential in that identity domain ' +
    'by hand. Nothing was changed.'
  );
}
