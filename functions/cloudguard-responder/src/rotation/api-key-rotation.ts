import { NothingToRotateError } from '../errors/nothing-to-rotate-error.js';
import { UnmanageableUserError } from '../errors/unmanageable-user-error.js';
import type { ApiKeySummary, UserSummary } from '../ports/identity-port.js';
import type { GeneratedKeyPair } from '../ports/key-pair-port.js';
import type { SecretVersionInfo } from '../ports/secret-store-port.js';
import { capital } from './capital.js';
import { isLive, listOrRefuse, requireUsableUser, requireVersionRoom, requireWritableSecret } from './preflight-checks.js';
import type { RotationRun } from './rotation-context.js';
import { RotationRecord } from './rotation-record.js';
import { markerNamed, type RotationMarker } from './rotation-marker.js';
import { RotationRefusedError } from '../errors/rotation-refused-error.js';
import type { RotationReport } from './rotation-types.js';
import { finish, type Next, next } from './phase-driver.js';
import { phaseReached, stopsAfter } from './rotation-phase.js';
import { findReplacingRotation, replacedReport } from './replaced-by-rotation.js';
import { runRotation } from './run-rotation.js';
import {
  findVersion,
  isCurrent,
  isRetired,
  promoteVersion,
  recordVersion,
  stageVersion,
  stepError,
  whenSettled,
} from './secret-versions.js';
import { waitUntil } from './wait-until.js';

/** Upload retry tokens tried in turn when OCI has invalidated one (its key was deleted since). */
const MAX_UPLOAD_TOKENS = 3;

/**
 * API key rotation, new first and old last: the key pair is made in memory, its private half
 * staged in Vault as a PENDING version before OCI ever sees the public half, so no key exists
 * that Vault does not hold, and nothing ever needs deleting again. Then the public key is
 * uploaded, awaited until ACTIVE, proven by signing a real request with it, promoted, and only
 * then is the old key deleted. Every step first looks at what is already there, so a
 * re-delivered event resumes where an earlier run stopped, and a concurrent delivery of the
 * same event carries on with whichever key Vault took first.
 *
 * The phases below read top to bottom in the order they run; each answers the next, and the
 * driver (phase-driver.ts) moves the record's step: preflight (readProgress) → resume (when a
 * staged key is found) → preflight (checkUser, checkRoom) → generate-key → stage-secret (the
 * `stage` phase is reached) → upload-key → wait-active (the `apply` phase is reached) →
 * prove-key → promote-secret → retire-old.
 */
export async function rotateApiKey(run: RotationRun, privateKeySecretId: string): Promise<RotationReport> {
  const record = new RotationRecord('API_KEY', run.request.userId, run.request.credentialId, null);
  const rotation: KeyRotation = { run, record, secretId: privateKeySecretId };
  return runRotation(
    run,
    record,
    next('preflight', () => readProgress(rotation)),
    async () => explain(rotation),
  );
}

interface KeyRotation {
  run: RotationRun;
  record: RotationRecord<null>;
  secretId: string;
}

/** What preflight read: the secret's versions and the user's keys (kept current as later phases list them again). */
interface Seen {
  versions: SecretVersionInfo[];
  keys: ApiKeySummary[];
}

/** The key this rotation carries on with, held in Vault under `marker`. */
interface StagedKey {
  marker: RotationMarker;
  version: SecretVersionInfo;
  keyPair: GeneratedKeyPair;
}

