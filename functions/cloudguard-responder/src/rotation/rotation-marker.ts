import { createHash } from 'node:crypto';

/**
 * The record of a rotation's progress, kept in OCI itself so that no database is needed:
 * the Vault version name, the new credential's description tag and the `opc-retry-token`s
 * all derive from one key. The key is made of the problem OCID and the Cloud Guard history
 * record of the USER resolve, so a re-delivered event maps to the same key while a problem
 * that was re-opened and resolved again (a new resolve record) gets a fresh rotation.
 */
export interface RotationMarker {
  /** e.g. `cgr-k3v…`; valid as a Vault version name (`[A-Za-z0-9._-]`). */
  readonly versionName: string;
  /** Put in a new auth token's description or customer secret key's display name. */
  readonly credentialTag: string;
  retryToken(operation: string): string;
}

export function rotationMarker(problemId: string, resolveRecordId: string | null): RotationMarker {
  const digest = createHash('sha256').update(`${problemId}\n${resolveRecordId ?? ''}`).digest('hex');
  const versionName = `cgr-${digest.slice(0, 24)}`;
  return Object.freeze({
    versionName,
    credentialTag: `[${versionName}]`,
    retryToken: (operation: string) => `${versionName}-${operation}`,
  });
}
