import type { RotationRun } from './rotation-context.js';
import type { RotationJournal, RotationReport } from './rotation-journal.js';

/**
 * How far one invocation takes a rotation. A Cloud Guard event runs every phase at once; Vault's
 * rotation runs one phase per step, each a separate invocation that reads its progress back from
 * OCI (the version named after the marker, the credential tagged with it) and resumes there.
 *
 * | Phase      | Done when                                                   | What still works if it stops here                  | Next action if it fails          |
 * | ---------- | ----------------------------------------------------------- | -------------------------------------------------- | -------------------------------- |
 * | `stage`    | the new credential (or key pair) is a PENDING version in    | the old credential, CURRENT in Vault; a generated  | the same step again: it reuses   |
 * |            | every secret; tokens and secret keys already exist on the   | credential exists beside it, unused                | what is staged                   |
 * |            | user (OCI makes them there)                                 |                                                    |                                  |
 * | `apply`    | the new credential is on the user and ACTIVE (an API key is | both credentials; the old one is CURRENT           | the same step again              |
 * |            | uploaded here, a separate act)                              |                                                    |                                  |
 * | `complete` | the new one is proven by use, CURRENT, and the old one gone | the new credential, CURRENT in Vault               | the same step again: it promotes |
 * |            |                                                             |                                                    | and retires what is left         |
 */
export type RotationPhase = 'stage' | 'apply' | 'complete';

/** Where this run stops; `complete` unless the run says otherwise. */
export function stopsAfter(run: RotationRun, phase: RotationPhase): boolean {
  return (run.until ?? 'complete') === phase && phase !== 'complete';
}

/** The report of a run that reached the phase it was asked to reach, and stopped there on purpose. */
export function phaseReached(journal: RotationJournal, phase: RotationPhase, what: string): RotationReport {
  journal.reached = phase;
  return journal.report('in-progress', { reason: what });
}
