import type { RotationRun } from './rotation-context.js';
import { describeFailure } from './oci-failure.js';
import { isRotationMarker } from './rotation-marker.js';
import type { HygieneReport } from './rotation-types.js';
import { whenSettled } from './secret-versions.js';

/**
 * Vault holds at most 30 versions per secret that are not scheduled for deletion (oci-behaviour
 * §4.5); every rotation adds one, so without clean-up monthly rotation stops after a few years.
 * After a successful rotation, each secret keeps its CURRENT and PENDING versions and the
 * `keepPrevious` newest others; of the rest, only DEPRECATED versions this tool wrote (named
 * `cgr-…`) are scheduled for deletion (Vault's default window, so a mistake can be undone).
 * Versions someone else wrote are never touched. A failure is reported, never thrown.
 */
export async function cleanUpVersions(
  run: RotationRun,
  written: readonly { secretId: string; versionNumber: number }[],
): Promise<HygieneReport> {
  const keepPrevious = run.deps.settings.keepPreviousVersions;
  const report: HygieneReport = { keptPrevious: keepPrevious, scheduledForDeletion: [], problems: [] };
  for (const secretId of new Set(written.map((version) => version.secretId))) {
    if (cannotHaveSurplus(written, secretId, keepPrevious)) continue;
    try {
      const versions = await whenSettled(run, secretId, () => run.deps.secrets.listVersions(secretId));
      const others = versions
        .filter((version) => version.timeOfDeletion === null && !version.stages.includes('CURRENT') && !version.stages.includes('PENDING'))
        .sort((a, b) => b.versionNumber - a.versionNumber);
      for (const version of others.slice(keepPrevious)) {
        if (!version.stages.includes('DEPRECATED') || !isRotationMarker(version.name)) continue;
        try {
          await whenSettled(run, secretId, () => run.deps.secrets.scheduleVersionDeletion(secretId, version.versionNumber));
          report.scheduledForDeletion.push({ secretId, versionNumber: version.versionNumber, versionName: version.name as string });
        } catch (error) {
          report.problems.push(
            `version ${version.versionNumber} of ${secretId} could not be scheduled for deletion: ${describeFailure(error)}`,
          );
        }
      }
    } catch (error) {
      report.problems.push(`versions of ${secretId} could not be listed for clean-up: ${describeFailure(error)}`);
    }
  }
  if (report.problems.length > 0)
    run.deps.logger.warn('version clean-up incomplete; the rotation stands', { problems: report.problems.length });
  return report;
}

/**
 * Vault numbers a secret's versions 1, 2, 3… (oci-behaviour §4.5), so a secret whose newest
 * version this rotation wrote as number N holds at most N − 1 others: when that is within the
 * kept count, nothing can be surplus and the listing is skipped (one OCI call less per secret
 * for the first rotations of a secret). A version someone adds concurrently is cleaned up by the
 * next rotation; skipping never deletes anything.
 */
function cannotHaveSurplus(
  written: readonly { secretId: string; versionNumber: number }[],
  secretId: string,
  keepPrevious: number,
): boolean {
  const newest = Math.max(...written.filter((version) => version.secretId === secretId).map((version) => version.versionNumber));
  return newest - 1 <= keepPrevious;
}
