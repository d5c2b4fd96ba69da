import type { CloudGuardClient, models } from 'oci-cloudguard';
import type { ProblemHistoryEntry, ProblemPort, ProblemRecord } from '../../ports/problem-port.js';
import { modelTime } from './model-time.js';
import { ociCall } from './oci-call.js';

/** Cloud Guard (20200131): the authoritative record of a problem and who resolved it. */
export function createOciProblems(client: CloudGuardClient): ProblemPort {
  return {
    getProblem: (problemId) =>
      ociCall('GetProblem', problemId, async () => toProblem((await client.getProblem({ problemId })).problem)),
    listHistory: (problemId, compartmentId) =>
      ociCall('ListProblemHistories', problemId, async () => {
        const entries: ProblemHistoryEntry[] = [];
        let page: string | undefined;
        do {
          const response = await client.listProblemHistories({ problemId, compartmentId, limit: 100, ...(page ? { page } : {}) });
          entries.push(...response.problemHistoryCollection.items.map(toHistoryEntry));
          page = response.opcNextPage;
        } while (page);
        return entries.sort((a, b) => Date.parse(b.timeCreated) - Date.parse(a.timeCreated));
      }),
  };
}

function toProblem(problem: models.Problem): ProblemRecord {
  return {
    id: problem.id,
    compartmentId: problem.compartmentId,
    detectorRuleId: problem.detectorRuleId ?? '',
    lifecycleDetail: problem.lifecycleDetail ?? '',
    resourceId: problem.resourceId ?? '',
    comment: problem.comment ?? null,
    additionalDetails: problem.additionalDetails ?? {},
  };
}

function toHistoryEntry(entry: models.ProblemHistorySummary): ProblemHistoryEntry {
  return {
    id: entry.id,
    actorType: entry.actorType,
    actorName: entry.actorName ?? null,
    eventStatus: entry.eventStatus ?? '',
    lifecycleDetail: entry.lifecycleDetail,
    timeCreated: modelTime(entry.timeCreated),
    comment: entry.comment ?? null,
  };
}
