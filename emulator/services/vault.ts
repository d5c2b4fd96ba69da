import { OciApiError, incorrectState, invalidParameter } from '../http/oci-api-error.js';
import type { RequestContext, Route, RouteResponse, ServiceModule } from '../http/route.js';
import type { EmulatorState, SecretRecord } from '../state/types.js';
import { pageOf, sortOrderOf } from './list-page.js';
import {
  optionalDateTime,
  optionalInteger,
  optionalObject,
  optionalString,
  optionalStringMap,
  refuseUnmodelledFields,
  requireJsonObject,
} from './request-fields.js';
import { resourceEtag } from './resource-etag.js';
import { beginRotation } from './secret-rotation.js';
import { newOcid, realmOf, regionKeyOf } from '../ids.js';
import { parseSecretContent } from './secret-content.js';
import { secretOrThrow, secretVersionOrThrow } from './secret-lookup.js';
import {
  appendVersion,
  assertNewVersionAllowed,
  countVersionsPendingDeletion,
  isDeprecated,
  isPendingDeletion,
  promoteVersion,
} from './secret-stages.js';
import { secretModel, secretVersionModel, secretVersionSummaryModel } from './vault-models.js';

/**
 * Vault management API, 20180608 (oci-behaviour §4): the secret operations the responder uses.
 * There is no authorisation model: any authenticated principal may call anything (contract).
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Version deletion window, documented on the "Deleting a Secret Version" docs page: "By default,
 * the service schedules secrets for deletion 30 days from the current date and time. You can set
 * a range between 1 day and 30 days." The 5-minute slack for the caller's clock is assumed.
 */
const VERSION_DELETION_DEFAULT_MS = 30 * DAY_MS;
const VERSION_DELETION_MINIMUM_MS = 1 * DAY_MS;
const VERSION_DELETION_MAXIMUM_MS = 30 * DAY_MS;
const VERSION_DELETION_SLACK_MS = 5 * 60 * 1000;

/** UpdateSecretDetails fields the state cannot hold; refused rather than silently dropped. */
const UNMODELLED_UPDATE_FIELDS = [
  'secretRules',
  'rotationConfig',
  'replicationConfig',
  'secretGenerationContext',
  'enableAutoGeneration',
  'definedTags',
] as const;

function secretResponse(secret: SecretRecord, status = 200): RouteResponse {
  const body = secretModel(secret);
  return { status, body, headers: { etag: resourceEtag(body) } };
}

/** `if-match` is declared on UpdateSecret and ScheduleSecretVersionDeletion; a stale etag → 412 `NoEtagMatch` (oci-behaviour §8). */
function assertIfMatch(context: RequestContext, secret: SecretRecord): void {
  const ifMatch = context.headers['if-match'];
  if (typeof ifMatch !== 'string' || ifMatch === '*') return;
  if (ifMatch !== resourceEtag(secretModel(secret))) {
    throw new OciApiError(412, 'NoEtagMatch', `The if-match etag does not match the current etag of secret ${secret.id}.`);
  }
}

/**
 * "The secret must in an ACTIVE lifecycle state to be updated" (SDK doc on updateSecret,
 * oci-behaviour §4.2); during UPDATING the answer is 409 `IncorrectState` naming UPDATING (§4.4).
 */
function assertSecretActive(secret: SecretRecord, action: string): void {
  if (secret.lifecycleState !== 'ACTIVE') {
    throw incorrectState(`Secret ${secret.id} is in lifecycle state ${secret.lifecycleState}; it must be ACTIVE to ${action}.`);
  }
}

function getSecret(context: RequestContext): RouteResponse {
  return secretResponse(secretOrThrow(context.state, context.params['secretId'] ?? ''));
}

/**
 * UpdateSecret (oci-behaviour §4.2–§4.4). Order: find (404), read and validate the body (400),
 * `if-match` (412), lifecycle and replica checks (409), version rules (409/400), then apply
 * everything at once, so a refused request leaves the secret untouched. The answer is the Secret,
 * never the new version number; a PENDING write leaves `currentVersionNumber` as it was.
 */
