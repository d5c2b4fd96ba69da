import type { SecretRole } from '../outcome.js';
import type { SecretVersionInfo } from '../ports/secret-store-port.js';
import type { SecretValue } from '../secret-value.js';
import type { RotationJournal } from './rotation-journal.js';
import type { RotationRun } from './rotation-context.js';

export function findVersion(versions: readonly SecretVersionInfo[], name: string): SecretVersionInfo | undefined {
  return versions.find((version) => version.name === name);
}

export function isCurrent(version: SecretVersionInfo): boolean {
  return version.stages.includes('CURRENT');
}

/**
 * Adds the rotation's named version to a secret, exactly once. The name is unique within a
 * secret (Vault refuses a duplicate), so when the write fails the version is looked up: if it
 * is there, an earlier attempt whose response was lost, or a concurrent delivery of the same
 * event, already stored it, and that is success.
 */
export async function stageVersion(
  run: RotationRun,
  journal: RotationJournal,
  target: { secretId: string; role: SecretRole; content: SecretValue; stage: 'CURRENT' | 'PENDING' },
): Promise<SecretVersionInfo> {
  const { secrets } = run.deps;
  const name = run.marker.versionName;
  let writeError: unknown;
  try {
    await secrets.addVersion(target.secretId, { name, content: target.content, stage: target.stage });
  } catch (error) {
    writeError = error;
  }
  const stored = findVersion(await secrets.listVersions(target.secretId), name);
  if (!stored) throw writeError ?? new Error(`Secret ${target.secretId} has no version named ${name} after the write`);
  if (writeError !== undefined) {
    run.deps.logger.warn('secret version already present after a failed write; using it', {
      secretId: target.secretId,
      versionNumber: stored.versionNumber,
    });
  }
  recordVersion(journal, target.secretId, target.role, stored, name);
  return stored;
}

export function recordVersion(journal: RotationJournal, secretId: string, role: SecretRole, version: SecretVersionInfo, name: string): void {
  journal.recordSecret({
    secretId,
    role,
    versionNumber: version.versionNumber,
    versionName: name,
    stage: isCurrent(version) ? 'CURRENT' : 'PENDING',
  });
}

/** Makes a staged version CURRENT; promoting the CURRENT one again is skipped. */
export async function promoteVersion(run: RotationRun, journal: RotationJournal, secretId: string, version: SecretVersionInfo): Promise<void> {
  if (!isCurrent(version)) await run.deps.secrets.promote(secretId, version.versionNumber);
  journal.markPromoted(secretId);
}
