import { createHash } from 'node:crypto';
import { InvalidRotationMarkerError } from '../errors/invalid-rotation-marker-error.js';

/**
 * The record of a rotation's progress, kept in OCI itself so that no database is needed:
 * the Vault version name, the new credential's description tag and the `opc-retry-token`s
 * all derive from one key. The key is made of the problem OCID and the Cloud Guard history
 * record of the resolve, so a re-delivered event maps to the same key while a problem that was
 * reopened and resolved again (a new resolve record) gets a fresh rotation.
 *
 * The name has two parts, `cgr-<problem>-<resolve>`, so a later resolve of the same problem
 * recognises what an earlier attempt left behind (its credentials count toward the user's
 * slots, and a stored one is adopted rather than duplicated).
 */
export interface RotationMarker {
  /** e.g. `cgr-3f0a9c1d2e-7b6a5c4d3e2f`; valid as a Vault version name (`[A-Za-z0-9._-]`). */
  readonly versionName: string;
  /** Put in a new auth token's description or customer secret key's display name. */
  readonly credentialTag: string;
  /** `cgr-<problem>-`: every marker of this problem starts with it. */
  readonly problemPrefix: string;
  /** An `opc-retry-token` for one operation of this rotation; always 1–64 characters (oci-behaviour §0.5). */
  retryToken(operation: string): string;
}

/** OCI accepts an `opc-retry-token` of at most 64 characters (oci-behaviour §0.5). */
export const MAX_RETRY_TOKEN_LENGTH = 64;

const MARKER_PATTERN = /^cgr-[0-9a-f]{10}-[0-9a-f]{12}$/;
const TAG_PATTERN = /\[(cgr-[0-9a-f]{10}-[0-9a-f]{12})\]/;

export function rotationMarker(problemId: string, resolveRecordId: string | null): RotationMarker {
  const problemPart = createHash('sha256').update(problemId).digest('hex').slice(0, 10);
  const resolvePart = createHash('sha256')
    .update(`${problemId}\n${resolveRecordId ?? ''}`)
    .digest('hex')
    .slice(0, 12);
  return markerNamed(`cgr-${problemPart}-${resolvePart}`);
}

/** The marker a version name or tag stands for: to adopt what an earlier resolve left. */
export function markerNamed(versionName: string): RotationMarker {
  if (!MARKER_PATTERN.test(versionName)) throw new InvalidRotationMarkerError(`not a rotation marker: ${versionName.slice(0, 40)}`);
  return Object.freeze({
    versionName,
    credentialTag: `[${versionName}]`,
    problemPrefix: versionName.slice(0, 15),
    retryToken: (operation: string) => {
      const token = `${versionName}-${operation}`;
      if (token.length > MAX_RETRY_TOKEN_LENGTH)
        throw new InvalidRotationMarkerError(`retry token for ${operation} would exceed ${MAX_RETRY_TOKEN_LENGTH} characters`);
      return token;
    },
  });
}

/** The marker tagged in a credential's description or display name, if any. */
export function markerInLabel(label: string): string | null {
  return TAG_PATTERN.exec(label)?.[1] ?? null;
}

/**
 * The marker of a rotation Vault runs on its schedule: the "problem" is the secret (so every
 * scheduled rotation of one secret shares a prefix, and one that an abandoned rotation left is
 * recognised by the next), the "resolve" is the CURRENT version the rotation replaces. Vault's
 * requests carry no number that stays the same over one rotation, but every step can read that
 * version, so retries of any of the four steps map to the same version name, labels and retry
 * tokens, and the next rotation (replacing the version this one made CURRENT) gets a fresh one.
 */
export function scheduledRotationMarker(secretId: string, replacedVersionNumber: number): RotationMarker {
  return rotationMarker(`vault-schedule:${secretId}`, `replaces:${replacedVersionNumber}`);
}

/** Whether a version name or tag is a marker of a scheduled rotation of this secret. */
export function isScheduledMarkerOf(name: string | null, secretId: string): boolean {
  return name !== null && MARKER_PATTERN.test(name) && name.startsWith(scheduledRotationMarker(secretId, 0).problemPrefix);
}

/** Whether a version name is any rotation marker this tool writes. */
export function isRotationMarker(name: string | null): boolean {
  return name !== null && MARKER_PATTERN.test(name);
}
