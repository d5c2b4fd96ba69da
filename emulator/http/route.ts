import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorState } from '../state/types.js';

/** API version prefixes the OCI SDK appends to an overridden endpoint (oci-facts.md §0.1). */
export type ServiceName = 'identity' | 'vault' | 'secrets' | 'notifications' | 'cloudguard' | 'objectstorage';

export const API_VERSION_PREFIX: Readonly<Record<ServiceName, string>> = {
  identity: '/20160918',
  vault: '/20180608',
  secrets: '/20190301',
  notifications: '/20181201',
  cloudguard: '/20200131',
  // Object Storage's paths carry no API version: ObjectStorageClient#getNamespace sends `GET /n`
  // (oci-objectstorage lib/client.ts). Its Swift and S3 hosts are laid out under `/auth` and `/s3`.
  objectstorage: '',
};

/**
 * Who made the request: an IAM user's API key, a resource-principal session, or (Swift and S3
 * compatibility calls only) a user's auth token or customer secret key.
 */
export type Principal =
  | { kind: 'user'; tenancyId: string; userId: string; fingerprint: string }
  | { kind: 'resource'; tenancyId: string; resourceId: string; sessionId: string }
  | { kind: 'storage-credential'; tenancyId: string; userId: string; credentialId: string };

/** The OCID that acted: the user, or the resource behind a resource-principal session. */
export function principalId(principal: Principal): string {
  return principal.kind === 'resource' ? principal.resourceId : principal.userId;
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
  /** The region the request was addressed to (its `/<region-id>` path prefix, else the default region). */
  readonly region: string;
}

export interface RouteResponse {
  status: number;
  /** JSON-serialised when present; omit for 204. */
  body?: unknown;
  /** A non-JSON body (S3's XML, Swift's plain text), sent as is; `body` is then ignored. */
  text?: { contentType: string; content: string };
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
   * (oci-facts.md §0.5; whether OCI replays the value is open question 10).
   */
  readonly honoursRetryToken?: boolean;
  /**
   * For creates that honour a retry token: whether the resource a cached answer created still
   * exists. When it does not, a repeated token answers `409 InvalidatedRetryToken`. Absent: the
   * token never invalidates (an update such as UpdateProblemStatus creates nothing to delete).
   */
  retryTokenResourceExists?(state: EmulatorState, cached: RouteResponse): boolean;
  handle(context: RequestContext): RouteResponse;
}

/** What a route that authenticates its own requests gets: the raw request instead of a principal. */
export interface UnsignedRequestContext {
  readonly state: EmulatorState;
  readonly now: Date;
  readonly method: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** Path and query exactly as received (a signature covers them as sent). */
  readonly requestTarget: string;
  readonly rawBody: Buffer;
  /** Real time: request-date skew is checked against it, as for OCI signatures. */
  readonly wallClock: Date;
}

/**
 * A route whose requests carry their own credentials instead of an OCI signature: Swift's
 * `X-Storage-Pass` and the S3 compatibility API's AWS Signature V4. The handler authenticates
 * and says who it found (null when it refused).
 */
export interface SelfAuthenticatedRoute {
  readonly service: ServiceName;
  readonly operation: string;
  readonly method: 'GET';
  readonly path: string;
  handle(context: UnsignedRequestContext): { response: RouteResponse; principal: Principal | null };
}

/**
 * A service module: its routes, and a hook that settles time-based lifecycle changes
 * (CREATING → ACTIVE, UPDATING → ACTIVE) before each request and each state read.
 */
export interface ServiceModule {
  readonly routes: readonly Route[];
  readonly selfAuthenticatedRoutes?: readonly SelfAuthenticatedRoute[];
  settle?(state: EmulatorState, now: Date): void;
}
