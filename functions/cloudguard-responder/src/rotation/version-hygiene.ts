import type { RotationRun } from './rotation-context.js';
import { describeFailure } from './oci-failure.js';
import { isRotationMarker } from './rotation-marker.js';
import { whenSettled } from './secret-versions.js';

/** What the clean-up after a rotation did; reported in the outcome and the email, never fatal. */
export interface HygieneReport {
  /** How many previous versions per secret were kept (CGR_KEEP_PREVIOUS_VERSIONS). */
  keptPrevious: number;
  scheduledForDeletion: { secretId: string; versionNumber: number; versionName: string }[];
  /** Clean-ups that failed, each in one line; the rotation itself still succeeded. */
  problems: string[];
}

/**
 * Vault holds at most 30 versions per secret that are not scheduled for deletion (oci-behaviour
 * §4.5); every rotation adds one, so without clean-up monthly rotation stops after a few years.
 * After a successful rotation, each secret keeps its CURRENT and PENDING versions and the
 * `keepPrevious` newest others; of the rest, only DEPRECATED versions this tool wrote (named
 * `cgr-…`) are scheduled for deletion (Vault's default window, so a mistake can be undone).
 * Versions someone else wrote are never touched. A failure is reported, never thrown.
 */
export async function cleanUpVersions(run: RotationRun, secretIds: readonly string[]): Promise<HygieneReport> {
  const keepPrevious = run.deps.settings.keepPreviousVersions;
  const report: HygieneReport = { keptPrevious: keepPrevious, scheduledForDeletion: [], problems: [] };
  for (const secretId of new Set(secretIds)) {
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
          report.problems.push(`version ${version.versionNumber} of ${secretId} could not be scheduled for deletion: ${describeFailure(error)}`);
        }
      }
    } catch (error) {
      report.problems.push(`versions of ${secretId} could not be listed for clean-up: ${describeFailure(error)}`);
    }
  }
  if (report.problems.length > 0) run.deps.logger.warn('version clean-up incomplete; the rotation stands', { problems: report.problems.length });
  return report;
}
