import { OciApiError, invalidParameter } from '../http/oci-api-error.js';
import type { SecretVersionRecord, SecretVersionStage } from '../state/types.js';

/**
 * The rotation-stage maths of a secret's versions (oci-behaviour §4.3), as pure functions over a
 * version list: each returns a new list and leaves its input untouched, so the Vault handlers can
 * validate everything first and assign the result only once the whole update is accepted.
 *
 * Stored stages never include DEPRECATED: a version with no other stage *is* deprecated (the SDK
 * doc on `SecretVersion.stages`: "neither current, pending, nor the previous one in use"), so it
 * is derived on the way out by `reportedStages`. A hand-written state may still spell it out; the
 * transitions drop it as soon as they touch a version.
 */

/** The stages a client may ask for when writing content (`SecretContentDetails.Stage`). */
export type WriteStage = 'CURRENT' | 'PENDING';

/** The order the emulator lists stages in; OCI's order is not documented (assumed). */
const STAGE_ORDER: readonly SecretVersionStage[] = ['CURRENT', 'PENDING', 'LATEST', 'PREVIOUS', 'DEPRECATED'];

export interface NewSecretVersion {
  name: string | null;
  content: string;
  contentSha256: string;
  timeCreated: string;
}

function sortStages(stages: Iterable<SecretVersionStage>): SecretVersionStage[] {
  const unique = new Set(stages);
  return STAGE_ORDER.filter((stage) => unique.has(stage));
}

/** A copy of the version with `remove` taken out of and `add` put into its stored stages. */
function restaged(
  version: SecretVersionRecord,
  remove: readonly SecretVersionStage[],
  add: readonly SecretVersionStage[] = [],
): SecretVersionRecord {
  const stages = version.stages.filter((stage) => stage !== 'DEPRECATED' && !remove.includes(stage));
  return { ...version, stages: sortStages([...stages, ...add]) };
}

/** The stages a client sees: the stored ones, or `["DEPRECATED"]` when there are none. */
export function reportedStages(version: Pick<SecretVersionRecord, 'stages'>): SecretVersionStage[] {
  const stages = sortStages(version.stages.filter((stage) => stage !== 'DEPRECATED'));
  return stages.length === 0 ? ['DEPRECATED'] : stages;
}

export function isDeprecated(version: Pick<SecretVersionRecord, 'stages'>): boolean {
  const stages = reportedStages(version);
  return stages.length === 1 && stages[0] === 'DEPRECATED';
}

export function isPendingDeletion(version: Pick<SecretVersionRecord, 'timeOfDeletion'>): boolean {
  return version.timeOfDeletion !== null;
}

/** The version staged CURRENT, which `Secret.currentVersionNumber` reports. */
export function currentVersion(versions: readonly SecretVersionRecord[]): SecretVersionRecord | undefined {
  return versions.find((version) => version.stages.includes('CURRENT'));
}

/** Versions "in active use", which the 30-version cap counts (oci-behaviour §4.5). */
export function countVersionsInUse(versions: readonly SecretVersionRecord[]): number {
  return versions.filter((version) => !isPendingDeletion(version)).length;
}

export function countVersionsPendingDeletion(versions: readonly SecretVersionRecord[]): number {
  return versions.filter(isPendingDeletion).length;
}

/**
 * Version numbers only grow. The highest version always survives (it is LATEST, so it is never
 * DEPRECATED and can never be scheduled for deletion), so max + 1 never reuses a number.
 */
export function nextVersionNumber(versions: readonly SecretVersionRecord[]): number {
  return versions.reduce((highest, version) => Math.max(highest, version.versionNumber), 0) + 1;
}

/**
 * Refuses a new version the secret cannot take:
 * - a `name` another version already has → 409 `Conflict`. "Names should be unique within a
 *   secret" is documented (oci-behaviour §4.2); the status and code are assumed (open question 7);
 * - as many versions in use as `limit` → 400 `LimitExceeded`. The 30-version limit is documented
 *   (§4.5); the answer at the cap is assumed (open question 5). Versions pending deletion have
 *   their own allowance and do not count.
 */
