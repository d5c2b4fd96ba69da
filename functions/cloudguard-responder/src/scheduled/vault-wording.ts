import type { RotationReport } from '../rotation/rotation-types.js';

/**
 * The rotation engine words its next actions for a Cloud Guard event ("replay the event",
 * "resolve the problem again"); for a rotation Vault runs, the same acts are a retry of the step
 * or a new RotateSecret (which replaces the CURRENT version of then: a fresh rotation, as a new
 * resolve is).
 */
const REPHRASINGS: ReadonlyArray<[RegExp, string]> = [
  [
    /reopen the problem in Cloud Guard and resolve it again \(a new resolve starts a fresh rotation\)/g,
    'run the rotation again with RotateSecret (it starts a fresh rotation)',
  ],
  [/[Rr]esolve the problem again in Cloud Guard[^.;)]*/g, 'run the rotation again with RotateSecret (it starts afresh)'],
  [/[Rr]eplay the event/g, 'let Vault retry the step (or run RotateSecret)'],
];

export function inVaultTerms(report: RotationReport): RotationReport {
  const rephrase = (text: string | null): string | null =>
    text === null ? null : REPHRASINGS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
  return {
    ...report,
    reason: rephrase(report.reason),
    stillWorking: rephrase(report.stillWorking),
    nextAction: rephrase(report.nextAction),
  };
}
