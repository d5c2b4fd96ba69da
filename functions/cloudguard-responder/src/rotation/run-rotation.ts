import { describeFailure } from './oci-failure.js';
import type { RotationRun } from './rotation-context.js';
import type { RotationJournal, RotationReport } from './rotation-journal.js';
import { RotationRefusedError } from './rotation-refused-error.js';
import type { RotationStep } from './rotation-step.js';

export type FailureExplainer = (step: RotationStep) => { stillWorking: string; nextAction: string };

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
    if (error instanceof RotationRefusedError) return journal.report('refused', { reason: error.message });
    const reason = run.signal.aborted
      ? `The invocation's deadline was reached during step ${journal.step}.`
      : `Step ${journal.step} failed: ${describeFailure(error)}`;
    run.deps.logger.error('rotation step failed', { step: journal.step, error });
    return journal.report('failed', { reason, ...explain(journal.step) });
  }
}