/** preflight: reads first, so that a repeated delivery is answered from a few reads. */
async function readProgress(rotation: KeyRotation): Promise<Next> {
  const { run, secretId } = rotation;
  const { secrets, keyPairs } = run.deps;
  const seen: Seen = {
    versions: await whenSettled(run, secretId, () => secrets.listVersions(secretId)),
    keys: await listOrRefuse(() => run.deps.identity.listApiKeys(run.request.userId)),
  };
  // This resolve's staged key, else one an earlier resolve of the same problem left: uploaded, or
  // still PENDING (its upload never happened). Vault holds it either way; it is carried on with.
  const own = findVersion(seen.versions, run.marker.versionName);
  if (own && isRetired(own)) return next('resume', () => answerRetired(rotation, seen, own));
  if (own) return next('resume', () => resume(rotation, seen, { marker: run.marker, version: own, keyPair: null }));
  const earlier = seen.versions
    .filter((version) => version.name?.startsWith(run.marker.problemPrefix) && version.timeOfDeletion === null && !isRetired(version))
    .sort((a, b) => b.versionNumber - a.versionNumber);
  for (const version of earlier) {
    const held = await secrets.readVersionByName(secretId, version.name as string);
    if (!held) continue;
    const pair = keyPairs.fromPrivateKey(held.value);
    // The key being replaced is never its own replacement (a scheduled secret's CURRENT version carries its prefix).
    if (pair.fingerprint !== run.request.credentialId && (findKey(seen.keys, pair.fingerprint) || version.stages.includes('PENDING'))) {
      const adopted = { marker: markerNamed(version.name as string), version, keyPair: pair };
      return next('resume', () => resume(rotation, seen, adopted));
    }
  }
  return next('preflight', () => checkUser(rotation, seen, null));
}

/** resume: a staged key is there; answer at once when its rotation already completed. */
async function resume(
  rotation: KeyRotation,
  seen: Seen,
  found: { marker: RotationMarker; version: SecretVersionInfo; keyPair: GeneratedKeyPair | null },
): Promise<Next> {
  const { run, record, secretId } = rotation;
  const { marker, version } = found;
  let keyPair = found.keyPair;
  if (!keyPair) {
    const held = await run.deps.secrets.readVersionByName(secretId, marker.versionName);
    if (!held) throw stepError(run, 'resume', secretId, `version ${marker.versionName} is listed but cannot be read yet`);
    keyPair = run.deps.keyPairs.fromPrivateKey(held.value);
  }
  record.newId = keyPair.fingerprint;
  recordVersion(record, secretId, 'private-key', version, marker.versionName);
  if (isCurrent(version) && !findKey(seen.keys, run.request.credentialId)) {
    if (findKey(seen.keys, keyPair.fingerprint))
      return finish(record.report('already-rotated', { reason: alreadyDone(record, version.versionNumber) }));
    throw new RotationRefusedError(
      `Vault version ${version.versionNumber} of ${secretId} holds key ${keyPair.fingerprint}, which is no longer registered on user ` +
        `${run.request.userId}: it was removed by hand after this problem's rotation finished. ` +
        'To rotate again, reopen the problem in Cloud Guard and resolve it again (a new resolve starts a fresh rotation). Nothing was changed.',
    );
  }
  const staged: StagedKey = { marker, version, keyPair };
  return next('preflight', () => checkUser(rotation, seen, staged));
}

/** preflight: the user may hold API keys and the secret may be written; then carry on with the staged key, or make one. */
async function checkUser(rotation: KeyRotation, seen: Seen, staged: StagedKey | null): Promise<Next> {
  const { run, record, secretId } = rotation;
  const { request } = run;
  const user = await run.deps.identity.getUser(request.userId);
  if (!user) throw new UnmanageableUserError({ operation: 'GetUser', userId: request.userId, opcRequestId: null });
  record.userName = user.name;
  requireUsableUser(user, 'canUseApiKeys', 'API keys');
  requireWritableSecret(
    await whenSettled(run, secretId, () => run.deps.secrets.getSecret(secretId)),
    request,
    run.deps.settings,
    run.commentConfirmed,
    run.trigger,
  );
  if (staged) return afterStaging(rotation, seen, user, staged);
  if (run.resumeOnly)
    throw new RotationRefusedError(
      `No key of rotation ${run.marker.versionName} is staged in ${secretId}: this step is out of order (the PENDING version is made first). ` +
        `Nothing was changed.`,
    );
  return next('preflight', () => checkRoom(rotation, seen, user));
}

