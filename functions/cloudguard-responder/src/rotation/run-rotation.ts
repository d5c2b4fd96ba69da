import { DeadlineExceededError } from '../errors/deadline-exceeded-error.js';
import { NothingToRotateError } from '../errors/nothing-to-rotate-error.js';
import { UnmanageableUserError } from '../errors/unmanageable-user-error.js';
import { describeFailure } from './oci-failure.js';
import type { RotationRun } from './rotation-context.js';
import type { RotationJournal } from './rotation-journal.js';
import { RotationRefusedError } from '../errors/rotation-refused-error.js';
import type { RotationReport, RotationStep } from './rotation-types.js';
import { ScheduledRotationRunningError } from '../errors/scheduled-rotation-running-error.js';

export type FailureExplainer = (step: RotationStep, error: unknown) => Promise<{ stillWorking: string; nextAction: string }>;

/**
 * Runs one rotation and turns whatever it throws into an honest report: a refusal (nothing
 * changed) or a failure that names the step, what still works and the one next action.
 */
export async function runRotation(
  run: RotationRun,
  journal: RotationJournal,
  execute: () => Promise<RotationReport>,
  explain: FailureExplainer,
): Promise<RotationReport> {
  try {
    return await execute();
  } catch (error) {
    if (error instanceof ScheduledRotationRunningError) {
      return journal.report('in-progress', {
        reason: `${error.message}; it replaces this credential, so this delivery changed nothing.`,
        stillWorking: `The old credential ${journal.oldId ?? '?'} still works until the scheduled rotation retires it.`,
        nextAction:
          "Nothing, if the scheduled rotation's email follows. Otherwise replay the event once Vault shows the rotation finished.",
      });
    }
    if (error instanceof NothingToRotateError) {
      return journal.report('nothing-to-rotate', {
        reason: error.message,
        stillWorking: `Nothing was changed: Vault's CURRENT versions and the user's other credentials are as they were (credential ${error.credentialId} no longer exists).`,
        nextAction: 'None: the stale credential is already gone, so Cloud Guard has nothing left to find.',
      });
    }
    if (error instanceof RotationRefusedError) return journal.report('refused', { reason: error.message });
    if (error instanceof UnmanageableUserError) return journal.report('refused', { reason: unmanageableUser(error) });
    const outOfTime = error instanceof DeadlineExceededError || run.deps.clock.now().getTime() >= run.workUntilMs;
    const reason = outOfTime
      ? `The invocation's deadline was reached during step ${journal.step}.`
      : `Step ${journal.step} failed: ${describeFailure(error)}`;
    run.deps.logger.error('rotation step failed', { step: journal.step, error });
    return journal.report('failed', { reason, ...(await explain(journal.step, error)) });
  }
}

/** Cloud Guard reported the user, yet the classic IAM API does not know it (oci-behaviour §3.8). */
export function unmanageableUser(error: UnmanageableUserError): string {
  return (
    `The classic IAM API does not know user ${error.userId} (${error.operation} answered 404): the user belongs to a non-default identity domain, ` +
    'whose credentials this responder cannot manage through the classic API, or was deleted. Rotate the credential in that identity domain by hand. Nothing was changed.'
  );
}
