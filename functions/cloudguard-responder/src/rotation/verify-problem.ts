import type { RemediationRequest, SecretTargets } from '../domain/remediation-request.js';
import type { ProblemHistoryEntry, ProblemPort } from '../ports/problem-port.js';
import { RotationRefusedError } from '../errors/rotation-refused-error.js';

export interface VerifiedProblem {
  /** The USER resolve record this rotation answers, when Cloud Guard's history has one. */
  resolveRecord: ProblemHistoryEntry | null;
  /** Cloud Guard recorded a closure comment naming exactly the event's secrets. */
  commentConfirmed: boolean;
}

/**
 * Trusts nothing in the event that Cloud Guard can confirm: the problem must exist, be
 * RESOLVED, come from the detector rule the event names and concern the same user and
 * credential (oci-behaviour §6, re-verification recipe). A forged or stale event is refused here,
 * before anything is read from Identity or Vault.
 *
 * When Cloud Guard recorded a closure comment (the resolve record's, else the problem's), it
 * must name the same secrets as the event: otherwise a forged event could redirect a real
 * rotation's new credential into a secret of its choosing.
 */
export async function verifyProblem(
  problems: ProblemPort,
  request: RemediationRequest,
  secretsNamedBy: (comment: string) => SecretTargets | null,
): Promise<VerifiedProblem> {
  const problem = await problems.getProblem(request.problemId);
  if (!problem) {
    throw new RotationRefusedError(
      `Cloud Guard has no problem ${request.problemId} (or the function may not read it); the event is not trusted. Nothing was changed.`,
    );
  }
  const refuse = (why: string): never => {
    throw new RotationRefusedError(
      `Cloud Guard's record of problem ${request.problemId} ${why}; the event is not trusted. Nothing was changed.`,
    );
  };
  if (problem.lifecycleDetail !== 'RESOLVED') {
    // Reopened (Cloud Guard's next scan still finds the credential): a replay cannot help, a new resolve can.
    refuse(
      `is ${problem.lifecycleDetail}, not RESOLVED (if SecOps still wants the rotation, resolve the problem again in Cloud Guard: that sends a new event)`,
    );
  }
  if (problem.detectorRuleId !== request.problemName) refuse(`is a ${problem.detectorRuleId} problem, not ${request.problemName}`);
  if (problem.resourceId !== request.credentialResourceId)
    refuse(`concerns resource ${problem.resourceId}, not ${request.credentialResourceId}`);
  const recordedUser = problem.additionalDetails['User OCID'];
  if (recordedUser !== undefined && recordedUser !== request.userId) refuse(`concerns user ${recordedUser}, not ${request.userId}`);

  const history = await problems.listHistory(request.problemId, problem.compartmentId);
  const resolveRecord =
    history.find((entry) => entry.eventStatus === 'RESOLVE' && entry.actorType === 'USER') ??
    history.find((entry) => entry.eventStatus === 'RESOLVE') ??
    null;
  const recordedComment = nonEmpty(resolveRecord?.comment) ?? nonEmpty(problem.comment);
  let commentConfirmed = false;
  if (recordedComment !== null) {
    const recorded = secretsNamedBy(recordedComment);
    if (!recorded || !sameTargets(recorded, request.secrets)) {
      refuse('has a closure comment that names other secrets than the event');
    }
    commentConfirmed = true;
  }
  return { resolveRecord, commentConfirmed };
}

function nonEmpty(text: string | null | undefined): string | null {
  return text?.trim() ? text : null;
}

function sameTargets(a: SecretTargets, b: SecretTargets): boolean {
  return JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
}