/** preflight: the old key is still there to replace, and the user and the secret have room for a new one. */
async function checkRoom(rotation: KeyRotation, seen: Seen, user: UserSummary): Promise<Next> {
  const { run, record, secretId } = rotation;
  const { request, deps } = run;
  const oldFingerprint = request.credentialId;
  if (!findKey(seen.keys, oldFingerprint)) {
    const by = await findReplacingRotation(secretId, seen.versions, run.marker.problemPrefix, async (version) => {
      const held = await deps.secrets.readVersionByNumber(secretId, version.versionNumber);
      const fingerprint = held ? deps.keyPairs.fromPrivateKey(held.value).fingerprint : null;
      return fingerprint !== null && findKey(seen.keys, fingerprint) ? fingerprint : null;
    });
    if (by) return finish(replacedReport(record, 'API key', oldFingerprint, secretId, by));
    throw new NothingToRotateError({
      credentialId: oldFingerprint,
      message:
        `API key ${oldFingerprint} no longer exists on user ${request.userId} (removed before this resolve, not by a rotation of this ` +
        `tool): there is nothing to rotate. Nothing was changed.`,
    });
  }
  const live = seen.keys.filter((key) => isLive(key.lifecycleState));
  if (live.length >= deps.settings.limits.apiKeysPerUser) {
    const others = live.filter((key) => key.fingerprint !== oldFingerprint).map((key) => key.fingerprint);
    throw new RotationRefusedError(
      `User ${request.userId} already has ${live.length} API keys, OCI's limit of ${deps.settings.limits.apiKeysPerUser}: besides ` +
        `${oldFingerprint} the slots are held by ${others.join(', ')}. Remove one of those, then replay. Nothing was changed.`,
    );
  }
  requireVersionRoom(secretId, seen.versions, deps.settings);
  return next('generate-key', () => generateKey(rotation, seen, user));
}

/** generate-key: a new key pair, in memory only. */
async function generateKey(rotation: KeyRotation, seen: Seen, user: UserSummary): Promise<Next> {
  const keyPair = await rotation.run.deps.keyPairs.generate();
  rotation.record.newId = keyPair.fingerprint;
  return next('stage-secret', () => stageKey(rotation, seen, user, keyPair));
}

/** stage-secret: the private key becomes a PENDING version before OCI ever sees the public half. */
async function stageKey(rotation: KeyRotation, seen: Seen, user: UserSummary, generated: GeneratedKeyPair): Promise<Next> {
  const { run, record, secretId } = rotation;
  const { marker } = run;
  const result = await stageVersion(run, record, { secretId, role: 'private-key', content: generated.privateKeyPem, stage: 'PENDING' });
  let keyPair = generated;
  if (result.joined) {
    // Another delivery of the same event staged its key first: that key is the one to carry on with.
    const held = await run.deps.secrets.readVersionByName(secretId, marker.versionName);
    if (!held) throw stepError(run, 'stage-secret', secretId, `version ${marker.versionName} is listed but cannot be read yet`);
    keyPair = run.deps.keyPairs.fromPrivateKey(held.value);
    record.newId = keyPair.fingerprint;
  } else {
    record.verify(`private key stored as Vault version ${result.version.versionNumber}`);
  }
  return afterStaging(rotation, seen, user, { marker, version: result.version, keyPair });
}

/** The `stage` phase is reached: a Vault step that asked for no more stops here. */
function afterStaging(rotation: KeyRotation, seen: Seen, user: UserSummary, staged: StagedKey): Next {
  const { run, record, secretId } = rotation;
  if (stopsAfter(run, 'stage'))
    return finish(
      phaseReached(
        record,
        'stage',
        `new key ${staged.keyPair.fingerprint} is staged as PENDING version ${staged.version.versionNumber} of ${secretId}`,
      ),
    );
  return next('upload-key', () => uploadKey(rotation, seen, user, staged));
}

/** upload-key: the public half goes to the user, with this rotation's retry tokens in turn. */
async function uploadKey(rotation: KeyRotation, seen: Seen, user: UserSummary, staged: StagedKey): Promise<Next> {
  const { run } = rotation;
  const { keyPair: pair, marker } = staged;
  let uploaded = findKey(seen.keys, pair.fingerprint);
  for (let generation = 1; !uploaded && generation <= MAX_UPLOAD_TOKENS; generation++) {
    const result = await run.deps.identity.uploadApiKey(
      run.request.userId,
      pair.publicKeyPem,
      marker.retryToken(generation === 1 ? 'upload-api-key' : `upload-api-key-${generation}`),
    );
    if (result.kind === 'uploaded') uploaded = result.key;
    // Already there: an earlier attempt's (or another delivery's) upload landed.
    if (result.kind === 'already-present') uploaded = { fingerprint: pair.fingerprint, lifecycleState: 'UNKNOWN', timeCreated: '' };
  }
  if (!uploaded)
    throw stepError(run, 'upload-key', run.request.userId, 'every upload retry token of this rotation belongs to a key deleted since');
  const key = uploaded;
  return next('wait-active', () => waitActive(rotation, seen, user, staged, key));
}