function updateSecret(context: RequestContext): RouteResponse {
  const secret = secretOrThrow(context.state, context.params['secretId'] ?? '');
  const details = requireJsonObject(context.body, 'UpdateSecretDetails');
  refuseUnmodelledFields(details, UNMODELLED_UPDATE_FIELDS);

  const contentDetails = optionalObject(details, 'secretContent');
  const promotedVersionNumber = optionalInteger(details, 'currentVersionNumber');
  if (contentDetails !== undefined && promotedVersionNumber !== undefined) {
    // "The secret contents, version number, and rules can't be specified at the same time" (§4.2).
    throw invalidParameter(`'secretContent' and 'currentVersionNumber' cannot be specified at the same time.`);
  }
  const contentWrite = contentDetails === undefined ? undefined : parseSecretContent(contentDetails);
  const description = optionalString(details, 'description');
  const metadata = optionalObject(details, 'metadata');
  const freeformTags = optionalStringMap(details, 'freeformTags');

  assertIfMatch(context, secret);
  assertSecretActive(secret, 'be updated');
  if (secret.isReplica) {
    // "Replicated secrets are read-only" (§4.4); the status and code are the contract's choice (assumed).
    throw incorrectState(`Secret ${secret.id} is a replica; replicated secrets are read-only.`);
  }
  // Whether OCI refuses writers while Vault's own rotation is IN_PROGRESS is open question 7;
  // the emulator lets them through (assumed).

  let versions = secret.versions;
  if (contentWrite !== undefined) {
    assertNewVersionAllowed(versions, contentWrite.name, context.state.settings.limits.secretVersionsPerSecret);
    versions = appendVersion(
      versions,
      {
        name: contentWrite.name,
        content: contentWrite.content,
        contentSha256: contentWrite.contentSha256,
        timeCreated: context.now.toISOString(),
      },
      contentWrite.stage,
    ).versions;
  } else if (promotedVersionNumber !== undefined) {
    versions = promoteVersion(versions, promotedVersionNumber);
  }

  secret.versions = versions;
  if (description !== undefined) secret.description = description;
  if (metadata !== undefined) secret.metadata = metadata;
  if (freeformTags !== undefined) secret.freeformTags = freeformTags;
  // Every accepted update runs asynchronously in OCI and leaves the secret UPDATING for a while
  // (§4.4), including a promote of the version already current (assumed). 0 ms → ACTIVE at once.
  const updatingMs = context.state.settings.secretUpdatingMs;
  if (updatingMs > 0) {
    secret.lifecycleState = 'UPDATING';
    secret.updatingUntil = new Date(context.now.getTime() + updatingMs).toISOString();
  }
  return secretResponse(secret);
}

/**
 * ListSecretVersions: a bare `SecretVersionSummary[]` with `opc-next-page` (§0.4); 409
 * `IncorrectState` while the secret is UPDATING (§4.4). `sortBy` knows only VERSION_NUMBER
 * (`ListSecretVersionsRequest.SortBy`); the default order is not documented, newest first is
 * assumed (the SDK doc's "Time created is default ordered as descending").
 */
function listSecretVersions(context: RequestContext): RouteResponse {
  const secret = secretOrThrow(context.state, context.params['secretId'] ?? '');
  const sortBy = context.query.get('sortBy');
  if (sortBy !== null && sortBy !== 'VERSION_NUMBER') throw invalidParameter(`'sortBy' must be VERSION_NUMBER.`);
  const sortOrder = sortOrderOf(context.query, 'DESC');
  if (secret.lifecycleState === 'UPDATING') {
    throw incorrectState(`Secret ${secret.id} is in lifecycle state UPDATING; its versions cannot be listed until it is ACTIVE.`);
  }
  const sorted = [...secret.versions].sort((a, b) =>
    sortOrder === 'ASC' ? a.versionNumber - b.versionNumber : b.versionNumber - a.versionNumber,
  );
  const page = pageOf(sorted, context.query);
  return {
    status: 200,
    body: page.items.map((version) => secretVersionSummaryModel(secret, version)),
    headers: page.nextPage === null ? {} : { 'opc-next-page': page.nextPage },
  };
}

function getSecretVersion(context: RequestContext): RouteResponse {
  const secret = secretOrThrow(context.state, context.params['secretId'] ?? '');
  const version = secretVersionOrThrow(secret, context.params['secretVersionNumber'] ?? '');
  const body = secretVersionModel(secret, version);
  return { status: 200, body, headers: { etag: resourceEtag(body) } };
}

/**
 * ScheduleSecretVersionDeletion: "You can only delete a secret version if the secret version
 * rotation state is marked as DEPRECATED" (SDK doc, §4.1/§4.3). Assumed answers: a version with
 * another stage or already scheduled → 409 `Conflict`; the secret UPDATING → 409
 * `IncorrectState`; as many versions pending deletion as the limit (30 documented, §4.5) → 400
 * `LimitExceeded`; a time outside the 1–30 day window → 400 `InvalidParameter`. The response has
 * no body (the SDK reads only `etag` and `opc-request-id`).
 */
