import { OtherRotationRunningError } from '../errors/other-rotation-running-error.js';
import { RotationRefusedError } from '../errors/rotation-refused-error.js';
import type { SecretVersionInfo } from '../ports/secret-store-port.js';
import type { GeneratedCredential, GeneratedCredentialKind } from './generated-credential-kind.js';
import { isLive } from './preflight-checks.js';
import { findReplacingRotation, type ReplacingRotation } from './replaced-by-rotation.js';
import type { RotationRun } from './rotation-context.js';
import { isRotationMarker, isScheduledMarkerOf, markerInLabel } from './rotation-marker.js';
import type { RotationRecord } from './rotation-record.js';
import type { RotationReport } from './rotation-types.js';
import { capital } from './capital.js';
import { isRetired } from './secret-versions.js';
import { replacedReport } from './replaced-by-rotation.js';

/** The user has a free slot for one more credential of this kind (OCI's per-user limit). */
export function requireSlot(run: RotationRun, kind: GeneratedCredentialKind, credentials: readonly GeneratedCredential[]): void {
  const oldId = run.request.credentialId;
  const limit = kind.limit(run.deps.settings);
  const live = credentials.filter((credential) => isLive(credential.lifecycleState));
  if (live.length < limit) return;
  requireNoOtherRotation(run, kind, live);
  const others = live
    .filter((credential) => credential.id !== oldId)
    .map(
      (credential) =>
        `${credential.id} ("${credential.label}")${markerInLabel(credential.label)?.startsWith(run.marker.problemPrefix) ? ' left by an earlier attempt for this problem' : ''}`,
    );
  throw new RotationRefusedError(
    `User ${run.request.userId} already has ${live.length} ${kind.noun}s, OCI's limit of ${limit}: besides ${oldId} the slot is held by ${others.join(', ')}. Remove that one, then replay. Nothing was changed.`,
  );
}

/**
 * Both paths read "nothing staged" and created at once: OCI refuses the second create at the
 * user's limit. When a fresh credential of another rotation of this tool (the other path's)
 * now holds the last slot, this rotation is the one that gives way: in-progress, nothing
 * changed. Its own create cannot have succeeded, as the slot was full without it. Otherwise the
 * create's own error stands.
 */
export async function giveWayOrRethrow(run: RotationRun, kind: GeneratedCredentialKind, error: unknown): Promise<never> {
  const credentials = await kind.list(run.request.userId).catch(() => null);
  const live = credentials?.filter((credential) => isLive(credential.lifecycleState)) ?? [];
  const ownAbsent = live.every(
    (credential) => credential.id === run.request.credentialId || !markerInLabel(credential.label)?.startsWith(run.marker.problemPrefix),
  );
  if (ownAbsent && live.length >= kind.limit(run.deps.settings)) requireNoOtherRotation(run, kind, live, error);
  throw error;
}

/** A live credential another rotation of this tool created within the in-flight window holds a slot: that rotation goes on. */
function requireNoOtherRotation(
  run: RotationRun,
  kind: GeneratedCredentialKind,
  live: readonly GeneratedCredential[],
  cause?: unknown,
): void {
  const now = run.deps.clock.now().getTime();
  const other = live.find((credential) => {
    const name = markerInLabel(credential.label);
    return (
      credential.id !== run.request.credentialId &&
      isRotationMarker(name) &&
      !name?.startsWith(run.marker.problemPrefix) &&
      now - Date.parse(credential.timeCreated) < run.deps.settings.inFlightWindowMs
    );
  });
  if (!other) return;
  const name = markerInLabel(other.label) as string;
  const valueSecretId = kind.stores[0].secretId;
  const by = isScheduledMarkerOf(name, valueSecretId)
    ? `Vault's scheduled rotation ${name} of secret ${valueSecretId}`
    : `Rotation ${name} (from a Cloud Guard event)`;
  throw new OtherRotationRunningError(
    {
      credentialId: other.id,
      message: `${by} created ${kind.noun} ${other.id} moments ago to replace ${run.request.credentialId}, and it holds the user's last slot (OCI's limit of ${kind.limit(run.deps.settings)})`,
    },
    cause === undefined ? undefined : { cause },
  );
}

/** The rotation (a scheduled one, or an earlier problem's) whose credential is CURRENT in the value secret, if any. */
export function replacingRotation(
  run: RotationRun,
  kind: GeneratedCredentialKind,
  seen: { versionsBySecret: ReadonlyMap<string, SecretVersionInfo[]>; credentials: readonly GeneratedCredential[] },
): Promise<ReplacingRotation | null> {
  const valueStore = kind.stores[0];
  return findReplacingRotation(
    valueStore.secretId,
    seen.versionsBySecret.get(valueStore.secretId) ?? [],
    run.marker.problemPrefix,
    async (version) =>
      seen.credentials.find((credential) => isLive(credential.lifecycleState) && markerInLabel(credential.label) === version.name)?.id ??
      null,
  );
}

/**
 * preflight: Vault holds this rotation's version, but no credential of it is on the user. A
 * version a newer one replaced is answered from what replaced it, never resumed; otherwise the
 * credential was removed by hand, and only a person removes a credential whose value Vault holds.
 */
export async function answerStoredWithoutCredential(
  run: RotationRun,
  kind: GeneratedCredentialKind,
  record: RotationRecord,
  seen: { versionsBySecret: ReadonlyMap<string, SecretVersionInfo[]>; credentials: readonly GeneratedCredential[] },
  holder: SecretVersionInfo,
): Promise<RotationReport> {
  const oldId = run.request.credentialId;
  const valueStore = kind.stores[0];
  const stillWorks = oldLive(run, seen.credentials) ? `The old ${kind.noun} ${oldId} still works. ` : '';
  const again =
    'To rotate again, reopen the problem in Cloud Guard and resolve it again (a new resolve starts a fresh rotation). Nothing was changed.';
  if (isRetired(holder)) {
    const by = oldLive(run, seen.credentials) ? null : await replacingRotation(run, kind, seen);
    if (by) return replacedReport(record, capital(kind.noun), oldId, valueStore.secretId, by);
    throw new RotationRefusedError(
      `Vault version ${holder.versionNumber} (${run.marker.versionName}) of ${valueStore.secretId} was this rotation's, and a newer version has replaced it since: it is history and is never resumed or promoted again. ${stillWorks}${again}`,
    );
  }
  throw new RotationRefusedError(
    `Vault version ${holder.versionNumber} (${run.marker.versionName}) of ${valueStore.secretId} holds this problem's new ${kind.noun}, but no ${kind.noun} tagged ${run.marker.credentialTag} is on user ${run.request.userId} any more: it was removed by hand. ${stillWorks}${again}`,
  );
}

/** Whether the credential the problem names is still on the user. */
export function oldLive(run: RotationRun, credentials: readonly GeneratedCredential[]): boolean {
  return credentials.some((credential) => credential.id === run.request.credentialId && isLive(credential.lifecycleState));
}