/** wait-active: the new key is listed ACTIVE; the `apply` phase is then reached. */
async function waitActive(rotation: KeyRotation, seen: Seen, user: UserSummary, staged: StagedKey, uploaded: ApiKeySummary): Promise<Next> {
  const { run, record } = rotation;
  const { clock, settings, identity } = run.deps;
  const pair = staged.keyPair;
  let keys = seen.keys;
  if (uploaded.lifecycleState !== 'ACTIVE') {
    const active = await waitUntil(
      async () => {
        keys = await identity.listApiKeys(run.request.userId);
        return findKey(keys, pair.fingerprint)?.lifecycleState === 'ACTIVE' ? true : undefined;
      },
      { clock, untilMs: run.workUntilMs, timeoutMs: settings.activationTimeoutMs },
    );
    if (!active) throw stepError(run, 'wait-active', pair.fingerprint, `not ACTIVE within ${settings.activationTimeoutMs} ms`);
  }
  record.verify(`new key ${pair.fingerprint} is ACTIVE`);
  if (stopsAfter(run, 'apply'))
    return finish(phaseReached(record, 'apply', `new key ${pair.fingerprint} is uploaded to user ${run.request.userId} and ACTIVE`));
  const listed: Seen = { ...seen, keys };
  return next('prove-key', () => proveKey(rotation, listed, user, staged));
}

/** prove-key: a read-only request signed with the new key is accepted. */
async function proveKey(rotation: KeyRotation, seen: Seen, user: UserSummary, staged: StagedKey): Promise<Next> {
  const { run, record } = rotation;
  const { clock, settings } = run.deps;
  const pair = staged.keyPair;
  const proven = await waitUntil(
    async () =>
      (await run.deps.apiKeyProbe.proveApiKey({
        tenancyId: user.tenancyId,
        userId: run.request.userId,
        fingerprint: pair.fingerprint,
        privateKeyPem: pair.privateKeyPem,
      })) === 'proven'
        ? true
        : undefined,
    { clock, untilMs: run.workUntilMs, timeoutMs: settings.activationTimeoutMs },
  );
  if (!proven)
    throw stepError(
      run,
      'prove-key',
      pair.fingerprint,
      `a request signed with it was not accepted within ${settings.activationTimeoutMs} ms`,
    );
  record.verify(`new key ${pair.fingerprint} signed a read-only request (ListApiKeys on its own user)`);
  return next('promote-secret', () => promote(rotation, seen, staged));
}

/** promote-secret: the new key's version becomes CURRENT. */
async function promote(rotation: KeyRotation, seen: Seen, staged: StagedKey): Promise<Next> {
  await promoteVersion(rotation.run, rotation.record, rotation.secretId, staged.version);
  return next('retire-old', () => retireOld(rotation, seen, staged));
}

/**
 * retire-old: only the exact fingerprint the problem named. The delivery that deletes it reports
 * the rotation; one that finds it gone (listed gone since, or a delete answered "not found")
 * joined a delivery that finished first, which sends the one email.
 */
async function retireOld({ run, record }: KeyRotation, seen: Seen, staged: StagedKey): Promise<Next> {
  const oldFingerprint = run.request.credentialId;
  const newFingerprint = staged.keyPair.fingerprint;
  if (oldFingerprint !== newFingerprint) {
    const removed = findKey(seen.keys, oldFingerprint)
      ? await run.deps.identity.deleteApiKey(run.request.userId, oldFingerprint)
      : 'already-absent';
    if (removed === 'already-absent') {
      return finish(
        record.report('already-rotated', {
          reason:
            `Another delivery of this event completed the rotation at the same time: key ${newFingerprint} replaced ${oldFingerprint} ` +
            `and is CURRENT in Vault.`,
        }),
      );
    }
    record.verify(`old key ${oldFingerprint} deleted`);
  }
  return finish(record.report('rotated'));
}

