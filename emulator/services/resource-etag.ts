import { createHash } from 'node:crypto';

/**
 * OCI's etags are opaque strings that change whenever the resource does (oci-behaviour §0.4 lists
 * which responses carry one). Hashing the rendered model gives exactly that property, so an
 * `if-match` taken from one response fails once anything a caller could see has changed.
 */
export function resourceEtag(model: unknown): string {
  return createHash('sha256').update(JSON.stringify(model)).digest('hex').slice(0, 32);
}
