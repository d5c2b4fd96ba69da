import type { RouteResponse } from '../http/route.js';

/** OCI keeps retry tokens for 24 hours (oci-behaviour §0.5). */
const RETRY_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Remembers the first successful response per (operation, path, opc-retry-token), so a
 * repeated create returns the same resource instead of a second one. It returns the same
 * once-only value too; whether real OCI does is open question 10 in docs/oci-behaviour.md.
 */
export class RetryTokenCache {
  readonly #entries = new Map<string, { response: RouteResponse; expiresAt: number }>();

  get(operation: string, path: string, token: string, now: Date): RouteResponse | undefined {
    const key = `${operation}\n${path}\n${token}`;
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now.getTime()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.response;
  }

  put(operation: string, path: string, token: string, response: RouteResponse, now: Date): void {
    this.#entries.set(`${operation}\n${path}\n${token}`, { response: structuredClone(response), expiresAt: now.getTime() + RETRY_TOKEN_TTL_MS });
  }

  clear(): void {
    this.#entries.clear();
  }
}
