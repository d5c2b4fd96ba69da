/**
 * Size limits on input, checked before parsing so a huge payload costs nothing. OCI Events
 * deliver events far smaller than this (a Cloud Guard event is ~2 KB); 256 KiB leaves room for
 * verbose captures while bounding memory on the 128 MB shape.
 */
export const MAX_EVENT_BYTES = 256 * 1024;

/**
 * A closure comment names at most three secrets in free text; 4096 characters is generous for
 * that and keeps the comment (never echoed into the email) cheap to scan.
 */
export const MAX_COMMENT_LENGTH = 4096;
