import { createHash } from 'node:crypto';
import type { CloudGuardClient } from 'oci-cloudguard';
import { modelTime } from '../../functions/cloudguard-responder/src/index.js';
import { CommandFailedError } from '../errors/command-failed-error.js';
import { explainFailure } from '../describe-failure.js';
import { readWithRetry } from './read-with-retry.js';

/** A remediated event rebuilt from Cloud Guard's record, and what it was rebuilt from (for the report). */
export interface RebuiltEvent {
  text: string;
  sources: string[];
}

/**
 * The `com.oraclecloud.cloudguard.problemremediated` event Cloud Guard sent when the problem was
 * last resolved, rebuilt from Cloud Guard's own record for whoever did not capture it: GetProblem
 * for the problem (detector rule, user, credential, region) and the latest RESOLVE of
 * ListProblemHistories for when, by whom and with which closure comment. The field mapping is
 * the captured events' (oci-behaviour §1.2–§1.5: `data.resourceId` is the problem,
 * `additionalDetails.resourceId` the credential, `problemAdditionalDetails` the problem's own
 * additional details plus the comment). `comment` supplies or overrides the closure comment; the
 * responder still compares it with the one Cloud Guard recorded.
 */
export async function rebuildEventFromProblem(
  cloudGuard: CloudGuardClient,
  problemId: string,
  comment: string | null,
): Promise<RebuiltEvent> {
  const read = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await readWithRetry(call);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) {
        throw new CommandFailedError(
          `Cloud Guard has no problem ${problemId}, or this profile may not read it (${operation}: 404)`,
          'pass the OCID of a Cloud Guard problem (ocid1.cloudguardproblem…) from the tenancy you replay against',
        );
      }
      throw new CommandFailedError(`cannot rebuild the event of problem ${problemId}: ${operation} failed: ${await explainFailure(error)}`);
    }
  };
  const problem = (await read('GetProblem', () => cloudGuard.getProblem({ problemId }))).problem;
  const histories = (
    await read('ListProblemHistories', () =>
      cloudGuard.listProblemHistories({ problemId, compartmentId: problem.compartmentId, limit: 100 }),
    )
  ).problemHistoryCollection.items;
  const resolve = histories
    .filter((entry) => entry.eventStatus === 'RESOLVE')
    .sort((a, b) => Date.parse(modelTime(b.timeCreated)) - Date.parse(modelTime(a.timeCreated)))[0];
  if (!resolve) {
    throw new CommandFailedError(
      `problem ${problemId} (${problem.detectorRuleId ?? 'unknown rule'}, ${problem.lifecycleDetail ?? 'unknown state'}) has no RESOLVE in ` +
        `its history: Cloud Guard never sent a remediated event for it`,
      'resolve the problem in Cloud Guard first, with the closure comment naming the Vault secrets',
    );
  }
  const resolvedAt = modelTime(resolve.timeCreated);
  const recorded = resolve.comment ?? null;
  const closure = comment ?? recorded ?? '';
  const additional = problem.additionalDetails ?? {};
  const credentialResourceId = problem.resourceId ?? '';
  const tenancyId = [problem.compartmentId, credentialResourceId.split('/')[0] ?? ''].find((id) => id.startsWith('ocid1.tenancy.')) ?? null;
  const region = problem.regions?.[0] ?? problem.region ?? null;
  const event = {
    eventType: 'com.oraclecloud.cloudguard.problemremediated',
    cloudEventsVersion: '0.1',
    eventTypeVersion: '2.0',
    source: 'CloudGuardResponderEngine',
    eventTime: resolvedAt,
    contentType: 'application/json',
    data: {
      compartmentId: problem.compartmentId,
      resourceName: problem.description ?? problem.detectorRuleId ?? '',
      resourceId: problem.id,
      additionalDetails: {
        ...(tenancyId ? { tenantId: tenancyId } : {}),
        status: 'RESOLVED',
        reason: 'Problem remediated',
        problemName: problem.detectorRuleId ?? '',
        ...(problem.riskLevel ? { riskLevel: problem.riskLevel } : {}),
        resourceName: problem.resourceName ?? '',
        resourceId: credentialResourceId,
        resourceType: problem.resourceType ?? 'User',
        targetId: problem.targetId ?? '',
        labels: (problem.labels ?? []).join(', '),
        firstDetected: modelTime(problem.timeFirstDetected),
        lastDetected: modelTime(problem.timeLastDetected),
        ...(region ? { region } : {}),
        problemAdditionalDetails: { ...additional, comments: closure },
        problemDescription: problem.description ?? '',
        problemRecommendation: problem.recommendation ?? '',
      },
    },
    // Stable per RESOLVE: rebuilding the same resolve twice is the same event, as a redelivery is.
    eventID: uuidFrom(`${problem.id}/${resolve.id}`),
    extensions: { compartmentId: problem.compartmentId },
  };
  const sources = [
    `GetProblem ${problem.id}: ${problem.detectorRuleId ?? '?'}, now ${problem.lifecycleDetail ?? '?'}, user ` +
      `${additional['User OCID'] ?? '?'}, credential ${credentialResourceId || '?'}`,
    `ListProblemHistories: the latest RESOLVE, ${resolve.id}, by ${resolve.actorName ?? resolve.actorType} at ${resolvedAt}`,
    comment === null
      ? `closure comment: the one recorded with that RESOLVE${recorded === null ? ' (none was recorded)' : ''}`
      : `closure comment: given with --comment (Cloud Guard recorded ${recorded === null ? 'none: the secrets it names must be bound to the user by a cg-responder-user tag or an allow-list' : `"${recorded}"`})`,
  ];
  return { text: JSON.stringify(event), sources };
}

function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
