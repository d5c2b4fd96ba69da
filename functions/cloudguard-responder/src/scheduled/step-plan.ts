import { UnplannedStepError } from '../errors/unplanned-step-error.js';
import type { SecretVersionInfo } from '../ports/secret-store-port.js';
import type { RotationPhase } from '../rotation/rotation-types.js';
import { isRotationMarker, isScheduledMarkerOf, scheduledRotationMarker } from '../rotation/rotation-marker.js';
import { isCurrent } from '../rotation/secret-versions.js';
import type { VaultRotationRequest } from './vault-rotation-request.js';

/**
 * What a writing step does, decided from the secret's versions alone:
 * - `rotate`: run the engine for the rotation that replaces `replaced` (its key), up to `until`;
 * - `answer`: answer without writing (done already, refused, or another rotation holds the credential).
 */
export type StepPlan =
  | { kind: 'rotate'; replaced: SecretVersionInfo; until: RotationPhase; resumeOnly: boolean }
  | { kind: 'answer'; status: 'already-rotated' | 'refused' | 'in-progress'; reason: string; versionNo: number | null };

/**
 * A scheduled rotation is keyed on the secret and the CURRENT version it replaces: Vault's
 * requests carry no number that stays the same over one rotation (docs/scheduled-rotation.md),
 * but every step can read which version was CURRENT when the rotation began: CURRENT itself,
 * or, once this rotation promoted its own version, the version before it. A version that a newer
 * rotation replaced is history: no step resumes it, promotes it or uses what it holds again.
 *
 * `recentWindowMs`: a CURRENT version that a Cloud Guard rotation wrote this recently replaced
 * the credential during (or just before) this Vault rotation, which then has nothing left to do.
 */
export function planStep(
  request: VaultRotationRequest,
  versions: readonly SecretVersionInfo[],
  now: Date,
  recentWindowMs: number,
): StepPlan {
  const { step, secretId, versionNo } = request;
  const current = versions.find((version) => isCurrent(version));
  if (!current) return refuse(`Secret ${secretId} has no CURRENT version.`);
  const ours = (replaced: SecretVersionInfo): string => scheduledRotationMarker(secretId, replaced.versionNumber).versionName;
  const ownPending = versions.find((version) => version.stages.includes('PENDING') && version.name === ours(current));
  const byCloudGuard = recentCloudGuardRotation(current, secretId, now, recentWindowMs);
  const alreadyDone = (answered: number | null): StepPlan => ({
    kind: 'answer',
    status: 'already-rotated',
    reason:
      `Cloud Guard's rotation ${current.name ?? '?'} replaced the credential moments ago (version ${current.versionNumber} is CURRENT, ` +
      `made ${current.timeCreated ?? '?'}): this scheduled rotation has nothing left to do and changes nothing.`,
    versionNo: answered,
  });

  switch (step) {
    case 'VERIFY_CONNECTION':
      throw new UnplannedStepError('VERIFY_CONNECTION', 'only reads; it is not planned');
    case 'CREATE_PENDING_VERSION': {
      const foreign = versions.find(
        (version) => version.stages.includes('PENDING') && isRotationMarker(version.name) && !isScheduledMarkerOf(version.name, secretId),
      );
      if (foreign) {
        return {
          kind: 'answer',
          status: 'in-progress',
          reason:
            `Rotation ${foreign.name ?? '?'} (from a Cloud Guard event) has staged version ${foreign.versionNumber} of ${secretId} and ` +
            `is still running; this step changed nothing. Vault's retry of the step continues once it is done.`,
          versionNo: null,
        };
      }
      if (byCloudGuard && !ownPending) return alreadyDone(null);
      return { kind: 'rotate', replaced: current, until: 'stage', resumeOnly: false };
    }
    case 'UPDATE_TARGET_SYSTEM': {
      // Cloud Guard replaced the credential since this rotation read CURRENT: hand on its version, already CURRENT.
      if (byCloudGuard && !ownPending) return alreadyDone(current.versionNumber);
      const replacing = versionNo ?? current.versionNumber;
      if (replacing === current.versionNumber) return { kind: 'rotate', replaced: current, until: 'apply', resumeOnly: true };
      const replaced = versions.find((version) => version.versionNumber === replacing);
      // This rotation promoted already (a late retry): it still answers the version to promote.
      if (replaced && current.name === ours(replaced)) return { kind: 'rotate', replaced, until: 'apply', resumeOnly: true };
      return refuse(
        `Version ${replacing} of ${secretId} is not the CURRENT version (version ${current.versionNumber} ` +
          `is${current.name ? `, written by rotation ${current.name}` : ''}): the rotation that was to replace it is history and is never resumed.`,
      );
    }
    case 'PROMOTE_PENDING_VERSION': {
      if (versionNo === null)
        return refuse('/versionNo is required: PROMOTE_PENDING_VERSION promotes the PENDING version UPDATE_TARGET_SYSTEM answered.');
      const target = versions.find((version) => version.versionNumber === versionNo);
      if (!target) return refuse(`Secret ${secretId} has no version ${versionNo}.`);
      if (target.stages.includes('PENDING')) {
        if (target.name === ours(current)) return { kind: 'rotate', replaced: current, until: 'complete', resumeOnly: true };
        return refuse(
          `Version ${versionNo} of ${secretId} is PENDING but not this rotation's (${target.name === null ? 'it was not written by this tool' : `it belongs to rotation ${target.name}`}); it is not promoted.`,
        );
      }
      if (isCurrent(target)) {
        const before = predecessorOf(target, versions);
        // This rotation's own version, CURRENT already: finish what is left (retire the old credential) or say it is done.
        if (before && target.name === ours(before)) return { kind: 'rotate', replaced: before, until: 'complete', resumeOnly: true };
        return {
          kind: 'answer',
          status: 'already-rotated',
          reason: `Version ${versionNo} of ${secretId} is already CURRENT${target.name ? ` (rotation ${target.name})` : ''}; nothing was promoted.`,
          versionNo: null,
        };
      }
      return refuse(
        `Version ${versionNo} of ${secretId} is history: version ${current.versionNumber}${current.name ? ` (rotation ${current.name})` : ''} replaced it since, so it is never promoted again.`,
      );
    }
  }
}

/** The version that was CURRENT before `version`: the one Vault marks PREVIOUS, else the next lower number. */
export function predecessorOf(version: SecretVersionInfo, versions: readonly SecretVersionInfo[]): SecretVersionInfo | undefined {
  const previous = versions.find((candidate) => candidate.stages.includes('PREVIOUS') && candidate.versionNumber < version.versionNumber);
  return (
    previous ??
    [...versions]
      .filter((candidate) => candidate.versionNumber < version.versionNumber)
      .sort((a, b) => b.versionNumber - a.versionNumber)[0]
  );
}

function recentCloudGuardRotation(current: SecretVersionInfo, secretId: string, now: Date, windowMs: number): boolean {
  if (!isRotationMarker(current.name) || isScheduledMarkerOf(current.name, secretId) || !current.timeCreated) return false;
  return now.getTime() - Date.parse(current.timeCreated) < windowMs;
}

function refuse(reason: string): StepPlan {
  return { kind: 'answer', status: 'refused', reason: `${reason} Nothing was changed.`, versionNo: null };
}
