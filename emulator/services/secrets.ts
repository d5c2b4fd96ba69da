import { OciApiError, invalidParameter, notFound } from '../http/oci-api-error.js';
import type { RequestContext, Route, RouteResponse, ServiceModule } from '../http/route.js';
import type { SecretVersionStage } from '../state/types.js';
import { resourceEtag } from './resource-etag.js';
import { secretOrThrow } from './secret-lookup.js';
import { isPendingDeletion, reportedStages } from './secret-stages.js';
import { secretBundleModel } from './vault-models.js';

/**
 * Secrets retrieval API, 20190301 (oci-behaviour §4.1): GetSecretBundle. Lifecycle changes of
 * secrets are settled by the Vault module, which owns them.
 */

const BUNDLE_STAGES: readonly SecretVersionStage[] = ['CURRENT', 'PENDING', 'LATEST', 'PREVIOUS', 'DEPRECATED'];

function isBundleStage(value: string): value is SecretVersionStage {
  return (BUNDLE_STAGES as readonly string[]).includes(value);
}

/**
 * `GET /secretbundles/{secretId}?versionNumber&secretVersionName&stage`; with no selector the
 * CURRENT version (documented, §4.1). Assumed details:
 * - several selectors must all match the same version;
 * - versions scheduled for deletion are not served: the docs say what relies on them
 *   "immediately become[s] inaccessible" (§4.4);
 * - when several versions match (only possible for DEPRECATED), the newest is served.
 * No match → 404 `NotAuthorizedOrNotFound`, which is also how OCI answers `stage=PENDING` when
 * nothing is pending (§4.3). The etag is derived from the version, not the content, so nothing
 * about the secret value leaves through a header.
 */
function getSecretBundle(context: RequestContext): RouteResponse {
  const secret = secretOrThrow(context.state, context.params['secretId'] ?? '');
  const versionNumberText = context.query.get('versionNumber');
  const versionName = context.query.get('secretVersionName');
  const stageText = context.query.get('stage');

  let versionNumber: number | null = null;
  if (versionNumberText !== null) {
    if (!/^\d+$/.test(versionNumberText)) throw invalidParameter(`'versionNumber' must be a positive integer.`);
    versionNumber = Number(versionNumberText);
  }
  if (stageText !== null && !isBundleStage(stageText)) {
    throw invalidParameter(`'stage' must be one of ${BUNDLE_STAGES.join(', ')}.`);
  }
  const stage: SecretVersionStage | null =
    stageText === null && versionNumber === null && versionName === null ? 'CURRENT' : (stageText as SecretVersionStage | null);

  const matches = secret.versions
    .filter((version) => !isPendingDeletion(version))
    .filter((version) => versionNumber === null || version.versionNumber === versionNumber)
    .filter((version) => versionName === null || version.name === versionName)
    .filter((version) => stage === null || reportedStages(version).includes(stage))
    .sort((a, b) => b.versionNumber - a.versionNumber);
  const version = matches[0];
  if (version === undefined) {
    const selector = [
      stage === null ? null : `stage ${stage}`,
      versionNumber === null ? null : `version number ${versionNumber}`,
      versionName === null ? null : `version name '${versionName}'`,
    ]
      .filter((part) => part !== null)
      .join(', ');
    throw notFound(`secret bundle for secret ${secret.id} with ${selector}`);
  }
  if (version.content === null) {
    // Only possible with a state exported without `?secrets=include` and loaded back.
    throw new OciApiError(
      500,
      'InternalServerError',
      `The emulator state holds no content for version ${version.versionNumber} of secret ${secret.id} (it was exported without secrets).`,
    );
  }
  const body = secretBundleModel(secret, version, version.content);
  const etag = resourceEtag({ secretId: secret.id, versionNumber: version.versionNumber, stages: reportedStages(version) });
  return { status: 200, body, headers: { etag } };
}

const routes: readonly Route[] = [
  { service: 'secrets', operation: 'GetSecretBundle', method: 'GET', path: '/secretbundles/{secretId}', handle: getSecretBundle },
];

export const secretsService: ServiceModule = { routes };
