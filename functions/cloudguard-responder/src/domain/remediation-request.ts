import type { CredentialType, ProblemName } from './credential-type.js';

/** The Vault secrets a closure comment names, per credential type. */
export type SecretTargets =
  | { type: 'API_KEY'; privateKeySecretId: string }
  | { type: 'AUTH_TOKEN'; tokenSecretId: string }
  | { type: 'CUSTOMER_SECRET_KEY'; accessKeyIdSecretId: string; secretKeySecretId: string }
  | { type: 'UI_PASSWORD'; passwordSecretId: string | null };

/** A validated request to rotate one credential, read from a Cloud Guard remediated-problem event. */
export interface RemediationRequest {
  eventId: string;
  eventTime: string;
  eventType: string;
  /** `data.resourceId`: the Cloud Guard problem OCID. */
  problemId: string;
  problemName: ProblemName;
  /** `data.resourceName`, e.g. "API key is too old". */
  problemDisplayName: string;
  credentialType: CredentialType;
  tenancyId: string | null;
  compartmentId: string;
  region: string | null;
  riskLevel: string | null;
  /** `problemAdditionalDetails["User OCID"]`. */
  userId: string;
  /** API key: the fingerprint; auth token: its OCID; secret key: its id; password: the resource id as given. */
  credentialId: string;
  /** `additionalDetails.resourceId` verbatim. */
  credentialResourceId: string;
  credentialName: string | null;
  secrets: SecretTargets;
  /** The closure comment; user text, never a secret. */
  comment: string;
}

/** The secrets a request names, in the order the rotation writes them. */
export function namedSecretIds(targets: SecretTargets): string[] {
  switch (targets.type) {
    case 'API_KEY':
      return [targets.privateKeySecretId];
    case 'AUTH_TOKEN':
      return [targets.tokenSecretId];
    case 'CUSTOMER_SECRET_KEY':
      return [targets.accessKeyIdSecretId, targets.secretKeySecretId];
    case 'UI_PASSWORD':
      return targets.passwordSecretId ? [targets.passwordSecretId] : [];
  }
}
