import type { SecretValue } from '../secret-value.js';

/**
 * What one attempt to use a new credential showed:
 * - `proven`: Object Storage accepted it (Swift issued a session token; S3 verified the
 *   signature, even if it then refused the listing for want of a policy);
 * - `not-yet`: it was refused, and the caller said the credential may still be propagating;
 * - `rejected`: it was refused after the caller's propagation bound.
 * OCI answers a credential still propagating and a wrong one alike, so only the caller's bound
 * separates `not-yet` from `rejected`.
 */
export type CredentialProof = 'proven' | 'not-yet' | 'rejected';

/** The protocol a proof used, as the outcome's `verified` names it. */
export type ProofProtocol = 'Swift' | 'S3';

export interface CredentialProofResult {
  proof: CredentialProof;
  protocol: ProofProtocol;
  /** What Object Storage said, in its own words (`authenticated`, `AccessDenied`, `InvalidAccessKeyId`…); never a value. */
  evidence: string;
  /** Object Storage's `opc-request-id`, for the audit trail; null if it sent none. */
  opcRequestId: string | null;
}

export interface AuthTokenProofRequest {
  /** From GetNamespace. */
  namespace: string;
  /** The IAM user's name (login), not its OCID: Swift's `X-Storage-User` is `<namespace>/<user name>`. */
  userName: string;
  token: SecretValue;
  /** True until the caller's propagation bound has passed: a refusal then answers `not-yet`. */
  withinPropagationBound: boolean;
}

export interface CustomerSecretKeyProofRequest {
  namespace: string;
  /** Region identifier (`us-ashburn-1`): part of the S3 host and of the signature's scope. */
  region: string;
  /** The customer secret key's id. */
  accessKeyId: string;
  secretKey: SecretValue;
  withinPropagationBound: boolean;
}

/**
 * Proves a new auth token or customer secret key by authenticating with it the way its
 * consumers do: Swift v1 auth for a token, an AWS Signature V4 request to the S3 compatibility
 * API for a secret key. One attempt per call; the caller owns the wait and its bound. Rejects
 * with a `CredentialProofError` when Object Storage cannot be reached or answers something that
 * is neither an acceptance nor a refusal of the credential (a 5xx, a clock-skew refusal…).
 */
export interface CredentialProofPort {
  proveAuthToken(request: AuthTokenProofRequest): Promise<CredentialProofResult>;
  proveCustomerSecretKey(request: CustomerSecretKeyProofRequest): Promise<CredentialProofResult>;
}

/** The tenancy's Object Storage namespace (GetNamespace), which both proofs need. */
export interface ObjectStorageNamespacePort {
  getNamespace(): Promise<string>;
}
