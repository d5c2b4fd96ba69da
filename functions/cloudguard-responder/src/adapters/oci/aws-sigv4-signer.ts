import { createHash, createHmac } from 'node:crypto';
import type { SecretValue } from '../../secret-value.js';

/**
 * AWS Signature Version 4, `Authorization` header form, with node:crypto only: the canonical
 * request, string to sign and signing key of
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html, with S3's rules
 * (x-amz-content-sha256 always sent and signed, the path encoded once) from
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html. OCI's S3
 * compatibility API takes such signatures made with a customer secret key
 * (https://docs.oracle.com/en-us/iaas/Content/Object/Tasks/s3compatibleapi.htm).
 */

export const EMPTY_PAYLOAD_SHA256 = createHash('sha256').update('').digest('hex');

export interface SigV4Request {
  method: string;
  url: URL;
  region: string;
  service: string;
  accessKeyId: string;
  secretKey: SecretValue;
  /** The request time; becomes x-amz-date and the scope date. */
  date: Date;
  /** Hex SHA-256 of the body (EMPTY_PAYLOAD_SHA256 for none). */
  payloadSha256: string;
  /** Further headers to send and sign, e.g. `range`. */
  headers?: Readonly<Record<string, string>>;
}

/** RFC 3986: everything but unreserved characters is percent-encoded. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalUri(url: URL): string {
  return url.pathname
    .split('/')
    .map((segment) => uriEncode(decodeURIComponent(segment)))
    .join('/');
}

function canonicalQuery(url: URL): string {
  const pairs = [...url.searchParams.entries()].map(([name, value]) => [uriEncode(name), uriEncode(value)] as const);
  pairs.sort(([nameA, valueA], [nameB, valueB]) => (nameA === nameB ? (valueA < valueB ? -1 : 1) : nameA < nameB ? -1 : 1));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * The headers to send: `authorization`, `x-amz-date`, `x-amz-content-sha256` and the extra ones.
 * `host` is signed but not returned: the HTTP client sends it from the URL, the same value.
 */
export function signSigV4(request: SigV4Request): Record<string, string> {
  const timestamp = amzDate(request.date);
  const scopeDate = timestamp.slice(0, 8);
  const sent: Record<string, string> = {
    ...Object.fromEntries(Object.entries(request.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])),
    'x-amz-content-sha256': request.payloadSha256,
    'x-amz-date': timestamp,
  };
  const signed: Record<string, string> = { ...sent, host: request.url.host };
  const names = Object.keys(signed).sort();
  const canonicalHeaders = names.map((name) => `${name}:${(signed[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    request.method,
    canonicalUri(request.url),
    canonicalQuery(request.url),
    canonicalHeaders,
    signedHeaders,
    request.payloadSha256,
  ].join('\n');
  const scope = `${scopeDate}/${request.region}/${request.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', timestamp, scope, createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')].join(
    '\n',
  );

  // The secret enters only the first HMAC key, through a buffer wiped right after.
  const secret = request.secretKey.revealBuffer();
  const firstKey = Buffer.concat([Buffer.from('AWS4', 'utf8'), secret]);
  secret.fill(0);
  const hmac = (key: Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
  const dateKey = hmac(firstKey, scopeDate);
  firstKey.fill(0);
  const signingKey = hmac(hmac(hmac(dateKey, request.region), request.service), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');

  return {
    ...sent,
    authorization: `AWS4-HMAC-SHA256 Credential=${request.accessKeyId}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`,
  };
}
