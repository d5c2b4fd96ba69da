import type { ProblemHistoryRecord, ProblemRecord } from '../state/types.js';

/**
 * Cloud Guard records rendered in the SDK's wire shape (`oci-cloudguard/lib/model/problem.d.ts`,
 * `problem-history-summary.d.ts`; oci-behaviour §6). Fields the state does not model (risk
 * scores, impacted resources, locks, auto-resolve) are reported as absent.
 */

export function problemModel(problem: ProblemRecord): Record<string, unknown> {
  return {
    id: problem.id,
    compartmentId: problem.compartmentId,
    detectorRuleId: problem.detectorRuleId,
    // `region` is deprecated in favour of `regions`; both are sent, as OCI still documents both.
    region: problem.region,
    regions: [problem.region],
    riskLevel: problem.riskLevel,
    riskScore: null,
    peakRiskScoreDate: null,
    peakRiskScore: null,
    autoResolveDate: null,
    peakRiskScoreLookupPeriodInDays: null,
    resourceId: problem.resourceId,
    resourceName: problem.resourceName,
    resourceType: problem.resourceType,
    labels: problem.labels,
    timeLastDetected: problem.timeLastDetected,
    timeFirstDetected: problem.timeFirstDetected,
    lifecycleState: problem.lifecycleState,
    lifecycleDetail: problem.lifecycleDetail,
    detectorId: problem.detectorId,
    targetId: problem.targetId,
    additionalDetails: problem.additionalDetails,
    description: problem.description,
    recommendation: problem.recommendation,
    comment: problem.comment,
    impactedResourceId: null,
    impactedResourceName: null,
    impactedResourceType: null,
    locks: [],
  };
}

export function problemHistorySummaryModel(problem: ProblemRecord, history: ProblemHistoryRecord): Record<string, unknown> {
  return {
    id: history.id,
    problemId: problem.id,
    actorType: history.actorType,
    actorName: history.actorName,
    explanation: history.explanation,
    lifecycleDetail: history.lifecycleDetail,
    eventStatus: history.eventStatus,
    timeCreated: history.timeCreated,
    delta: history.delta,
    comment: history.comment,
    locks: [],
  };
}
