import { missingParameter } from '../http/oci-api-error.js';
import type { RequestContext, Route, RouteResponse, ServiceModule } from '../http/route.js';
import { problemModel } from './cloudguard-models.js';
import { secretModel } from './vault-models.js';

/**
 * The list calls `cg-responder doctor` needs, one page each:
 * - Vault `GET /20180608/secrets?compartmentId=…[&vaultId=…]` → a bare array of SecretSummary
 *   (`oci-vault/lib/client.js` listSecrets: bodyKey "items", type Array; compartmentId required);
 * - Cloud Guard `GET /20200131/problems?compartmentId=…` → ProblemCollection `{items}`
 *   (`oci-cloudguard/lib/client.js` listProblems: bodyModel ProblemCollection).
 */
function listSecrets(context: RequestContext): RouteResponse {
  const compartmentId = context.query.get('compartmentId');
  if (compartmentId === null || compartmentId === '') throw missingParameter('compartmentId');
  const vaultId = context.query.get('vaultId');
  const items = context.state.secrets
    .filter((secret) => secret.compartmentId === compartmentId && (vaultId === null || secret.vaultId === vaultId))
    .map(secretModel);
  return { status: 200, body: items };
}

function listProblems(context: RequestContext): RouteResponse {
  const compartmentId = context.query.get('compartmentId');
  if (compartmentId === null || compartmentId === '') throw missingParameter('compartmentId');
  const subtree = context.query.get('compartmentIdInSubtree') === 'true' && compartmentId === context.state.tenancy.id;
  const items = context.state.problems.filter((problem) => subtree || problem.compartmentId === compartmentId).map(problemModel);
  return { status: 200, body: { items } };
}

const routes: readonly Route[] = [
  { service: 'vault', operation: 'ListSecrets', method: 'GET', path: '/secrets', handle: listSecrets },
  { service: 'cloudguard', operation: 'ListProblems', method: 'GET', path: '/problems', handle: listProblems },
];

export const resourceListingsService: ServiceModule = { routes };