function scheduleSecretVersionDeletion(context: RequestContext): RouteResponse {
  const secret = secretOrThrow(context.state, context.params['secretId'] ?? '');
  const version = secretVersionOrThrow(secret, context.params['secretVersionNumber'] ?? '');
  const details = context.body === undefined ? {} : requireJsonObject(context.body, 'ScheduleSecretVersionDeletionDetails');
  const requested = optionalDateTime(details, 'timeOfDeletion');
  const nowMs = context.now.getTime();
  const timeOfDeletion = requested ?? new Date(nowMs + VERSION_DELETION_DEFAULT_MS);
  const offsetMs = timeOfDeletion.getTime() - nowMs;
  if (
    offsetMs < VERSION_DELETION_MINIMUM_MS - VERSION_DELETION_SLACK_MS ||
    offsetMs > VERSION_DELETION_MAXIMUM_MS + VERSION_DELETION_SLACK_MS
  ) {
    throw invalidParameter(`'timeOfDeletion' must be between 1 and 30 days from now.`);
  }

  assertIfMatch(context, secret);
  assertSecretActive(secret, 'schedule a version deletion');
  if (isPendingDeletion(version)) {
    throw new OciApiError(409, 'Conflict', `Secret version ${version.versionNumber} is already scheduled for deletion.`);
  }
  if (!isDeprecated(version)) {
    throw new OciApiError(
      409,
      'Conflict',
      `Only DEPRECATED secret versions can be scheduled for deletion; version ${version.versionNumber} is not.`,
    );
  }
  const limit = context.state.settings.limits.secretVersionsPerSecret;
  if (countVersionsPendingDeletion(secret.versions) >= limit) {
    throw new OciApiError(400, 'LimitExceeded', `The secret already has ${limit} secret versions pending deletion, the maximum.`);
  }

  version.timeOfDeletion = timeOfDeletion.toISOString();
  return { status: 200, headers: { etag: resourceEtag(secretModel(secret)) } };
}

/**
 * UPDATING → ACTIVE once `updatingUntil` has passed (contract). Versions whose `timeOfDeletion`
 * has passed are removed: the SDK doc says Vault "deletes it after the specified retention period ends".
 */
function settleSecrets(state: EmulatorState, now: Date): void {
  const nowMs = now.getTime();
  for (const secret of state.secrets) {
    if (secret.lifecycleState === 'UPDATING' && secret.updatingUntil !== null && Date.parse(secret.updatingUntil) <= nowMs) {
      secret.lifecycleState = 'ACTIVE';
      secret.updatingUntil = null;
    }
    if (secret.versions.some((version) => version.timeOfDeletion !== null && Date.parse(version.timeOfDeletion) <= nowMs)) {
      secret.versions = secret.versions.filter((version) => version.timeOfDeletion === null || Date.parse(version.timeOfDeletion) > nowMs);
    }
  }
}

/**
 * RotateSecret: accepted with 202 and a work request id (SDK `RotateSecretResponse` reads
 * `opc-work-request-id`); the emulator then runs the four steps against the secret's function
 * (secret-rotation.ts), outside this request.
 */
function rotateSecret(context: RequestContext): RouteResponse {
  const secret = secretOrThrow(context.state, context.params['secretId'] ?? '');
  assertIfMatch(context, secret);
  beginRotation(context.state, secret.id);
  return { status: 202, headers: { 'opc-work-request-id': newOcid('vaultworkrequest', regionKeyOf(secret.id), realmOf(secret.id)) } };
}

const routes: readonly Route[] = [
  { service: 'vault', operation: 'GetSecret', method: 'GET', path: '/secrets/{secretId}', handle: getSecret },
  { service: 'vault', operation: 'UpdateSecret', method: 'PUT', path: '/secrets/{secretId}', handle: updateSecret },
  { service: 'vault', operation: 'ListSecretVersions', method: 'GET', path: '/secrets/{secretId}/versions', handle: listSecretVersions },
  // The singular `version` is the real path (oci-behaviour §4.1).
  {
    service: 'vault',
    operation: 'GetSecretVersion',
    method: 'GET',
    path: '/secrets/{secretId}/version/{secretVersionNumber}',
    handle: getSecretVersion,
  },
  {
    service: 'vault',
    operation: 'ScheduleSecretVersionDeletion',
    method: 'POST',
    path: '/secrets/{secretId}/version/{secretVersionNumber}/actions/scheduleDeletion',
    handle: scheduleSecretVersionDeletion,
  },
  { service: 'vault', operation: 'RotateSecret', method: 'POST', path: '/secrets/{secretId}/actions/rotate', handle: rotateSecret },
];

export const vaultService: ServiceModule = { routes, settle: settleSecrets };
