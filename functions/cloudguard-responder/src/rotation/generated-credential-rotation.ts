import { randomUUID } from 'node:crypto';
import type { CredentialType } from '../domain/credential-type.js';
import type { SecretRole } from '../outcome.js';
import type { DeleteResult, UserSummary } from '../ports/identity-port.js';
import type { SecretVersionInfo } from '../ports/secret-store-port.js';
import type { SecretValue } from '../secret-value.js';
import { describeFailure } from './oci-failure.js';
import { isLive, requireUsableUser, requireVersionRoom, requireWritableSecret } from './preflight-checks.js';
import type { RotationRun } from './rotation-context.js';
import { RotationJournal, type RotationReport } from './rotation-journal.js';
import { RotationRefusedError } from './rotation-refused-error.js';
import type { RotationSettings } from './rotation-settings.js';
import type { RotationStep } from './rotation-step.js';
import { runRotation } from './run-rotation.js';
import { findVersion, isCurrent, promoteVersion, recordVersion, stageVersion } from './secret-versions.js';
import { waitUntil } from './wait-until.js';
import { RotationStepError } from '../errors/rotation-step-error.js';
import { capital } from './capital.js';

/** A credential OCI generates and shows once: an auth token or a customer secret key. */
export interface GeneratedCredential {
  id: string;
  label: string;
  lifecycleState: string;
  timeCreated: string;
}

/** Where one part of a new credential goes. The first store holds the once-only value. */
export interface CredentialStore {
  secretId: string;
  role: SecretRole;
  /** `value` is null when resuming: only parts derived from the credential can be written then. */
  content(created: { credential: GeneratedCredential; value: SecretValue | null }): SecretValue;
}

/** What differs between auth tokens and customer secret keys; the protocol is shared. */
export interface GeneratedCredentialKind {
  type: CredentialType;
  /** For messages: "auth token", "customer secret key". */
  noun: string;
  capability: keyof UserSummary['capabilities'];
  limit(settings: RotationSettings): number;
  list(userId: string): Promise<GeneratedCredential[]>;
  create(userId: string, label: string, retryToken: string): Promise<{ credential: GeneratedCredential; value: SecretValue | null }>;
  remove(userId: string, id: string): Promise<DeleteResult>;
  /** Value-holding secret first: once it is written the value is safe and the rest can follow. */
  stores: readonly [CredentialStore, ...CredentialStore[]];
}

/** Longest label we write; OCI allows 400 characters for an auth token description. */
const MAX_LABEL_LENGTH = 255;

/**
 * Rotation of a credential whose value OCI generates and returns only once (oci-facts §3.3),
 * so "store first" is impossible: create it next to the old one, store it as a PENDING
 * version at once, and if it cannot be stored, delete it again (it would be a credential
 * nobody holds). Then check it is ACTIVE, promote, and delete the old one last.
 *
 * The new credential's description carries the rotation marker, so a later delivery of the
 * same event can find a credential that an interrupted run created.
 */
export async function rotateGeneratedCredential(run: RotationRun, kind: GeneratedCredentialKind): Promise<RotationReport> {
  const journal = new RotationJournal(kind.type, run.request.userId, run.request.credentialId);
  const compensation: { attempted: boolean; error: unknown } = { attempted: false, error: undefined };
  return runRotation(
    run,
    journal,
    () => execute(run, kind, journal, compensation),
    (step) => explain(step, kind, journal, compensation),
  );
}

