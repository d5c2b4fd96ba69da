import { OciApiError, invalidParameter, missingParameter, notFound } from '../http/oci-api-error.js';
import type { Principal, RequestContext, Route, RouteResponse, ServiceModule } from '../http/route.js';
import { newOcid, realmOf, regionKeyOf } from '../ids.js';
import { reportingRegionOf } from '../state/tenancy-regions.js';
import type { EmulatorState, ProblemHistoryRecord, ProblemLifecycleDetail, ProblemRecord } from '../state/types.js';
import { problemHistorySummaryModel, problemModel } from './cloudguard-models.js';
import { pageOf, sortOrderOf } from './list-page.js';
import { optionalString, requireJsonObject, requiredString } from './request-fields.js';
import { resourceEtag } from './resource-etag.js';

/**
 * Cloud Guard API, 20200131 (oci-behaviour §6): reading a problem back and changing its status,
 * and the tenancy's configuration (its reporting region). Writes are accepted only in the reporting
 * region, reads everywhere (`oci-cloudguard/lib/client.d.ts` header; enforced in
 * `http/regional-write-rules.ts`).
 */

const PROBLEM_STATUSES: readonly ProblemLifecycleDetail[] = ['OPEN', 'RESOLVED', 'DISMISSED', 'DELETED'];

/** The history event each status change records (the contract's mapping; assumed). */
const EVENT_STATUS_OF: Readonly<Record<ProblemLifecycleDetail, ProblemHistoryRecord['eventStatus']>> = {
  OPEN: 'OPEN',
  RESOLVED: 'RESOLVE',
  DISMISSED: 'DISMISS',
  DELETED: 'DELETE',
};

function isProblemStatus(value: string): value is ProblemLifecycleDetail {
  return (PROBLEM_STATUSES as readonly string[]).includes(value);
}

function problemOrThrow(state: EmulatorState, problemId: string): ProblemRecord {
  const problem = state.problems.find((candidate) => candidate.id === problemId);
  if (problem === undefined) throw notFound(`problem ${problemId}`);
  return problem;
}

function problemResponse(problem: ProblemRecord): RouteResponse {
  const body = problemModel(problem);
  return { status: 200, body, headers: { etag: resourceEtag(body) } };
}

/** The user's name when the caller is a user the state knows, else the caller's OCID (assumed). */
function actorNameOf(state: EmulatorState, principal: Principal): string {
  if (principal.kind === 'resource') return principal.resourceId;
  return state.users.find((user) => user.id === principal.userId)?.name ?? principal.userId;
}

function getProblem(context: RequestContext): RouteResponse {
  return problemResponse(problemOrThrow(context.state, context.params['problemId'] ?? ''));
}

/**
 * `POST /problems/{problemId}/actions/updateStatus` with `{status, comment?}` → the Problem (§6).
 * Assumed details, none documented:
 * - `comment` replaces the problem's comment, and an update without one clears it, so an older
 *   closure comment is never read as the reason for a newer status;
 * - DELETED makes the problem INACTIVE, OPEN makes it ACTIVE again, other statuses leave it;
 * - the history record is actorType USER, named after the caller (resource principals by their
 *   resource OCID), with `delta` = the resource name ("Impacted resource names", SDK doc).
 */
function updateProblemStatus(context: RequestContext): RouteResponse {
  const problem = problemOrThrow(context.state, context.params['problemId'] ?? '');
  const details = requireJsonObject(context.body, 'UpdateProblemStatusDetails');
  const status = requiredString(details, 'status');
  if (!isProblemStatus(status)) throw invalidParameter(`'status' must be one of ${PROBLEM_STATUSES.join(', ')}.`);
  const comment = optionalString(details, 'comment') ?? null;

  const ifMatch = context.headers['if-match'];
  if (typeof ifMatch === 'string' && ifMatch !== '*' && ifMatch !== resourceEtag(problemModel(problem))) {
    throw new OciApiError(412, 'NoEtagMatch', `The if-match etag does not match the current etag of problem ${problem.id}.`);
  }

  problem.lifecycleDetail = status;
  problem.comment = comment;
  if (status === 'DELETED') problem.lifecycleState = 'INACTIVE';
  if (status === 'OPEN') problem.lifecycleState = 'ACTIVE';
  problem.histories.push({
    id: newOcid('cloudguardproblemhistory', regionKeyOf(problem.id), realmOf(problem.id)),
    actorType: 'USER',
    actorName: actorNameOf(context.state, context.principal),
    explanation: `Problem status changed to ${status}`,
    lifecycleDetail: status,
    eventStatus: EVENT_STATUS_OF[status],
    timeCreated: context.now.toISOString(),
    delta: problem.resourceName,
    comment,
  });
  return problemResponse(problem);
}

