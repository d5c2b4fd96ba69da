import type { RotationRun } from './rotation-context.js';
import type { RotationRecord } from './rotation-record.js';
import type { RotationPhase, RotationReport } from './rotation-types.js';

/** Where this run stops; `complete` unless the run says otherwise. */
export function stopsAfter(run: RotationRun, phase: RotationPhase): boolean {
  return (run.until ?? 'complete') === phase && phase !== 'complete';
}

/** The report of a run that reached the phase it was asked to reach, and stopped there on purpose. */
export function phaseReached(record: RotationRecord, phase: RotationPhase, what: string): RotationReport {
  record.reached = phase;
  return record.report('in-progress', { reason: what });
}
