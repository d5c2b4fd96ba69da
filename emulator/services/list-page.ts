import { invalidParameter } from '../http/oci-api-error.js';

/** A safety bound on `limit`; OCI's own maxima differ per list and are not documented here (assumed). */
const MAXIMUM_PAGE_SIZE = 1000;

export interface ListPage<T> {
  items: T[];
  /** The `opc-next-page` header value, or null on the last page. */
  nextPage: string | null;
}

/**
 * `limit`/`page` paging as OCI lists do it: the page token is opaque to callers (the SDK only
 * echoes `opc-next-page` back as `page`), so the emulator uses the decimal offset.
 */
export function pageOf<T>(items: readonly T[], query: URLSearchParams): ListPage<T> {
  const limitText = query.get('limit');
  const pageText = query.get('page');
  const limit = limitText === null ? MAXIMUM_PAGE_SIZE : Number(limitText);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAXIMUM_PAGE_SIZE) {
    throw invalidParameter(`'limit' must be an integer from 1 to ${MAXIMUM_PAGE_SIZE}.`);
  }
  const offset = pageText === null ? 0 : Number(pageText);
  if (pageText !== null && (!/^\d+$/.test(pageText) || !Number.isSafeInteger(offset))) {
    throw invalidParameter(`'page' is not a page token this list issued.`);
  }
  const end = offset + limit;
  return { items: items.slice(offset, end), nextPage: end < items.length ? String(end) : null };
}

/** `sortOrder` shared by the Vault and Cloud Guard lists. */
export function sortOrderOf(query: URLSearchParams, fallback: 'ASC' | 'DESC'): 'ASC' | 'DESC' {
  const value = query.get('sortOrder');
  if (value === null) return fallback;
  if (value !== 'ASC' && value !== 'DESC') throw invalidParameter(`'sortOrder' must be ASC or DESC.`);
  return value;
}
