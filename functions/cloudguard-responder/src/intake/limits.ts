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

/**
 * A closure comment names at most two secrets amid some free text (about 200 characters);
 * 4096 is generous, keeps the scan cheap, and matches `maxLength` on `comments` in
 * schemas/cloudguard-event.schema.json (a unit test keeps them equal).
 */
export const MAX_COMMENT_LENGTH = 4096;

/** Ids echoed in an ignored or refused outcome (eventID, problem OCID, problemName) are cut to this. */
export const MAX_ECHOED_ID_LENGTH = 256;
