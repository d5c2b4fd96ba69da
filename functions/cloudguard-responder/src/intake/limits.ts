// Size limits on what arrives, checked before any parsing or scanning so an oversized input
// costs almost nothing and cannot exhaust the 128 MB Function shape. No OCI document found
// states a size for Events payloads or Cloud Guard closure comments (oci-behaviour §1), so these
// are our own bounds, set far above anything legitimate.

/**
 * A Cloud Guard event is about 2 KB (oci-behaviour §1.2, §1.7). 256 KiB leaves room for verbose
 * captures (long descriptions, many labels) while bounding the cost of JSON.parse and of the
 * schema check. Measured as UTF-8 bytes of the text, or of JSON.stringify for an object.
 */
export const MAX_EVENT_BYTES = 256 * 1024;

/** The closure comment's own limit (domain/closure-comment.ts). */
export { MAX_COMMENT_LENGTH } from '../domain/closure-comment.js';

/** Ids echoed in an ignored or refused outcome (eventID, problem OCID, problemName) are cut to this. */
export const MAX_ECHOED_ID_LENGTH = 256;
