import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { invalidParameter } from '../http/oci-api-error.js';

/** Oracle's "Required Keys and OCIDs" page: RSA, PEM, at least 2048 bits (oci-behaviour §3.5). */
export const MINIMUM_API_KEY_BITS = 2048;

/** Generous bound for a PEM public key; anything larger is not a key we would accept. */
const MAXIMUM_PEM_LENGTH = 16_384;

/**
 * Only the SubjectPublicKeyInfo armour is accepted. Node would also parse PKCS#1
 * (`BEGIN RSA PUBLIC KEY`), certificates and even private keys, deriving a public key from them;
 * OCI documents "an RSA key in PEM format" produced by `openssl rsa -pubout`, which is SPKI, so
 * refusing everything else is the safer reading (assumed; oci-behaviour §3.5). Refusing private
 * keys also keeps a caller's mistake from being stored.
 */
const SPKI_PEM_PATTERN = /^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+\r?\n-----END PUBLIC KEY-----$/;

export interface ParsedApiPublicKey {
  /** MD5 of the SPKI DER, lowercase hex pairs joined by `:` (oci-behaviour §3.5). */
  fingerprint: string;
  /** The key re-exported as canonical SPKI PEM (64-column lines, `\n`, trailing newline). */
  spkiPem: string;
  modulusBits: number;
}

/** OCI's API key fingerprint: MD5 over the DER SubjectPublicKeyInfo, not over PKCS#1 (runtime-notes gotcha 9). */
export function apiKeyFingerprint(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const hex = createHash('md5').update(der).digest('hex');
  return hex.match(/../g)?.join(':') ?? '';
}

/** Fingerprint of a PEM public key (any form Node parses); for callers that already trust the PEM. */
export function apiKeyFingerprintOfPem(publicKeyPem: string): string {
  return apiKeyFingerprint(createPublicKey(publicKeyPem));
}

/**
 * Validates an UploadApiKey `key` and computes its fingerprint. Throws 400 InvalidParameter
 * (documented code family for bad input, oci-behaviour §8) with a message that never repeats the
 * submitted text.
 */
export function parseApiPublicKey(pem: string): ParsedApiPublicKey {
  const trimmed = pem.trim();
  if (trimmed.length === 0 || trimmed.length > MAXIMUM_PEM_LENGTH || !SPKI_PEM_PATTERN.test(trimmed)) {
    throw invalidParameter('The public key must be an RSA public key in PEM format (-----BEGIN PUBLIC KEY-----).');
  }
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: trimmed, format: 'pem' });
  } catch {
    throw invalidParameter('The public key could not be parsed as a PEM public key.');
  }
  if (publicKey.asymmetricKeyType !== 'rsa') {
    throw invalidParameter('The public key must be an RSA key.');
  }
  const modulusBits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
  if (modulusBits < MINIMUM_API_KEY_BITS) {
    throw invalidParameter(`The RSA public key must be at least ${MINIMUM_API_KEY_BITS} bits; it has ${modulusBits}.`);
  }
  return {
    fingerprint: apiKeyFingerprint(publicKey),
    spkiPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    modulusBits,
  };
}
