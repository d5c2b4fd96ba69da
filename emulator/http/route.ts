import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorState } from '../state/types.js';

/** API version prefixes the OCI SDK appends to an overridden endpoint (oci-behaviour §0.1). */
export type ServiceName = 'identity' | 'vault' | 'secrets' | 'notifications' | 'cloudguard';

export const API_VERSION_PREFIX: Readonly<Record<ServiceName, string>> = {
  identity: '/20160918',
  vault: '/20180608',
  secrets: '/20190301',
  notifications: '/20181201',
  cloudguard: '/20200131',
};

/** Who signed the request: an IAM user's API key, or a resource-principal session. */
export type Principal =
  | { kind: 'user'; tenancyId: string; userId: string; fingerprint: string }
  | { kind: 'resource'; tenancyId: string; resourceId: string; sessionId: string };

/** The OCID that acted: the signing user, or the resource behind a resource-principal session. */
export function principalId(principal: Principal): string {
  return principal.kind === 'user' ? principal.userId : principal.resourceId;
}

export interface RequestContext {
  /** The live state; handlers mutate it in place. The server serialises requests. */
  readonly state: EmulatorState;
  /** The emulator clock's reading for this request. */
  readonly now: Date;
  readonly method: string;
  /** Path parameters, already percent-decoded (fingerprints arrive as `12%3A34…`). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Lower-cased header names, as Node gives them. */
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body, or `undefined` when there was none. */
  readonly body: unknown;
  readonly principal: Principal;
}

export interface RouteResponse {
  status: number;
  /** JSON-serialised when present; omit for 204. */
  body?: unknown;
  /** Extra headers such as `etag`; the server adds `opc-request-id` itself. */
  headers?: Readonly<Record<string, string>>;
}

export interface Route {
  readonly service: ServiceName;
  /** OCI API operation name, e.g. `UploadApiKey`; faults and the call log use it. */
  readonly operation: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path after the version prefix, with `{name}` parameters: `/users/{userId}/apiKeys`. */
  readonly path: string;
  /**
   * When true the server honours `opc-retry-token`: a repeated token for the same operation
   * and path within 24 h gets the first successful response again, once-only values included
   * (oci-behaviour §0.5; whether OCI replays the value is open question 10).
   */
  readonly honoursRetryToken?: boolean;
  handle(context: RequestContext): RouteResponse;
}

/**
 * A service module: its routes, and a hook that settles time-based lifecycle changes
 * (CREATING → ACTIVE, UPDATING → ACTIVE) before each request and each state read.
 */
export interface ServiceModule {
  readonly routes: readonly Route[];
  settle?(state: EmulatorState, now: Date): void;
}
