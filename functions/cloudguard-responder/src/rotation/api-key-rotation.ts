import { NothingToRotateError } from '../errors/nothing-to-rotate-error.js';
import { UnmanageableUserError } from '../errors/unmanageable-user-error.js';
import type { ApiKeySummary } from '../ports/identity-port.js';
import type { GeneratedKeyPair } from '../ports/key-pair-port.js';
import type { SecretVersionInfo } from '../ports/secret-store-port.js';
import { capital } from './capital.js';
import { isLive, requireUsableUser, requireVersionRoom, requireWritableSecret } from './preflight-checks.js';
import type { RotationRun } from './rotation-context.js';
import { RotationJournal } from './rotation-journal.js';
import { markerNamed, type RotationMarker } from './rotation-marker.js';
import { RotationRefusedError } from '../errors/rotation-refused-error.js';
import type { RotationReport, RotationStep } from './rotation-types.js';
import { phaseReached, stopsAfter } from './rotation-phase.js';
import { findReplacingRotation, replacedReport } from './replaced-by-rotation.js';
import { runRotation, unmanageableUser } from './run-rotation.js';
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
 */
export async function rotateApiKey(run: RotationRun, privateKeySecretId: string): Promise<RotationReport> {
  const { request } = run;
  const journal = new RotationJournal('API_KEY', request.userId, request.credentialId);
  return runRotation(
    run,
    journal,
    () => execute(run, journal, privateKeySecretId),
    async (step) => explain(step, journal, privateKeySecretId),
  );
}