async function execute(
  run: RotationRun,
  kind: GeneratedCredentialKind,
  journal: RotationJournal,
  compensation: { attempted: boolean; error: unknown },
): Promise<RotationReport> {
  const { identity, secrets, settings, clock, logger } = run.deps;
  const { request, marker } = run;
  const oldId = request.credentialId;
  const [valueStore, ...otherStores] = kind.stores;

  journal.at('preflight');
  const user = await identity.getUser(request.userId);
  journal.userName = user.name;
  requireUsableUser(user, kind.capability, `${kind.noun}s`);
  const versionsBySecret = new Map<string, SecretVersionInfo[]>();
  for (const store of kind.stores) {
    requireWritableSecret(await secrets.getSecret(store.secretId), request, settings);
    versionsBySecret.set(store.secretId, await secrets.listVersions(store.secretId));
  }
  const versionIn = (store: CredentialStore): SecretVersionInfo | undefined =>
    findVersion(versionsBySecret.get(store.secretId) ?? [], marker.versionName);
  let credentials = await kind.list(request.userId);
  let mine = credentials.find((credential) => credential.label.includes(marker.credentialTag) && isLive(credential.lifecycleState));
  const oldPresent = (): boolean => credentials.some((credential) => credential.id === oldId && isLive(credential.lifecycleState));

  let created: { credential: GeneratedCredential; value: SecretValue } | null = null;
  if (versionIn(valueStore)) {
    journal.at('resume');
    if (!mine) {
      throw new RotationRefusedError(
        `Vault already holds this problem's new ${kind.noun} (version ${marker.versionName} of ${valueStore.secretId}), but no ${kind.noun} tagged ${marker.credentialTag} is on user ${request.userId} any more; it was removed by hand. Nothing was changed.`,
      );
    }
    journal.newId = mine.id;
    for (const store of kind.stores) {
      const version = versionIn(store);
      if (version) recordVersion(journal, store.secretId, store.role, version, marker.versionName);
    }
    if (kind.stores.every((store) => versionIn(store) && isCurrent(versionIn(store) as SecretVersionInfo)) && !oldPresent()) {
      return journal.report('already-rotated', {
        reason: `This problem's rotation already completed: ${kind.noun} ${mine.id} replaced ${oldId} and is CURRENT in Vault. Nothing was changed.`,
      });
    }
  } else {
    journal.at('create-credential');
    if (mine) {
      created = await recoverUnstored(run, kind, mine, journal, compensation);
    } else {
      const old = credentials.find((credential) => credential.id === oldId && isLive(credential.lifecycleState));
      if (!old) throw new RotationRefusedError(`${capital(kind.noun)} ${oldId} is not on user ${request.userId}; there is nothing to rotate. Nothing was changed.`);
      const live = credentials.filter((credential) => isLive(credential.lifecycleState));
      if (live.length >= kind.limit(settings)) {
        const others = live.filter((credential) => credential.id !== oldId).map((credential) => `${credential.id} ("${credential.label}")`);
        throw new RotationRefusedError(
          `User ${request.userId} already has ${live.length} ${kind.noun}s, OCI's limit of ${kind.limit(settings)}: besides ${oldId} the slot is held by ${others.join(', ')}. Remove that one, then replay. Nothing was changed.`,
        );
      }
      for (const store of kind.stores) requireVersionRoom(store.secretId, versionsBySecret.get(store.secretId) ?? [], settings);
      created = await createWithValue(kind, request.userId, labelFor(old.label, marker.credentialTag), marker.retryToken('create'));
    }
    mine = created.credential;
    journal.newId = created.credential.id;

    journal.at('stage-secret');
    try {
      const version = await stageVersion(run, journal, { secretId: valueStore.secretId, role: valueStore.role, content: valueStore.content(created), stage: 'PENDING' });
      versionsBySecret.set(valueStore.secretId, [version]);
    } catch (error) {
      // The value exists nowhere else: a credential nobody holds must not stay behind.
      journal.at('compensate');
      compensation.attempted = true;
      try {
        await kind.remove(request.userId, created.credential.id);
      } catch (removeError) {
        compensation.error = removeError;
        logger.error('compensating delete failed', { credentialId: created.credential.id, error: removeError });
      }
      journal.at('stage-secret');
      throw error;
    }
  }

  journal.at('stage-secret');
  for (const store of otherStores) {
    if (versionIn(store)) continue;
    const credential = mine;
    // Parts other than the once-only value derive from the credential itself (the access key id).
    const content = store.content({ credential, value: created?.value ?? null });
    const version = await stageVersion(run, journal, { secretId: store.secretId, role: store.role, content, stage: 'PENDING' });
    versionsBySecret.set(store.secretId, [version]);
  }

  journal.at('wait-active');
  const newId = mine.id;
  const active = await waitUntil(
    async () => {
      credentials = await kind.list(request.userId);
      return credentials.find((credential) => credential.id === newId)?.lifecycleState === 'ACTIVE' ? true : undefined;
    },
    { clock, signal: run.signal, timeoutMs: settings.activationTimeoutMs },
  );
  if (!active) {
    throw new RotationStepError({ step: 'wait-active', credentialType: kind.type, resourceId: newId, retryable: true, detail: `not ACTIVE within ${settings.activationTimeoutMs} ms` });
  }
  journal.verify(`new ${kind.noun} ${newId} is listed ACTIVE`);

  journal.at('promote-secret');
  for (const store of kind.stores) {
    const version = versionIn(store);
    if (!version) throw new RotationStepError({ step: 'promote-secret', credentialType: kind.type, resourceId: store.secretId, retryable: true, detail: 'no staged version to promote' });
    await promoteVersion(run, journal, store.secretId, version);
  }

  journal.at('retire-old');
  credentials = await kind.list(request.userId);
  // Re-checked just before the delete, and only the exact credential the problem named.
  if (oldPresent() && oldId !== newId) {
    await kind.remove(request.userId, oldId);
    journal.verify(`old ${kind.noun} ${oldId} deleted`);
  }
  return journal.report('rotated');
}

/**
 * A credential tagged for this rotation exists but its value was never stored: an earlier run
 * died between create and store, or another delivery of the same event is between them now.
 * The same retry token returns the same credential, value included where OCI replays it
 * (open question 10); otherwise a young one is left to its owner, an old one removed.
 */
