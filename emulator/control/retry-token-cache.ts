import { OciApiError } from '../http/oci-api-error.js';
import type { RouteResponse } from '../http/route.js';

/**
 * OCI keeps retry tokens for 24 hours: "Retry tokens expire after 24 hours, but can be invalidated
 * before then due to conflicting operations (for example, if a resource has been deleted and
 * purged from the system, then a retry of the original creation request may be rejected)"
 * (`oci-identity/lib/request/create-auth-token-request.d.ts`, the same text on every create).
 */
const RETRY_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * `opc-retry-token` is 1 to 64 characters: the API reference lists "Min Length: 1, Max Length: 64"
 * for the header on every operation that takes it (e.g.
 * https://docs.oracle.com/en-us/iaas/api/#/en/identity/20160918/AuthToken/CreateAuthToken).
 */
export const RETRY_TOKEN_MAX_LENGTH = 64;

/**
 * A token outside 1–64 characters. OCI documents the bound but not the error: `400 InvalidParameter`,
 * "A parameter is invalid or incorrectly formatted" in the common-errors table
 * (https://docs.oracle.com/en-us/iaas/Content/API/References/apierrors.htm), is assumed.
 */
export function assertValidRetryToken(token: string): void {
  if (token.length < 1 || token.length > RETRY_TOKEN_MAX_LENGTH) {
    throw new OciApiError(
      400,
      'InvalidParameter',
      `'opc-retry-token' must be 1 to ${RETRY_TOKEN_MAX_LENGTH} characters long (got ${token.length}).`,
    );
  }
}

/**
 * `409 InvalidatedRetryToken`, listed in OCI's common-errors table for a retry token that a later
 * conflicting operation invalidated (https://docs.oracle.com/en-us/iaas/Content/API/References/apierrors.htm).
 */
export function invalidatedRetryToken(operation: string): OciApiError {
  return new OciApiError(
    409,
    'InvalidatedRetryToken',
    `The opc-retry-token was used by an earlier ${operation} whose resource has since been deleted; use a new token.`,
  );
}

interface Entry {
  response: RouteResponse;
  expiresAt: number;
  /** Once the created resource is gone the token stays invalid until it expires, even if an equal resource reappears. */
  invalidated: boolean;
}

/**
 * Remembers the first successful response per (operation, path, opc-retry-token), so a
 * repeated create returns the same resource instead of a second one. It returns the same
 * once-only value too; whether real OCI does is not documented (assumed).
 */
export class RetryTokenCache {
  readonly #entries = new Map<string, Entry>();

  /**
   * The cached answer for a repeated token, or undefined on a first use or after expiry.
   * `stillExists` says whether the resource the cached answer created is still there; when it is
   * not, the token is invalidated and this throws `409 InvalidatedRetryToken`.
   */
  replay(
    operation: string,
    path: string,
    token: string,
    now: Date,
    stillExists: (response: RouteResponse) => boolean = () => true,
  ): RouteResponse | undefined {
    const key = `${operation}\n${path}\n${token}`;
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now.getTime()) {
      this.#entries.delete(key);
      return undefined;
    }
    if (!entry.invalidated && !stillExists(entry.response)) entry.invalidated = true;
    if (entry.invalidated) throw invalidatedRetryToken(operation);
    return structuredClone(entry.response);
  }

  put(operation: string, path: string, token: string, response: RouteResponse, now: Date): void {
    this.#entries.set(`${operation}\n${path}\n${token}`, {
      response: structuredClone(response),
      expiresAt: now.getTime() + RETRY_TOKEN_TTL_MS,
      invalidated: false,
    });
  }

  clear(): void {
    this.#entries.clear();
  }
}