async function execute(run: RotationRun, journal: RotationJournal, secretId: string): Promise<RotationReport> {
  const { identity, secrets, keyPairs, apiKeyProbe, settings, clock } = run.deps;
  const { request } = run;
  const oldFingerprint = request.credentialId;

  journal.at('preflight');
  const versions = await whenSettled(run, secretId, () => secrets.listVersions(secretId));
  let keys = await listKeysOrRefuse(run);

  // This resolve's staged key, else one an earlier resolve of the same problem left: uploaded, or
  // still PENDING (its upload never happened). Vault holds it either way; it is carried on with.
  let marker: RotationMarker = run.marker;
  let staged = findVersion(versions, marker.versionName);
  let keyPair: GeneratedKeyPair | null = null;
  if (staged && isRetired(staged)) return retired(run, journal, secretId, versions, keys, staged);
  if (!staged) {
    const earlier = versions
      .filter((version) => version.name?.startsWith(run.marker.problemPrefix) && version.timeOfDeletion === null && !isRetired(version))
      .sort((a, b) => b.versionNumber - a.versionNumber);
    for (const version of earlier) {
      const held = await secrets.readVersionByName(secretId, version.name as string);
      if (!held) continue;
      const pair = keyPairs.fromPrivateKey(held.value);
      // The key being replaced is never its own replacement (a scheduled secret's CURRENT version carries its prefix).
      if (pair.fingerprint !== oldFingerprint && (findKey(keys, pair.fingerprint) || version.stages.includes('PENDING'))) {
        marker = markerNamed(version.name as string);
        staged = version;
        keyPair = pair;
        break;
      }
    }
  }

  if (staged) {
    journal.at('resume');
    if (!keyPair) {
      const held = await secrets.readVersionByName(secretId, marker.versionName);
      if (!held) throw stepError(run, 'resume', secretId, `version ${marker.versionName} is listed but cannot be read yet`);
      keyPair = keyPairs.fromPrivateKey(held.value);
    }
    journal.newId = keyPair.fingerprint;
    recordVersion(journal, secretId, 'private-key', staged, marker.versionName);
    if (isCurrent(staged) && !findKey(keys, oldFingerprint)) {
      if (findKey(keys, keyPair.fingerprint))
        return journal.report('already-rotated', { reason: alreadyDone(journal, staged.versionNumber) });
      throw new RotationRefusedError(
        `Vault version ${staged.versionNumber} of ${secretId} holds key ${keyPair.fingerprint}, which is no longer registered on user ${request.userId}: it was removed by hand after this problem's rotation finished. ` +
          'To rotate again, reopen the problem in Cloud Guard and resolve it again (a new resolve starts a fresh rotation). Nothing was changed.',
      );
    }
  }

  journal.at('preflight');
  const user = await identity.getUser(request.userId);
  if (!user) throw new UnmanageableUserError({ operation: 'GetUser', userId: request.userId, opcRequestId: null });
  journal.userName = user.name;
  requireUsableUser(user, 'canUseApiKeys', 'API keys');
  requireWritableSecret(
    await whenSettled(run, secretId, () => secrets.getSecret(secretId)),
    request,
    settings,
    run.commentConfirmed,
    run.trigger,
  );

  if (!staged || !keyPair) {
    if (run.resumeOnly)
      throw new RotationRefusedError(
        `No key of rotation ${marker.versionName} is staged in ${secretId}: this step is out of order (the PENDING version is made first). Nothing was changed.`,
      );
    if (!findKey(keys, oldFingerprint)) {
      const by = await findReplacingRotation(secretId, versions, run.marker.problemPrefix, async (version) => {
        const held = await secrets.readVersionByNumber(secretId, version.versionNumber);
        const fingerprint = held ? keyPairs.fromPrivateKey(held.value).fingerprint : null;
        return fingerprint !== null && findKey(keys, fingerprint) ? fingerprint : null;
      });
      if (by) return replacedReport(journal, 'API key', oldFingerprint, secretId, by);
      throw new NothingToRotateError({
        credentialId: oldFingerprint,
        message: `API key ${oldFingerprint} no longer exists on user ${request.userId} (removed before this resolve, not by a rotation of this tool): there is nothing to rotate. Nothing was changed.`,
      });
    }
    const live = keys.filter((key) => isLive(key.lifecycleState));
    if (live.length >= settings.limits.apiKeysPerUser) {
      const others = live.filter((key) => key.fingerprint !== oldFingerprint).map((key) => key.fingerprint);
      throw new RotationRefusedError(
        `User ${request.userId} already has ${live.length} API keys, OCI's limit of ${settings.limits.apiKeysPerUser}: besides ${oldFingerprint} the slots are held by ${others.join(', ')}. Remove one of those, then replay. Nothing was changed.`,
      );
    }
    requireVersionRoom(secretId, versions, settings);

    journal.at('generate-key');
    keyPair = await keyPairs.generate();
    journal.newId = keyPair.fingerprint;

    journal.at('stage-secret');
    const result = await stageVersion(run, journal, { secretId, role: 'private-key', content: keyPair.privateKeyPem, stage: 'PENDING' });
    staged = result.version;
    if (result.joined) {
      // Another delivery of the same event staged its key first: that key is the one to carry on with.
      const held = await secrets.readVersionByName(secretId, marker.versionName);
      if (!held) throw stepError(run, 'stage-secret', secretId, `version ${marker.versionName} is listed but cannot be read yet`);
      keyPair = keyPairs.fromPrivateKey(held.value);
      journal.newId = keyPair.fingerprint;
    } else {
      journal.verify(`private key stored as Vault version ${staged.versionNumber}`);
    }
  }
  const pair = keyPair;
  if (stopsAfter(run, 'stage'))
    return phaseReached(
      journal,
      'stage',
      `new key ${pair.fingerprint} is staged as PENDING version ${staged.versionNumber} of ${secretId}`,
    );

  journal.at('upload-key');
  let uploaded = findKey(keys, pair.fingerprint);
  for (let generation = 1; !uploaded && generation <= MAX_UPLOAD_TOKENS; generation++) {
    const result = await identity.uploadApiKey(
      request.userId,
      pair.publicKeyPem,
      marker.retryToken(generation === 1 ? 'upload-api-key' : `upload-api-key-${generation}`),
    );
    if (result.kind === 'uploaded') uploaded = result.key;
    // Already there: an earlier attempt's (or another delivery's) upload landed.
    if (result.kind === 'already-present') uploaded = { fingerprint: pair.fingerprint, lifecycleState: 'UNKNOWN', timeCreated: '' };
  }
  if (!uploaded)
    throw stepError(run, 'upload-key', request.userId, 'every upload retry token of this rotation belongs to a key deleted since');

  journal.at('wait-active');
  if (uploaded.lifecycleState !== 'ACTIVE') {
    const active = await waitUntil(
      async () => {
        keys = await identity.listApiKeys(request.userId);
        return findKey(keys, pair.fingerprint)?.lifecycleState === 'ACTIVE' ? true : undefined;
      },
      { clock, untilMs: run.workUntilMs, timeoutMs: settings.activationTimeoutMs },
    );
    if (!active) throw stepError(run, 'wait-active', pair.fingerprint, `not ACTIVE within ${settings.activationTimeoutMs} ms`);
  }
  journal.verify(`new key ${pair.fingerprint} is ACTIVE`);
  if (stopsAfter(run, 'apply'))
    return phaseReached(journal, 'apply', `new key ${pair.fingerprint} is uploaded to user ${request.userId} and ACTIVE`);

  journal.at('prove-key');
  const proven = await waitUntil(
    async () =>
      (await apiKeyProbe.proveApiKey({
        tenancyId: user.tenancyId,
        userId: request.userId,
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
  journal.verify(`new key ${pair.fingerprint} signed a read-only request (ListApiKeys on its own user)`);

  journal.at('promote-secret');
  await promoteVersion(run, journal, secretId, staged);

  journal.at('retire-old');
  // Only the exact fingerprint the problem named. The delivery that deletes it reports the
  // rotation; one that finds it gone (listed gone since, or a delete answered "not found")
  // joined a delivery that finished first, which sends the one email.
  if (oldFingerprint !== pair.fingerprint) {
    const removed = findKey(keys, oldFingerprint) ? await identity.deleteApiKey(request.userId, oldFingerprint) : 'already-absent';
    if (removed === 'already-absent') {
      return journal.report('already-rotated', {
        reason: `Another delivery of this event completed the rotation at the same time: key ${pair.fingerprint} replaced ${oldFingerprint} and is CURRENT in Vault.`,
      });
    }
    journal.verify(`old key ${oldFingerprint} deleted`);
  }
  return journal.report('rotated');
}

async function listKeysOrRefuse(run: RotationRun): Promise<ApiKeySummary[]> {
  try {
    return await run.deps.identity.listApiKeys(run.request.userId);
  } catch (error) {
    if (error instanceof UnmanageableUserError) throw new RotationRefusedError(unmanageableUser(error));
    throw error;
  }
}

/**
 * This rotation's version was replaced by a newer one: its key is history. Never uploaded again,
 * never promoted; the request is answered from what replaced it.
 */
async function retired(
  run: RotationRun,
  journal: RotationJournal,
  secretId: string,
  versions: readonly SecretVersionInfo[],
  keys: readonly ApiKeySummary[],
  staged: SecretVersionInfo,
): Promise<RotationReport> {
  journal.at('resume');
  const oldFingerprint = run.request.credentialId;
  if (!findKey(keys, oldFingerprint)) {
    const by = await findReplacingRotation(secretId, versions, run.marker.problemPrefix, async (version) => {
      const held = await run.deps.secrets.readVersionByNumber(secretId, version.versionNumber);
      const fingerprint = held ? run.deps.keyPairs.fromPrivateKey(held.value).fingerprint : null;
      return fingerprint !== null && findKey(keys, fingerprint) ? fingerprint : null;
    });
    if (by) return replacedReport(journal, 'API key', oldFingerprint, secretId, by);
  }
  throw new RotationRefusedError(
    `Version ${staged.versionNumber} (${staged.name ?? run.marker.versionName}) of ${secretId} was this rotation's, and a newer version has replaced it since: it is history, and its key is never uploaded or promoted again. ` +
      'To rotate again, reopen the problem in Cloud Guard and resolve it again (a new resolve starts a fresh rotation). Nothing was changed.',
  );
}

function findKey(keys: readonly ApiKeySummary[], fingerprint: string): ApiKeySummary | undefined {
  return keys.find((key) => key.fingerprint === fingerprint && isLive(key.lifecycleState));
}

function alreadyDone(journal: RotationJournal, versionNumber: number): string {
  return `This problem's rotation already completed: key ${journal.newId ?? '?'} replaced ${journal.oldId ?? '?'} and is CURRENT as version ${versionNumber}. Nothing was changed.`;
}

function explain(step: RotationStep, journal: RotationJournal, secretId: string): { stillWorking: string; nextAction: string } {
  const oldKey = `the old key ${journal.oldId ?? '?'}`;
  const version = journal.secret(secretId);
  const staged = version ? `staged as PENDING version ${version.versionNumber} of ${secretId}` : 'not confirmed stored';
  switch (step) {
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
        stillWorking: `${capital(oldKey)} still works and is CURRENT in Vault. The new key ${journal.newId ?? '?'} is uploaded and ${staged}, but it is not proven to work yet.`,
        nextAction: `Replay the event to resume; if the new key never works, delete API key ${journal.newId ?? '?'} of user ${journal.userId}.`,
      };
    case 'promote-secret':
      return {
        stillWorking: `Both keys work: ${oldKey} is still CURRENT in Vault, the new key ${journal.newId ?? '?'} is proven and ${staged}.`,
        nextAction: `Replay the event, or promote the version by hand: oci vault secret update --secret-id ${secretId} --current-version-number ${version?.versionNumber ?? '<n>'}.`,
      };
    default:
      return {
        stillWorking: `The new key ${journal.newId ?? '?'} works and is CURRENT in Vault (version ${version?.versionNumber ?? '?'}); ${oldKey} is still registered too.`,
        nextAction: `Delete ${oldKey} of user ${journal.userId} (oci iam user api-key delete), or replay the event.`,
      };
  }
}
