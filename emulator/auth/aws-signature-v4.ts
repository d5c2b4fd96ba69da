import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * AWS Signature Version 4 as the S3 compatibility API checks it: the `Authorization` header form
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html), the canonical
 * request and signing key of https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html.
 * OCI's S3 compatibility API accepts Signature V4 made with a customer secret key, the access key
 * id being the key's id (https://docs.oracle.com/en-us/iaas/Content/Object/Tasks/s3compatibleapi.htm).
 *
 * Written apart from the responder's signer on purpose: the emulator checks what a client sends,
 * so a mistake in one is not mirrored in the other. Both are tested against AWS's published examples.
 */

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header. */
export interface SigV4Authorization {
  accessKeyId: string;
  /** `yyyymmdd` of the credential scope. */
  scopeDate: string;
  region: string;
  service: string;
  /** Lower-case header names, in the order given. */
  signedHeaders: string[];
  signature: string;
}

export class MalformedSigV4Error extends Error {
  override name = 'MalformedSigV4Error';
}

/** Null when the header is absent; throws MalformedSigV4Error when it is there but not a Signature V4. */
export function parseSigV4Authorization(header: string | undefined): SigV4Authorization | null {
  if (header === undefined || header === '') return null;
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space) !== SIGV4_ALGORITHM)
    throw new MalformedSigV4Error(`the authorization header is not ${SIGV4_ALGORITHM}`);
  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const equals = part.indexOf('=');
    if (equals < 0) throw new MalformedSigV4Error('an authorization field has no value');
    fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const credential = fields.get('Credential')?.split('/') ?? [];
  const [accessKeyId, scopeDate, region, service, terminator, ...rest] = credential;
  if (!accessKeyId || !scopeDate || !region || !service || terminator !== 'aws4_request' || rest.length > 0) {
    throw new MalformedSigV4Error('Credential is not <access key id>/<date>/<region>/<service>/aws4_request');
  }
  if (!/^\d{8}$/.test(scopeDate)) throw new MalformedSigV4Error('the credential scope date is not yyyymmdd');
  const signedHeaders = fields.get('SignedHeaders')?.split(';') ?? [];
  if (signedHeaders.length === 0 || signedHeaders.some((name) => name === '' || name !== name.toLowerCase())) {
    throw new MalformedSigV4Error('SignedHeaders is not a list of lower-case header names');
  }
  const signature = fields.get('Signature') ?? '';
  if (!/^[0-9a-f]{64}$/.test(signature)) throw new MalformedSigV4Error('Signature is not 64 hex digits');
  return { accessKeyId, scopeDate, region, service, signedHeaders, signature };
}

/** RFC 3986 encoding as Signature V4 wants it: everything but unreserved characters. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A malformed escape is kept as sent: the signature then simply fails to match. */
function decodeQueryPart(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}

function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  const pairs = rawQuery.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    const value = equals < 0 ? '' : pair.slice(equals + 1);
    return [uriEncode(decodeQueryPart(name)), uriEncode(decodeQueryPart(value))] as const;
  });
  pairs.sort(([nameA, valueA], [nameB, valueB]) => (nameA === nameB ? (valueA < valueB ? -1 : 1) : nameA < nameB ? -1 : 1));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** The expected signature of a request, computed with the secret key. */
export function expectedSigV4Signature(input: {
  method: string;
  /** Path and query as received; each path segment is decoded and re-encoded once (S3 does not normalise `.` or `//`). */
  requestTarget: string;
  headers: IncomingHttpHeaders;
  authorization: SigV4Authorization;
  amzDate: string;
  payloadHash: string;
  secretKey: string;
}): string {
  const questionMark = input.requestTarget.indexOf('?');
  const path = questionMark < 0 ? input.requestTarget : input.requestTarget.slice(0, questionMark);
  const query = questionMark < 0 ? '' : input.requestTarget.slice(questionMark + 1);
  const canonicalHeaders = input.authorization.signedHeaders
    .map((name) => `${name}:${(headerValue(input.headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonicalPath = path
    .split('/')
    .map((segment) => uriEncode(decodeQueryPart(segment.replace(/\+/g, '%2B'))))
    .join('/');
  const canonicalRequest = [
    input.method,
    canonicalPath,
    canonicalQuery(query),
    canonicalHeaders,
    input.authorization.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n');
  const { scopeDate, region, service } = input.authorization;
  const scope = `${scopeDate}/${region}/${service}/aws4_request`;
  const stringToSign = [SIGV4_ALGORITHM, input.amzDate, scope, createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')].join(
    '\n',
  );
  const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${input.secretKey}`, scopeDate), region), service), 'aws4_request');
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}

export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