export function assertNewVersionAllowed(versions: readonly SecretVersionRecord[], name: string | null, limit: number): void {
  if (name !== null && versions.some((version) => version.name === name)) {
    throw new OciApiError(409, 'Conflict', `A secret version named '${name}' already exists in this secret.`);
  }
  if (countVersionsInUse(versions) >= limit) {
    throw new OciApiError(
      400,
      'LimitExceeded',
      `The secret already has ${limit} secret versions in use, the maximum. Schedule deprecated versions for deletion first.`,
    );
  }
}

/**
 * Adds version max+1 with `stage` (oci-behaviour §4.3):
 * - CURRENT (the default): the new version is `[CURRENT, LATEST]`, the old CURRENT becomes
 *   PREVIOUS and the old PREVIOUS loses its stage (DEPRECATED) [R]. A PENDING version is left
 *   alone (assumed: no source says a CURRENT write touches PENDING);
 * - PENDING: the new version is `[PENDING, LATEST]`, an older PENDING loses PENDING (documented
 *   by perspectivism as empirically verified) and CURRENT/PREVIOUS are untouched.
 * LATEST always moves to the new version ("the secret most recently uploaded").
 */
export function appendVersion(
  versions: readonly SecretVersionRecord[],
  added: NewSecretVersion,
  stage: WriteStage,
): { versions: SecretVersionRecord[]; versionNumber: number } {
  const versionNumber = nextVersionNumber(versions);
  const updated = versions.map((version) => {
    if (stage === 'PENDING') return restaged(version, ['LATEST', 'PENDING']);
    if (version.stages.includes('CURRENT')) return restaged(version, ['LATEST', 'CURRENT'], ['PREVIOUS']);
    return restaged(version, ['LATEST', 'PREVIOUS']);
  });
  updated.push({
    versionNumber,
    name: added.name,
    stages: [stage, 'LATEST'],
    contentType: 'BASE64',
    content: added.content,
    contentSha256: added.contentSha256,
    timeCreated: added.timeCreated,
    timeOfDeletion: null,
  });
  return { versions: updated, versionNumber };
}

/**
 * Makes `versionNumber` CURRENT, as `UpdateSecret {currentVersionNumber}` does (oci-behaviour §4.3):
 * the promoted version loses PENDING/PREVIOUS, the old CURRENT becomes PREVIOUS and the old
 * PREVIOUS loses its stage. Promoting the PREVIOUS version is the documented rollback. LATEST
 * stays where it is (it marks the newest upload, not the one in use).
 *
 * Promoting the version that is already CURRENT changes nothing (assumed, per the contract).
 * An unknown version → 400 `InvalidParameter`, a version scheduled for deletion → 409
 * `IncorrectState` (both assumed: it is a body field naming something the secret lacks, and a
 * version pending deletion is documented as inaccessible, §4.4).
 */
export function promoteVersion(versions: readonly SecretVersionRecord[], versionNumber: number): SecretVersionRecord[] {
  const target = versions.find((version) => version.versionNumber === versionNumber);
  if (target === undefined) {
    throw invalidParameter(`The secret has no version ${versionNumber} to make current.`);
  }
  if (isPendingDeletion(target)) {
    throw new OciApiError(409, 'IncorrectState', `Secret version ${versionNumber} is scheduled for deletion and cannot be made current.`);
  }
  if (target.stages.includes('CURRENT')) return versions.map((version) => restaged(version, []));
  return versions.map((version) => {
    if (version.versionNumber === versionNumber) return restaged(version, ['PENDING', 'PREVIOUS'], ['CURRENT']);
    if (version.stages.includes('CURRENT')) return restaged(version, ['CURRENT', 'PREVIOUS'], ['PREVIOUS']);
    return restaged(version, ['PREVIOUS']);
  });
}
