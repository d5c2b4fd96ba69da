import { createHash } from 'node:crypto';
import { invalidParameter, missingParameter } from '../http/oci-api-error.js';
import { optionalString, type JsonObject } from './request-fields.js';
import type { WriteStage } from './secret-stages.js';

/** "The maximum allowable size for a secret bundle is 25 KB" (oci-behaviour §4.5), read as decoded bytes (assumed). */
export const MAXIMUM_SECRET_CONTENT_BYTES = 25 * 1024;

/** "Valid characters are uppercase or lowercase letters, numbers, hyphens, underscores, and periods" (§4.2). */
const VERSION_NAME_PATTERN = /^[A-Za-z0-9._-]+$/;

/**
 * Standard Base64 (RFC 4648 §4), padding optional. No whitespace: the SDK sends what the caller
 * encoded, and a line-wrapped value is a caller bug worth surfacing (assumed).
 */
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

export interface SecretContentWrite {
  /** The Base64 text exactly as sent; never logged, echoed or put in an error. */
  content: string;
  /** SHA-256 (hex) of the decoded bytes, the only form of the value `GET /_emulator/state` shows by default. */
  contentSha256: string;
  name: string | null;
  stage: WriteStage;
}

/**
 * Reads `Base64SecretContentDetails {contentType, content, name?, stage?}` (oci-behaviour §4.2).
 * Error messages name the field, never the value.
 */
export function parseSecretContent(details: JsonObject): SecretContentWrite {
  const contentType = optionalString(details, 'contentType');
  if (contentType === undefined) throw missingParameter('secretContent.contentType');
  // BASE64 is the only content type the API defines (§4.5).
  if (contentType !== 'BASE64') throw invalidParameter(`'secretContent.contentType' must be BASE64.`);

  const content = optionalString(details, 'content');
  // `content` is optional in the SDK model only for auto-generated secrets, which the emulator
  // does not model; an empty value is refused too (assumed).
  if (content === undefined || content.length === 0) throw missingParameter('secretContent.content');
  if (!BASE64_PATTERN.test(content)) throw invalidParameter(`'secretContent.content' is not valid Base64.`);
  const decoded = Buffer.from(content, 'base64');
  if (decoded.length > MAXIMUM_SECRET_CONTENT_BYTES) {
    throw invalidParameter(`'secretContent.content' exceeds the ${MAXIMUM_SECRET_CONTENT_BYTES}-byte secret bundle limit.`);
  }

  const name = optionalString(details, 'name') ?? null;
  if (name !== null && !VERSION_NAME_PATTERN.test(name)) {
    throw invalidParameter(`'secretContent.name' may contain only letters, digits, hyphens, underscores and periods.`);
  }

  const stage = optionalString(details, 'stage') ?? 'CURRENT';
  // On update the documented stages are CURRENT (default) and PENDING (§4.2).
  if (stage !== 'CURRENT' && stage !== 'PENDING') throw invalidParameter(`'secretContent.stage' must be CURRENT or PENDING.`);

  return { content, contentSha256: createHash('sha256').update(decoded).digest('hex'), name, stage };
}
