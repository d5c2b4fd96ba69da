import type { ApiKeySummary } from '../ports/identity-port.js';
import type { GeneratedKeyPair } from '../ports/key-pair-port.js';
import { isFailure } from './oci-failure.js';
import { isLive, requireUsableUser, requireVersionRoom, requireWritableSecret } from './preflight-checks.js';
import type { RotationRun } from './rotation-context.js';
import { RotationJournal, type RotationReport } from './rotation-journal.js';
import { RotationRefusedError } from './rotation-refused-error.js';
import { findVersion, isCurrent, promoteVersion, recordVersion, stageVersion } from './secret-versions.js';
import { runRotation } from './run-rotation.js';
import { waitUntil } from './wait-until.js';
import { RotationStepError } from '../errors/rotation-step-error.js';
import { capital } from './capital.js';

/**
 * API key rotation, new first and old last (peers.md "(b) 1."): the key pair is made in
 * memory, its private half staged in Vault as a PENDING version before OCI ever sees the
 * public half, so no key exists that Vault does not hold. Then the public key is uploaded,
 * awaited until ACTIVE, proven by signing a real request, promoted, and only then is the old
 * key deleted. Every step first looks at what is already there, so a re-delivered event
 * resumes where an earlier run stopped.
 */
export async function rotateApiKey(run: RotationRun, privateKeySecretId: string): Promise<RotationReport> {
  const { request } = run;
  const journal = new RotationJournal('API_KEY', request.userId, request.credentialId);
  return runRotation(run, journal, () => execute(run, journal, privateKeySecretId), (step) => explain(step, journal, privateKeySecretId));
}

