import { OciApiError } from './oci-api-error.js';
import { API_VERSION_PREFIX, type Route, type SelfAuthenticatedRoute, type ServiceModule } from './route.js';

interface CompiledRoute<R extends Route | SelfAuthenticatedRoute = Route> {
  route: R;
  pattern: RegExp;
  names: string[];
}

/**
 * `trailingSlash`: also match the path with one `/` after it. OCI's recordings show Identity
 * answering `POST /20160918/users/{userId}/authTokens/` (the Python SDK of 2018 sent the slash,
 * today's TypeScript SDK does not): oracle/oci-cli
 * services/identity/tests/cassettes/for_generated/identity_test_create_auth_token.yml.
 */
function compile<R extends Route | SelfAuthenticatedRoute>(route: R, trailingSlash = false): CompiledRoute<R> {
  const names: string[] = [];
  const source = `${API_VERSION_PREFIX[route.service]}${route.path}`
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace(/\{(\w+)\}/g, (_match, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
  return { route, pattern: new RegExp(`^${source}${trailingSlash ? '/?' : ''}$`), names };
}

function matchIn<R extends Route | SelfAuthenticatedRoute>(
  routes: readonly CompiledRoute<R>[],
  method: string,
  pathname: string,
): { route: R; params: Record<string, string> } | null {
  for (const candidate of routes) {
    if (candidate.route.method !== method) continue;
    const found = candidate.pattern.exec(pathname);
    if (!found) continue;
    const params: Record<string, string> = {};
    candidate.names.forEach((name, index) => {
      params[name] = decodePathSegment(found[index + 1] ?? '');
    });
    return { route: candidate.route, params };
  }
  return null;
}

/**
 * Matches `METHOD /<api version>/<path>` to a service route. All five services share one port:
 * their API-version prefixes differ (oci-behaviour §0.1). Path parameters are percent-decoded, since
 * the SDK encodes them (`12%3A34…` fingerprints, oci-behaviour §0.3).
 */
export class RouteTable {
  readonly #routes: CompiledRoute[];
  readonly #selfAuthenticated: CompiledRoute<SelfAuthenticatedRoute>[];

  constructor(modules: readonly ServiceModule[]) {
    this.#routes = modules.flatMap((module) => module.routes.map((route) => compile(route, true)));
    this.#selfAuthenticated = modules.flatMap((module) => (module.selfAuthenticatedRoutes ?? []).map((route) => compile(route)));
  }

  /** The route and its decoded parameters; null when nothing matches. Throws 400 for broken percent-encoding. */
  match(method: string, pathname: string): { route: Route; params: Record<string, string> } | null {
    return matchIn(this.#routes, method, pathname);
  }

  /** Every operation a route serves, the names a fault can be set on. */
  operations(): string[] {
    return [...new Set([...this.#routes, ...this.#selfAuthenticated].map((compiled) => compiled.route.operation))];
  }

  /** Same, among the routes that authenticate their own requests (Swift, S3 compatibility). */
  matchSelfAuthenticated(method: string, pathname: string): { route: SelfAuthenticatedRoute; params: Record<string, string> } | null {
    return matchIn(this.#selfAuthenticated, method, pathname);
  }
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new OciApiError(400, 'InvalidParameter', 'The request path has a malformed percent-encoded parameter.');
  }
}