/**
 * `GET /problems/{problemId}/histories?compartmentId=…` → `{items}` (§0.4, §6). `compartmentId`
 * is required (documented); it must be the problem's compartment or the tenancy (root) one, else
 * 404 (assumed: OCI filters by compartment and the emulator has no compartment tree). Default
 * order: timeCreated descending (SDK doc); equal times keep the newest-recorded first.
 */
function listProblemHistories(context: RequestContext): RouteResponse {
  const problem = problemOrThrow(context.state, context.params['problemId'] ?? '');
  const compartmentId = context.query.get('compartmentId');
  if (compartmentId === null || compartmentId === '') throw missingParameter('compartmentId');
  const sortBy = context.query.get('sortBy');
  if (sortBy !== null && sortBy !== 'timeCreated') throw invalidParameter(`'sortBy' must be timeCreated.`);
  const sortOrder = sortOrderOf(context.query, 'DESC');
  if (compartmentId !== problem.compartmentId && compartmentId !== context.state.tenancy.id) {
    throw notFound(`problem ${problem.id} in compartment ${compartmentId}`);
  }

  const newestFirst = problem.histories
    .map((history, index) => ({ history, index, time: Date.parse(history.timeCreated) }))
    .sort((a, b) => b.time - a.time || b.index - a.index)
    .map(({ history }) => history);
  const ordered = sortOrder === 'DESC' ? newestFirst : newestFirst.reverse();
  const page = pageOf(ordered, context.query);
  return {
    status: 200,
    body: { items: page.items.map((history) => problemHistorySummaryModel(problem, history)) },
    headers: page.nextPage === null ? {} : { 'opc-next-page': page.nextPage },
  };
}

/**
 * `GET /configuration?compartmentId=<tenancy>` → `Configuration` (`oci-cloudguard/lib/client.js`
 * `getConfiguration`, `lib/model/configuration.d.ts`): `reportingRegion`, `status`,
 * `selfManageResources`. `compartmentId` is required (SDK request type); anything but the tenancy
 * (root compartment) id is 404 (assumed: the configuration is "identified by tenancy root
 * compartment OCID", SDK doc of updateConfiguration). Cloud Guard is reported ENABLED (assumed).
 */
function getConfiguration(context: RequestContext): RouteResponse {
  const compartmentId = context.query.get('compartmentId');
  if (compartmentId === null || compartmentId === '') throw missingParameter('compartmentId');
  if (compartmentId !== context.state.tenancy.id) throw notFound(`Cloud Guard configuration of compartment ${compartmentId}`);
  const body = { reportingRegion: reportingRegionOf(context.state), status: 'ENABLED', selfManageResources: false };
  return { status: 200, body, headers: { etag: resourceEtag(body) } };
}

const routes: readonly Route[] = [
  { service: 'cloudguard', operation: 'GetConfiguration', method: 'GET', path: '/configuration', handle: getConfiguration },
  { service: 'cloudguard', operation: 'GetProblem', method: 'GET', path: '/problems/{problemId}', handle: getProblem },
  {
    service: 'cloudguard',
    operation: 'UpdateProblemStatus',
    method: 'POST',
    path: '/problems/{problemId}/actions/updateStatus',
    // The SDK declares `opc-retry-token` on this operation (client.js), so a replay must not add a second history record.
    honoursRetryToken: true,
    handle: updateProblemStatus,
  },
  {
    service: 'cloudguard',
    operation: 'ListProblemHistories',
    method: 'GET',
    path: '/problems/{problemId}/histories',
    handle: listProblemHistories,
  },
];

export const cloudGuardService: ServiceModule = { routes };
