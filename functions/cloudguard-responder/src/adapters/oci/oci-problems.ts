import type { CloudGuardClient, models } from 'oci-cloudguard';
import type { ProblemHistoryEntry, ProblemPort, ProblemRecord } from '../../ports/problem-port.js';
import { modelTime } from './model-time.js';
import { failureOf } from './failure-of.js';
import type { OciCaller } from './oci-call.js';

export interface ReportingRegionOptions {
  /** The Function's own region: Cloud Guard reads work there. */
  localRegionId: string;
  /** A Cloud Guard client pointed at another region. */
  clientIn(regionId: string): CloudGuardClient;
}

/**
 * Cloud Guard (20200131): the authoritative record of a problem and who resolved it. Reads work
 * in any region; writes (UpdateProblemStatus) only in the tenancy's reporting region, which
 * GetConfiguration names (`Configuration.reportingRegion`, oci-cloudguard model docs). It is
 * looked up once per container.
 */
export function createOciProblems(caller: OciCaller, client: CloudGuardClient, reporting?: ReportingRegionOptions): ProblemPort {
  let writer: Promise<CloudGuardClient> | null = null;
  const writerFor = (tenancyId: string | null): Promise<CloudGuardClient> => {
    if (!reporting || !tenancyId) return Promise.resolve(client);
    if (!writer) {
      writer = caller
        .call(
          'GetConfiguration',
          tenancyId,
          async (seen) => seen(await client.getConfiguration({ compartmentId: tenancyId })).configuration.reportingRegion,
        )
        .then((regionId) => (regionId && regionId !== reporting.localRegionId ? reporting.clientIn(regionId) : client));
      writer.catch(() => {
        writer = null;
      });
    }
    return writer;
  };
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
    reopen: async (problemId, tenancyId, comment) => {
      const target = await writerFor(tenancyId);
      await caller.call('UpdateProblemStatus', problemId, async (seen) =>
        seen(
          await target.updateProblemStatus({
            problemId,
            updateProblemStatusDetails: { status: 'OPEN' as models.ProblemLifecycleDetail, comment },
          }),
        ),
      );
    },
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