async function recoverUnstored(
  run: RotationRun,
  kind: GeneratedCredentialKind,
  unstored: GeneratedCredential,
  journal: RotationJournal,
  compensation: { attempted: boolean; error: unknown },
): Promise<{ credential: GeneratedCredential; value: SecretValue }> {
  const { request, marker, deps } = run;
  const ageMs = deps.clock.now().getTime() - Date.parse(unstored.timeCreated);
  if (ageMs < deps.settings.inFlightWindowMs) {
    const replay = await kind.create(request.userId, unstored.label, marker.retryToken('create'));
    if (replay.credential.id === unstored.id && replay.value) return { credential: replay.credential, value: replay.value };
    throw new RotationStepError({
      step: 'create-credential',
      credentialType: kind.type,
      resourceId: unstored.id,
      retryable: true,
      detail: `created for this problem ${Math.round(ageMs / 1000)} s ago by another delivery that has not stored it yet; replay after ${Math.ceil(deps.settings.inFlightWindowMs / 1000)} s`,
    });
  }
  journal.at('compensate');
  compensation.attempted = true;
  await kind.remove(request.userId, unstored.id);
  journal.verify(`abandoned ${kind.noun} ${unstored.id} (created but never stored) deleted`);
  journal.at('create-credential');
  return createWithValue(kind, request.userId, unstored.label, marker.retryToken(`create-after-${unstored.id.slice(-12)}`));
}

/**
 * Creates with the rotation's retry token, so concurrent deliveries get one credential. A retry
 * token outlives the credential it made (24 h, oci-facts §0.5): when an earlier run created and
 * then deleted one (it could not be stored), the same token answers with that dead credential.
 * So the answer is checked against the live list, and a dead one means: create anew.
 */
async function createWithValue(
  kind: GeneratedCredentialKind,
  userId: string,
  label: string,
  retryToken: string,
): Promise<{ credential: GeneratedCredential; value: SecretValue }> {
  let created = await kind.create(userId, label, retryToken);
  const alive = (await kind.list(userId)).some((credential) => credential.id === created.credential.id && isLive(credential.lifecycleState));
  if (!alive) created = await kind.create(userId, label, `${retryToken}-${randomUUID()}`);
  if (!created.value) {
    throw new RotationStepError({ step: 'create-credential', credentialType: kind.type, resourceId: created.credential.id, retryable: true, detail: 'OCI returned no once-only value' });
  }
  return { credential: created.credential, value: created.value };
}

function labelFor(oldLabel: string, tag: string): string {
  const room = MAX_LABEL_LENGTH - tag.length - 1;
  const base = oldLabel.replace(/\s*\[cgr-[0-9a-f]+\]/g, '').trim().slice(0, room);
  return base ? `${base} ${tag}` : tag;
}

function explain(
  step: RotationStep,
  kind: GeneratedCredentialKind,
  journal: RotationJournal,
  compensation: { attempted: boolean; error: unknown },
): { stillWorking: string; nextAction: string } {
  const old = `the old ${kind.noun} ${journal.oldId ?? '?'}`;
  const fresh = `the new ${kind.noun} ${journal.newId ?? '?'}`;
  const secretsText = kind.stores.map((store) => store.secretId).join(' and ');
  if (step === 'stage-secret' && compensation.attempted) {
    return compensation.error === undefined
      ? {
          stillWorking: `${capital(old)} still works and is CURRENT in Vault. ${capital(fresh)} could not be stored, so it was deleted again.`,
          nextAction: 'Fix the Vault write (permissions, secret state), then replay the event.',
        }
      : {
          stillWorking: `${capital(old)} still works and is CURRENT in Vault. ${capital(fresh)} could not be stored and its deletion failed too (${describeFailure(compensation.error)}): it is recorded nowhere.`,
          nextAction: `Delete ${kind.noun} ${journal.newId ?? '?'} of user ${journal.userId} by hand, then replay the event.`,
        };
  }
  switch (step) {
    case 'verify-problem':
    case 'preflight':
    case 'resume':
      return {
        stillWorking: `Nothing was rotated: ${old} still works and the CURRENT versions of ${secretsText} are unchanged.`,
        nextAction: 'Fix the cause above, then replay the event; it resumes safely.',
      };
    case 'create-credential':
    case 'compensate':
      return {
        stillWorking: `${capital(old)} still works and is CURRENT in Vault.`,
        nextAction: 'Replay the event; a credential tagged for this problem is reused or removed, never duplicated.',
      };
    case 'stage-secret':
    case 'wait-active':
      return {
        stillWorking: `${capital(old)} still works and is CURRENT in Vault; ${fresh} is stored as a PENDING version but not yet confirmed ACTIVE.`,
        nextAction: 'Replay the event to resume from the stored PENDING version.',
      };
    case 'promote-secret':
      return {
        stillWorking: `Both work: ${old} is still CURRENT in Vault, ${fresh} is ACTIVE and stored as PENDING.`,
        nextAction: `Replay the event, or promote the PENDING versions of ${secretsText} by hand (oci vault secret update --current-version-number).`,
      };
    default:
      return {
        stillWorking: `${capital(fresh)} works and is CURRENT in Vault; ${old} still exists too.`,
        nextAction: `Delete ${old} of user ${journal.userId}, or replay the event.`,
      };
  }
}
