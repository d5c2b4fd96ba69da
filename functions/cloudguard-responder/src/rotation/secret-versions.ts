import { SecretBusyError } from '../errors/secret-busy-error.js';
import { OciCallError } from '../errors/oci-call-error.js';
import { RotationStepError } from '../errors/rotation-step-error.js';
import { VersionNotStoredError } from '../errors/version-not-stored-error.js';
import type { AddVersionResult, SecretVersionInfo } from '../ports/secret-store-port.js';
import type { SecretValue } from '../secret-value.js';
import type { RotationRecord } from './rotation-record.js';
import type { RotationRun } from './rotation-context.js';
import type { SecretRole } from './rotation-types.js';
import { waitUntil } from './wait-until.js';

export function findVersion(versions: readonly SecretVersionInfo[], name: string): SecretVersionInfo | undefined {
  return versions.find((version) => version.name === name);
}

export function isCurrent(version: SecretVersionInfo): boolean {
  return version.stages.includes('CURRENT');
}

/**
 * Neither CURRENT nor PENDING: a newer version replaced it (PREVIOUS, DEPRECATED). Such a version
 * is history: no rotation resumes it, promotes it or uses the credential it holds again.
 */
export function isRetired(version: SecretVersionInfo): boolean {
  return !version.stages.includes('CURRENT') && !version.stages.includes('PENDING');
}

/**
 * Runs one Vault call, and when the secret is still UPDATING from an earlier write (Vault
 * documents no bound on that window, oci-behaviour §4.4) waits until GetSecret says ACTIVE again,
 * within `secretSettleTimeoutMs` and the invocation's budget, then tries once more.
 */
export async function whenSettled<T>(run: Pick<RotationRun, 'deps' | 'workUntilMs'>, secretId: string, call: () => Promise<T>): Promise<T> {
  const { secrets, clock, settings } = run.deps;
  const giveUpAt = Math.min(clock.now().getTime() + settings.secretSettleTimeoutMs, run.workUntilMs);
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof SecretBusyError) || clock.now().getTime() >= giveUpAt) throw error;
      run.deps.logger.info('secret still UPDATING; waiting for it to be ACTIVE', { secretId });
      const active = await waitUntil(async () => ((await secrets.getSecret(secretId)).lifecycleState === 'ACTIVE' ? true : undefined), {
        clock,
        timeoutMs: giveUpAt - clock.now().getTime(),
        untilMs: run.workUntilMs,
        initialDelayMs: 500,
      });
      if (!active) throw error;
    }
  }
}

/** How a write of a version ended. `joined`: a version of this name was already there. */
export interface StagedVersion {
  version: SecretVersionInfo;
  joined: boolean;
}

/**
 * Adds the rotation's named version to a secret, exactly once. The name is unique within a
 * secret (Vault refuses a duplicate), so when the name is taken, an earlier attempt whose reply
 * was lost, or a concurrent delivery of the same event, already stored it: that delivery's
 * version is joined, not overwritten. Every ending is read back from Vault.
 */
export async function stageVersion(
  run: RotationRun,
  record: RotationRecord,
  target: { secretId: string; role: SecretRole; content: SecretValue; stage: 'CURRENT' | 'PENDING'; versionName?: string },
): Promise<StagedVersion> {
  const { secrets } = run.deps;
  const name = target.versionName ?? run.marker.versionName;
  let writeError: unknown;
  let result: AddVersionResult | undefined;
  try {
    result = await whenSettled(run, target.secretId, () =>
      secrets.addVersion(target.secretId, { name, content: target.content, stage: target.stage }),
    );
  } catch (error) {
    writeError = error;
  }
  if (result?.kind === 'added' && target.stage === 'CURRENT' && result.currentVersionNumber !== null) {
    // Vault's answer names the version the write made CURRENT: no need to list to find it.
    const version: SecretVersionInfo = { versionNumber: result.currentVersionNumber, name, stages: ['CURRENT'], timeOfDeletion: null };
    recordVersion(record, target.secretId, target.role, version, name);
    return { version, joined: false };
  }
  let versions: SecretVersionInfo[];
  try {
    versions = await whenSettled(run, target.secretId, () => secrets.listVersions(target.secretId));
  } catch (readError) {
    // Neither the write nor its absence is known: the caller must keep whatever it holds.
    throw new VersionNotStoredError(
      { secretId: target.secretId, versionName: name, definitelyAbsent: false },
      { cause: writeError ?? readError },
    );
  }
  const stored = findVersion(versions, name);
  if (!stored) {
    // Absent after a write that was answered (whatever the answer): nothing of it is still in
    // flight, and a successful read does not show it, so Vault definitely does not hold it. A
    // write that got no answer may still land: then absence now proves nothing.
    const refused = writeError instanceof OciCallError && writeError.answered;
    if (writeError === undefined) {
      // Written, yet not listed: Vault's list may lag its write; not a proof of absence.
      throw new VersionNotStoredError({ secretId: target.secretId, versionName: name, definitelyAbsent: false });
    }
    throw new VersionNotStoredError({ secretId: target.secretId, versionName: name, definitelyAbsent: refused }, { cause: writeError });
  }
  const joined = writeError !== undefined || result?.kind === 'name-taken';
  if (joined) {
    run.deps.logger.info('secret version already present; joining it', { secretId: target.secretId, versionNumber: stored.versionNumber });
  }
  recordVersion(record, target.secretId, target.role, stored, name);
  return { version: stored, joined };
}

export function recordVersion(record: RotationRecord, secretId: string, role: SecretRole, version: SecretVersionInfo, name: string): void {
  record.recordSecret({
    secretId,
    role,
    versionNumber: version.versionNumber,
    versionName: name,
    stage: isCurrent(version) ? 'CURRENT' : 'PENDING',
  });
}

/** Makes a staged version CURRENT; promoting the CURRENT one again is skipped. */
export async function promoteVersion(
  run: RotationRun,
  record: RotationRecord,
  secretId: string,
  version: SecretVersionInfo,
): Promise<void> {
  let busyBefore = false;
  if (!isCurrent(version)) {
    await whenSettled(run, secretId, async () => {
      // A secret busy with another write may be busy with another delivery promoting this very
      // version: promoting it again would only make the secret UPDATING again for everyone.
      if (
        busyBefore &&
        (await run.deps.secrets.listVersions(secretId)).some((seen) => seen.versionNumber === version.versionNumber && isCurrent(seen))
      )
        return;
      busyBefore = true;
      await run.deps.secrets.promote(secretId, version.versionNumber);
    });
  }
  record.markPromoted(secretId);
}

/** A step could not finish for a reason a later delivery can overcome. */
export function stepError(run: RotationRun, step: string, resourceId: string | null, detail: string): RotationStepError {
  return new RotationStepError({ step, credentialType: run.request.credentialType, resourceId, retryable: true, detail });
}