async function execute(run: RotationRun, journal: RotationJournal, secretId: string): Promise<RotationReport> {
  const { identity, secrets, keyPairs, apiKeyProbe, settings, clock } = run.deps;
  const { request, marker } = run;
  const oldFingerprint = request.credentialId;

  journal.at('preflight');
  const user = await identity.getUser(request.userId);
  journal.userName = user.name;
  requireUsableUser(user, 'canUseApiKeys', 'API keys');
  requireWritableSecret(await secrets.getSecret(secretId), request, settings);
  const versions = await secrets.listVersions(secretId);
  let keys = await identity.listApiKeys(request.userId);
  let staged = findVersion(versions, marker.versionName);

  let keyPair: GeneratedKeyPair;
  if (staged) {
    journal.at('resume');
    const stored = await secrets.readVersionByName(secretId, marker.versionName);
    keyPair = keyPairs.fromPrivateKey(stored.value);
    journal.newId = keyPair.fingerprint;
    recordVersion(journal, secretId, 'private-key', staged, marker.versionName);
    const newKey = findKey(keys, keyPair.fingerprint);
    if (isCurrent(staged) && !findKey(keys, oldFingerprint)) {
      if (newKey) return journal.report('already-rotated', { reason: alreadyDone(journal, staged.versionNumber) });
      throw new RotationRefusedError(
        `Vault version ${staged.versionNumber} of ${secretId} holds key ${keyPair.fingerprint}, which is no longer registered on user ${request.userId}; this problem's rotation finished earlier and the key was removed by hand since. Nothing was changed.`,
      );
    }
  } else {
    const oldKey = findKey(keys, oldFingerprint);
    if (!oldKey) {
      throw new RotationRefusedError(`API key ${oldFingerprint} is not registered on user ${request.userId}; there is nothing to rotate. Nothing was changed.`);
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
    staged = await stageVersion(run, journal, { secretId, role: 'private-key', content: keyPair.privateKeyPem, stage: 'PENDING' });
    // Read back what Vault holds under the name: it proves the write, and when a concurrent
    // delivery of the same event staged its own key first, that key is the one to carry on with.
    const held = keyPairs.fromPrivateKey((await secrets.readVersionByName(secretId, marker.versionName)).value);
    if (held.fingerprint === keyPair.fingerprint) journal.verify(`private key read back from Vault version ${staged.versionNumber}`);
    keyPair = held;
    journal.newId = held.fingerprint;
  }

  journal.at('upload-key');
  if (!findKey(keys, keyPair.fingerprint)) {
    try {
      await identity.uploadApiKey(request.userId, keyPair.publicKeyPem, marker.retryToken('upload-api-key'));
    } catch (error) {
      // A duplicate fingerprint means an earlier attempt's upload landed; anything else is real.
      if (!isFailure(error, 409)) throw error;
    }
  }

  journal.at('wait-active');
  const active = await waitUntil(
    async () => {
      keys = await identity.listApiKeys(request.userId);
      return findKey(keys, keyPair.fingerprint)?.lifecycleState === 'ACTIVE' ? true : undefined;
    },
    { clock, signal: run.signal, timeoutMs: settings.activationTimeoutMs },
  );
  if (!active) {
    throw new RotationStepError({ step: 'wait-active', credentialType: 'API_KEY', resourceId: keyPair.fingerprint, retryable: true, detail: `not ACTIVE within ${settings.activationTimeoutMs} ms` });
  }
  journal.verify(`new key ${keyPair.fingerprint} is ACTIVE`);

  journal.at('prove-key');
  let lastProbeError: unknown;
  const proven = await waitUntil(
    async () => {
      try {
        await apiKeyProbe.proveApiKey({ tenancyId: user.tenancyId, userId: request.userId, fingerprint: keyPair.fingerprint, privateKeyPem: keyPair.privateKeyPem });
        return true;
      } catch (error) {
        // IAM propagates a new key to other regions over minutes (oci-facts §3.9): 401 is worth waiting out.
        if (!isFailure(error, 401)) throw error;
        lastProbeError = error;
        return undefined;
      }
    },
    { clock, signal: run.signal, timeoutMs: settings.activationTimeoutMs },
  );
  if (!proven) throw lastProbeError ?? new Error(`API key ${keyPair.fingerprint} could not sign a request`);
  journal.verify(`new key ${keyPair.fingerprint} signed a read-only request (GetUser)`);

  journal.at('promote-secret');
  await promoteVersion(run, journal, secretId, staged);

  journal.at('retire-old');
  keys = await identity.listApiKeys(request.userId);
  // Re-checked just before the delete, and only the exact fingerprint the problem named.
  if (findKey(keys, oldFingerprint) && oldFingerprint !== keyPair.fingerprint) {
    await identity.deleteApiKey(request.userId, oldFingerprint);
    journal.verify(`old key ${oldFingerprint} deleted`);
  }
  return journal.report('rotated');
}

function findKey(keys: readonly ApiKeySummary[], fingerprint: string): ApiKeySummary | undefined {
  return keys.find((key) => key.fingerprint === fingerprint && isLive(key.lifecycleState));
}

function alreadyDone(journal: RotationJournal, versionNumber: number): string {
  return `This problem's rotation already completed: key ${journal.newId ?? '?'} replaced ${journal.oldId ?? '?'} and is CURRENT as version ${versionNumber}. Nothing was changed.`;
}

function explain(step: string, journal: RotationJournal, secretId: string): { stillWorking: string; nextAction: string } {
  const oldKey = `the old key ${journal.oldId ?? '?'}`;
  const version = journal.secret(secretId);
  const staged = version ? `staged as PENDING version ${version.versionNumber} of ${secretId}` : 'not stored';
  switch (step) {
    case 'verify-problem':
    case 'preflight':
    case 'resume':
    case 'generate-key':
    case 'stage-secret':
      return {
        stillWorking: `Nothing was rotated: ${oldKey} still works and the secret's CURRENT version is unchanged.`,
        nextAction: 'Fix the cause above, then replay the event; it resumes safely.',
      };
    case 'upload-key':
      return {
        stillWorking: `${capital(oldKey)} still works and is CURRENT in Vault; the new private key is ${staged} but no key was uploaded.`,
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
