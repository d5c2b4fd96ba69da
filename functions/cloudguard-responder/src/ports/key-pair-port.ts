import type { SecretValue } from '../secret-value.js';

export interface GeneratedKeyPair {
  /** SubjectPublicKeyInfo PEM, what UploadApiKey takes. */
  publicKeyPem: string;
  /** PKCS#8 PEM; never leaves memory except as the Vault version's content. */
  privateKeyPem: SecretValue;
  /** OCI's fingerprint: MD5 of the SubjectPublicKeyInfo DER, colon-separated hex. */
  fingerprint: string;
}

export interface KeyPairPort {
  generate(): Promise<GeneratedKeyPair>;
  /** Re-derives the public half of a stored private key, to resume a rotation that staged it. */
  fromPrivateKey(privateKeyPem: SecretValue): GeneratedKeyPair;
}