/**
 * resume: this rotation's version was replaced by a newer one: its key is history. Never
 * uploaded again, never promoted; the request is answered from what replaced it.
 */
async function answerRetired({ run, record, secretId }: KeyRotation, seen: Seen, retired: SecretVersionInfo): Promise<Next> {
  const oldFingerprint = run.request.credentialId;
  if (!findKey(seen.keys, oldFingerprint)) {
    const by = await findReplacingRotation(secretId, seen.versions, run.marker.problemPrefix, async (version) => {
      const held = await run.deps.secrets.readVersionByNumber(secretId, version.versionNumber);
      const fingerprint = held ? run.deps.keyPairs.fromPrivateKey(held.value).fingerprint : null;
      return fingerprint !== null && findKey(seen.keys, fingerprint) ? fingerprint : null;
    });
    if (by) return finish(replacedReport(record, 'API key', oldFingerprint, secretId, by));
  }
  throw new RotationRefusedError(
    `Version ${retired.versionNumber} (${retired.name ?? run.marker.versionName}) of ${secretId} was this rotation's, and a newer version ` +
      `has replaced it since: it is history, and its key is never uploaded or promoted again. ` +
      'To rotate again, reopen the problem in Cloud Guard and resolve it again (a new resolve starts a fresh rotation). Nothing was changed.',
  );
}

function findKey(keys: readonly ApiKeySummary[], fingerprint: string): ApiKeySummary | undefined {
  return keys.find((key) => key.fingerprint === fingerprint && isLive(key.lifecycleState));
}

function alreadyDone(record: RotationRecord, versionNumber: number): string {
  return (
    `This problem's rotation already completed: key ${record.newId ?? '?'} replaced ${record.oldId ?? '?'} and is CURRENT as version ` +
    `${versionNumber}. Nothing was changed.`
  );
}

/** What still works after a failure, from the step the record names and what it holds. */
function explain({ record, secretId }: KeyRotation): { stillWorking: string; nextAction: string } {
  const oldKey = `the old key ${record.oldId ?? '?'}`;
  const version = record.secret(secretId);
  const staged = version ? `staged as PENDING version ${version.versionNumber} of ${secretId}` : 'not confirmed stored';
  switch (record.step) {
    case 'verify-problem':
    case 'preflight':
    case 'resume':
    case 'generate-key':
    case 'stage-secret':
      return {
        stillWorking: `Nothing was rotated: ${oldKey} still works and the secret's CURRENT version is unchanged; no new key was uploaded.`,
        nextAction: 'Fix the cause above, then replay the event; it resumes safely.',
      };
    case 'upload-key':
      return {
        stillWorking: `${capital(oldKey)} still works and is CURRENT in Vault; the new private key is ${staged}, and its upload was not confirmed.`,
        nextAction: 'Replay the event: it reuses the staged key and continues with the upload.',
      };
    case 'wait-active':
    case 'prove-key':
      return {
        stillWorking:
          `${capital(oldKey)} still works and is CURRENT in Vault. The new key ${record.newId ?? '?'} is uploaded and ${staged}, ` +
          `but it is not proven to work yet.`,
        nextAction: `Replay the event to resume; if the new key never works, delete API key ${record.newId ?? '?'} of user ${record.userId}.`,
      };
    case 'promote-secret':
      return {
        stillWorking: `Both keys work: ${oldKey} is still CURRENT in Vault, the new key ${record.newId ?? '?'} is proven and ${staged}.`,
        nextAction:
          `Replay the event, or promote the version by hand: oci vault secret update --secret-id ${secretId} ` +
          `--current-version-number ${version?.versionNumber ?? '<n>'}.`,
      };
    default:
      return {
        stillWorking:
          `The new key ${record.newId ?? '?'} works and is CURRENT in Vault (version ${version?.versionNumber ?? '?'}); ` +
          `${oldKey} is still registered too.`,
        nextAction: `Delete ${oldKey} of user ${record.userId} (oci iam user api-key delete), or replay the event.`,
      };
  }
}
