import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The parts of an OCI `Authorization: Signature …` header (draft-cavage HTTP signatures). */
export interface ParsedSignature {
  keyId: string;
  algorithm: string;
  /** Signed header names, lower-cased (the SDK sends them mixed-case, runtime-notes "Signing"). */
  headers: string[];
  signature: string;
}

/** Public keys parsed from PEM, by PEM: every signed request needs one, and parsing is most of a verification's cost. */
const parsedKeys = new Map<string, KeyObject>();
const PARSED_KEYS_KEPT = 256;

export class SignatureRejectedError extends Error {
  override name = 'SignatureRejectedError';
}

export function parseSignatureHeader(authorization: string | undefined): ParsedSignature {
  if (!authorization?.startsWith('Signature ')) throw new SignatureRejectedError('no Signature authorization header');
  const fields = new Map<string, string>();
  for (const match of authorization.slice('Signature '.length).matchAll(/([a-zA-Z]+)="([^"]*)"/g)) {
    if (match[1] !== undefined && match[2] !== undefined) fields.set(match[1], match[2]);
  }
  const keyId = fields.get('keyId');
  const signature = fields.get('signature');
  const headers = fields.get('headers');
  if (!keyId || !signature || !headers) throw new SignatureRejectedError('signature header lacks keyId, headers or signature');
  return {
    keyId,
    algorithm: fields.get('algorithm') ?? 'rsa-sha256',
    headers: headers.toLowerCase().split(/\s+/).filter(Boolean),
    signature,
  };
}

/** What a request must prove, per method (oci-behaviour §0.2). */
function requiredHeaders(method: string): string[] {
  const base = ['(request-target)', 'host'];
  return method === 'POST' || method === 'PUT' || method === 'PATCH'
    ? [...base, 'content-type', 'content-length', 'x-content-sha256']
    : base;
}

/**
 * Verifies a request's signature against a public key: rebuilds the signing string from the
 * listed headers, checks the RSA-SHA256 signature, the body hash and length for writes, and
 * the date against the allowed clock skew. Throws SignatureRejectedError with the reason (for
 * the emulator's log only: the response never says which part failed).
 */
export function verifyRequestSignature(input: {
  parsed: ParsedSignature;
  method: string;
  requestTarget: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  publicKeyPem: string;
  now: Date;
  maxClockSkewMs: number;
}): void {
  const { parsed, method, headers } = input;
  if (parsed.algorithm !== 'rsa-sha256') throw new SignatureRejectedError(`unsupported algorithm ${parsed.algorithm}`);
  for (const name of requiredHeaders(method)) {
    if (!parsed.headers.includes(name)) throw new SignatureRejectedError(`header ${name} is not signed`);
  }
  const dateHeader = parsed.headers.includes('x-date') ? 'x-date' : parsed.headers.includes('date') ? 'date' : null;
  if (!dateHeader) throw new SignatureRejectedError('neither x-date nor date is signed');
  const date = Date.parse(String(headers[dateHeader] ?? ''));
  if (Number.isNaN(date) || Math.abs(input.now.getTime() - date) > input.maxClockSkewMs)
    throw new SignatureRejectedError('request date outside the allowed clock skew');

  const lines = parsed.headers.map((name) => {
    if (name === '(request-target)') return `(request-target): ${method.toLowerCase()} ${input.requestTarget}`;
    const value = headers[name];
    if (value === undefined) throw new SignatureRejectedError(`signed header ${name} is missing`);
    return `${name}: ${Array.isArray(value) ? value.join(', ') : value}`;
  });
  let key = parsedKeys.get(input.publicKeyPem);
  if (!key) {
    try {
      key = createPublicKey(input.publicKeyPem);
    } catch {
      throw new SignatureRejectedError('registered public key is unreadable');
    }
    if (parsedKeys.size >= PARSED_KEYS_KEPT) parsedKeys.clear();
    parsedKeys.set(input.publicKeyPem, key);
  }
  const ok = verify('sha256', Buffer.from(lines.join('\n')), key, Buffer.from(parsed.signature, 'base64'));
  if (!ok) throw new SignatureRejectedError('signature does not verify');

  if (parsed.headers.includes('x-content-sha256')) {
    const bodyHash = createHash('sha256').update(input.body).digest('base64');
    if (headers['x-content-sha256'] !== bodyHash) throw new SignatureRejectedError('x-content-sha256 does not match the body');
  }
  if (parsed.headers.includes('content-length') && Number(headers['content-length']) !== input.body.length) {
    throw new SignatureRejectedError('content-length does not match the body');
  }
}
