import type { RotationRecord } from './rotation-record.js';
import type { RotationReport, RotationStep } from './rotation-types.js';

/**
 * What a phase answers: the next phase to run (the step it stands for, and the work, closed over
 * what this phase read), or the rotation's report when it is over.
 */
export type Next = { readonly step: RotationStep; readonly run: () => Promise<Next> } | { readonly report: RotationReport };

/** The next phase: `run` does the work of `step` and answers the phase after it. */
export function next(step: RotationStep, run: () => Promise<Next>): Next {
  return { step, run };
}

/** The rotation is over with this report. */
export function finish(report: RotationReport): Next {
  return { report };
}

/**
 * Runs a rotation's phases one after the other. This loop is the one place the record's step
 * changes: a phase never sets it, it only names the phase that follows. A phase that must read
 * everything again (after joining another delivery) names the first phase again: the loop runs
 * it, no phase calls itself.
 */
export async function drivePhases(record: RotationRecord, first: Next): Promise<RotationReport> {
  let phase = first;
  while (!('report' in phase)) {
    record.step = phase.step;
    phase = await phase.run();
  }
  return phase.report;
}
