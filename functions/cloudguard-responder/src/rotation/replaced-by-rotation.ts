import type { SecretVersionInfo } from '../ports/secret-store-port.js';
import type { RotationRecord } from './rotation-record.js';
import type { RotationReport } from './rotation-types.js';
import { isRotationMarker, isScheduledMarkerOf } from './rotation-marker.js';
import { isCurrent } from './secret-versions.js';

/** Another rotation (a scheduled one, or an earlier problem's) that already replaced the credential. */
export interface ReplacingRotation {
  versionName: string;
  versionNumber: number;
  newId: string;
  scheduled: boolean;
}

/**
 * The credential the request names is gone: was it replaced by another rotation of this tool?
 * Yes when the secret's CURRENT version carries a marker other than this run's and the
 * credential that marker stands for is on the user (`liveCredentialOf` answers its id). Then
 * the request is answered `already-rotated` instead of rotating a second time.
 */
export async function findReplacingRotation(
  secretId: string,
  versions: readonly SecretVersionInfo[],
  ownPrefix: string,
  liveCredentialOf: (version: SecretVersionInfo) => Promise<string | null>,
): Promise<ReplacingRotation | null> {
  const current = versions.find((version) => isCurrent(version));
  if (!current || !isRotationMarker(current.name) || (current.name as string).startsWith(ownPrefix)) return null;
  const newId = await liveCredentialOf(current);
  if (newId === null) return null;
  return {
    versionName: current.name as string,
    versionNumber: current.versionNumber,
    newId,
    scheduled: isScheduledMarkerOf(current.name, secretId),
  };
}

export function replacedReport(
  record: RotationRecord,
  noun: string,
  oldId: string,
  secretId: string,
  by: ReplacingRotation,
): RotationReport {
  record.newId = by.newId;
  const which = by.scheduled ? `Vault's scheduled rotation ${by.versionName}` : `rotation ${by.versionName}`;
  return record.report('already-rotated', {
    reason: `${noun} ${oldId} was already replaced by ${which}: ${by.newId} is CURRENT as version ${by.versionNumber} of ${secretId}. Nothing was changed.`,
  });
}
