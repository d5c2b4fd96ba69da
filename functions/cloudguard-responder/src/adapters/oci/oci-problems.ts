import type { CloudGuardClient, models } from 'oci-cloudguard';
import type { ProblemHistoryEntry, ProblemPort, ProblemRecord } from '../../ports/problem-port.js';
import { modelTime } from './model-time.js';
import { failureOf } from './failure-of.js';
import type { OciCaller } from './oci-call.js';

/** Cloud Guard (20200131): the authoritative record of a problem and who resolved it. */
export function createOciProblems(caller: OciCaller, client: CloudGuardClient): ProblemPort {
  return {
    getProblem: async (problemId) => {
      try {
        return await caller.call('GetProblem', problemId, async (seen) => toProblem(seen(await client.getProblem({ problemId })).problem));
      } catch (error) {
        if (failureOf(error).status === 404) return null;
        throw error;
      }
    },
    listHistory: (problemId, compartmentId) =>
      caller.call('ListProblemHistories', problemId, async (seen) => {
        const entries: ProblemHistoryEntry[] = [];
        let page: string | undefined;
        do {
          const response = seen(await client.listProblemHistories({ problemId, compartmentId, limit: 100, ...(page ? { page } : {}) }));
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
