import { NothingToRotateError } from '../errors/nothing-to-rotate-error.js';
import { RotationRefusedError } from '../errors/rotation-refused-error.js';
import { UnmanageableUserError } from '../errors/unmanageable-user-error.js';
import { VersionNotStoredError } from '../errors/version-not-stored-error.js';
import type { UserSummary } from '../ports/identity-port.js';
import type { SecretVersionInfo } from '../ports/secret-store-port.js';
import type { SecretValue } from '../secret-value.js';
import { capital } from './capital.js';
import { explainGeneratedFailure, type GeneratedFacts } from './generated-credential-explanation.js';
import { type CredentialStore, type GeneratedCredential, type GeneratedCredentialKind, labelFor } from './generated-credential-kind.js';
import { awaitOtherDelivery, inProgress } from './join-other-delivery.js';
import { finish, type Next, next } from './phase-driver.js';
import { isLive, listOrRefuse, requireUsableUser, requireVersionRoom, requireWritableSecret } from './preflight-checks.js';
import { proveByUse } from './prove-by-use.js';
import { replacedReport } from './replaced-by-rotation.js';
import { answerStoredWithoutCredential, giveWayOrRethrow, oldLive, replacingRotation, requireSlot } from './generated-credential-checks.js';
import type { ProofDependencies, RotationRun } from './rotation-context.js';
import { markerInLabel, markerNamed, type RotationMarker } from './rotation-marker.js';
import { phaseReached, stopsAfter } from './rotation-phase.js';
import { RotationRecord } from './rotation-record.js';
import type { RotationReport } from './rotation-types.js';
import { runRotation } from './run-rotation.js';
import { createWithTokens } from './create-with-tokens.js';
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

/**
 * Rotation of a credential whose value OCI generates and returns only once (oci-behaviour §3.3),
 * so "store first" is impossible: create it next to the old one, store it as a PENDING
 * version at once, then check it is ACTIVE, promote, and delete the old one last.
 *
 * Keep when in doubt: a new credential is deleted again only when Vault definitely refused to
 * store it (a refusal plus a successful read without it). When the outcome is unknown it is
 * kept and a later delivery settles it: resumed if Vault holds it, removed once it is older
 * than any delivery can run. A delivery that meets another delivery's progress (a version of
 * this rotation's name, a credential tagged for it, a promotion, the old credential already
 * gone) joins it and never undoes it.
 *
 * The phases below read top to bottom in the order they run; each answers the next, and the
 * driver (phase-driver.ts) moves the record's step:
 * preflight (readProgress, checkUser) → compensate (removeAbandoned, only when some are) →
 * create-credential (createOrJoin; joining another delivery reads everything again from
 * readProgress) → stage-secret (stageValue, stageOtherParts; the `stage` phase is reached) →
 * wait-active (the `apply` phase is reached) → prove-credential → promote-secret → retire-old.
 */
export async function rotateGeneratedCredential(run: RotationRun, kind: GeneratedCredentialKind): Promise<RotationReport> {
  const record = new RotationRecord<GeneratedFacts>(kind.type, run.request.userId, run.request.credentialId, {
    unstored: null,
    completedByOther: false,
  });
  const rotation: Rotation = { run, kind, record };
  const report = await runRotation(
    run,
    record,
    next('preflight', () => readProgress(rotation)),
    (failed, error) => explainGeneratedFailure(run, kind, failed, error),
  );
  if (report.status === 'failed' && record.facts.completedByOther) {
    // A loser of a race whose own step failed after the winner finished: "failed" (and its
    // email, and reopening the problem) would contradict what Vault and Identity hold.
    run.deps.logger.info('a step failed, but another delivery had completed the rotation', { step: report.step, reason: report.reason });
    return record.report('already-rotated', {
      reason: `Another delivery of this event completed the rotation while this one ran: ${kind.noun} ${record.newId ?? '?'} replaced ${record.oldId ?? '?'} and is CURRENT in Vault; this delivery stopped at step ${report.step ?? '?'}, which was no longer needed, and deleted nothing.`,
    });
  }
  return report;
}

interface Rotation {
  run: RotationRun;
  kind: GeneratedCredentialKind;
  record: RotationRecord<GeneratedFacts>;
}

/** What preflight read from Vault and Identity; later phases carry it on, updated as they list again. */
interface Seen {
  versionsBySecret: Map<string, SecretVersionInfo[]>;
  credentials: GeneratedCredential[];
  /**
   * This problem's credentials, from this resolve or an earlier one, by the marker in their label.
   * The credential being replaced is never its own replacement (a scheduled secret's CURRENT one carries its prefix).
   */
  ours: GeneratedCredential[];
}

/** The credential this rotation carries on with: its marker, and its value when this run created it. */
interface Carried {
  marker: RotationMarker;
  created: { credential: GeneratedCredential; value: SecretValue | null } | null;
}

const versionIn = (seen: Seen, store: CredentialStore, name: string): SecretVersionInfo | undefined =>
  findVersion(seen.versionsBySecret.get(store.secretId) ?? [], name);

/** preflight: reads first, so that a repeated delivery is answered from four reads. */
async function readProgress(rotation: Rotation): Promise<Next> {
  const { run, kind, record } = rotation;
  const oldId = run.request.credentialId;
  const versionsBySecret = new Map<string, SecretVersionInfo[]>();
  for (const store of kind.stores)
    versionsBySecret.set(store.secretId, await whenSettled(run, store.secretId, () => run.deps.secrets.listVersions(store.secretId)));
  const credentials = await listOrRefuse(() => kind.list(run.request.userId));
  const ours = credentials.filter(
    (credential) =>
      credential.id !== oldId && isLive(credential.lifecycleState) && markerInLabel(credential.label)?.startsWith(run.marker.problemPrefix),
  );
  const seen: Seen = { versionsBySecret, credentials, ours };
  const byPreference = [...ours].sort(
    (a, b) => Number(markerInLabel(b.label) === run.marker.versionName) - Number(markerInLabel(a.label) === run.marker.versionName),
  );
  // A version a newer one replaced is history: its credential is never taken up again.
  const stored = byPreference.find((credential) => {
    const version = versionIn(seen, kind.stores[0], markerInLabel(credential.label) as string);
    return version !== undefined && !isRetired(version);
  });
  if (stored) {
    const marker = markerNamed(markerInLabel(stored.label) as string);
    record.newId = stored.id;
    for (const store of kind.stores) {
      const version = versionIn(seen, store, marker.versionName);
      if (version) recordVersion(record, store.secretId, store.role, version, marker.versionName);
    }
    const complete = kind.stores.every((store) => {
      const version = versionIn(seen, store, marker.versionName);
      return version !== undefined && isCurrent(version);
    });
    if (complete && !oldLive(run, seen.credentials)) {
      return finish(
        record.report('already-rotated', {
          reason: `This problem's rotation already completed: ${kind.noun} ${stored.id} replaced ${oldId} and is CURRENT in Vault. Nothing was changed.`,
        }),
      );
    }
    return next('preflight', () => checkUser(rotation, seen, { marker, created: null }));
  }
  const holder = versionIn(seen, kind.stores[0], run.marker.versionName);
  if (holder) return finish(await answerStoredWithoutCredential(run, kind, record, seen, holder));
  return next('preflight', () => checkUser(rotation, seen, null));
}

/** preflight: the user may hold this kind of credential and every secret may be written. */
async function checkUser(rotation: Rotation, seen: Seen, resumed: Carried | null): Promise<Next> {
  const { run, kind, record } = rotation;
  const { request, deps } = run;
  const user = await deps.identity.getUser(request.userId);
  if (!user) throw new UnmanageableUserError({ operation: 'GetUser', userId: request.userId, opcRequestId: null });
  record.userName = user.name;
  requireUsableUser(user, kind.capability, `${kind.noun}s`);
  for (const store of kind.stores) {
    requireWritableSecret(
      await whenSettled(run, store.secretId, () => deps.secrets.getSecret(store.secretId)),
      request,
      deps.settings,
      run.commentConfirmed,
      run.trigger,
    );
  }
  if (resumed) return next('stage-secret', () => stageOtherParts(rotation, seen, user, resumed));
  if (run.resumeOnly) {
    throw new RotationRefusedError(
      `No ${kind.noun} of rotation ${run.marker.versionName} is staged in ${kind.stores[0].secretId}: this step is out of order (the PENDING version is made first). Nothing was changed.`,
    );
  }
  // Unstored credentials of this problem: an attempt cut between create and store, or another delivery between them now.
  const abandoned = seen.ours.filter((credential) => ageMs(run, credential) >= deps.settings.inFlightWindowMs);
  if (abandoned.length > 0) return next('compensate', () => removeAbandoned(rotation, seen, user, abandoned));
  return next('create-credential', () => createOrJoin(rotation, seen, user));
}

/** compensate: credentials of this problem never stored in Vault, and older than any delivery can run, are deleted. */
async function removeAbandoned(rotation: Rotation, seen: Seen, user: UserSummary, abandoned: GeneratedCredential[]): Promise<Next> {
  const { run, kind, record } = rotation;
  let credentials = seen.credentials;
  for (const credential of abandoned) {
    // The version list preflight read is a definite read: Vault holds none of these.
    await kind.remove(run.request.userId, credential.id);
    record.verify(`abandoned ${kind.noun} ${credential.id} (created by an earlier attempt, never stored in Vault) deleted`);
    credentials = credentials.filter((listed) => listed.id !== credential.id);
  }
  const remaining: Seen = { ...seen, credentials };
  return next('create-credential', () => createOrJoin(rotation, remaining, user));
}

/**
 * create-credential: a new credential next to the old one, unless another delivery of this
 * problem is creating one right now: then join it (wait for its version, and read everything
 * again from the start) or, if it does not show up in time, leave the rotation to it.
 */
async function createOrJoin(rotation: Rotation, seen: Seen, user: UserSummary): Promise<Next> {
  const { run, kind, record } = rotation;
  const { request, deps } = run;
  const oldId = request.credentialId;
  const inFlight = seen.ours.filter((credential) => ageMs(run, credential) < deps.settings.inFlightWindowMs);
  if (inFlight.length > 0) {
    const sameResolve = inFlight.find((credential) => markerInLabel(credential.label) === run.marker.versionName);
    if (sameResolve) {
      // The same retry token answers with the same credential, its value too where OCI replays
      // it (not documented: assumed either way). With the value, this delivery can store it; a
      // different id means the tokens moved on and made another one, stored like a new one.
      const replay = await createWithTokens(run, kind, sameResolve.label);
      if (replay.value) return created(rotation, seen, user, replay);
    }
    return joinOtherDelivery(rotation, inFlight);
  }
  if (!oldLive(run, seen.credentials)) {
    const by = await replacingRotation(run, kind, seen);
    if (by) return finish(replacedReport(record, capital(kind.noun), oldId, kind.stores[0].secretId, by));
    throw new NothingToRotateError({
      credentialId: oldId,
      message: `${capital(kind.noun)} ${oldId} no longer exists on user ${request.userId} (removed before this resolve, not by a rotation of this tool): there is nothing to rotate. Nothing was changed.`,
    });
  }
  requireSlot(run, kind, seen.credentials);
  for (const store of kind.stores) requireVersionRoom(store.secretId, seen.versionsBySecret.get(store.secretId) ?? [], deps.settings);
  const old = seen.credentials.find((credential) => credential.id === oldId) as GeneratedCredential;
  const fresh = await createWithTokens(run, kind, labelFor(old.label, run.marker.credentialTag)).catch((error: unknown) =>
    giveWayOrRethrow(run, kind, error),
  );
  // Answered from a retry token of another delivery, without the once-only value: that one stores it.
  if (!fresh.value) return joinOtherDelivery(rotation, [fresh.credential]);
  return created(rotation, seen, user, fresh);
}

function created(
  rotation: Rotation,
  seen: Seen,
  user: UserSummary,
  credential: { credential: GeneratedCredential; value: SecretValue | null },
): Next {
  rotation.record.newId = credential.credential.id;
  return next('stage-secret', () => stageValue(rotation, seen, user, credential));
}

/** Another delivery holds the new credential's value: wait for its version, then read everything again. */
async function joinOtherDelivery(rotation: Rotation, pending: GeneratedCredential[]): Promise<Next> {
  const { run, kind, record } = rotation;
  if (!(await awaitOtherDelivery(run, kind, kind.stores[0], pending))) return finish(inProgress(run, kind, record, pending));
  return next('preflight', () => readProgress(rotation));
}

/**
 * stage-secret: the once-only value is stored as a PENDING version at once. Keep when in doubt:
 * the new credential is deleted again only when Vault definitely refused to store it.
 */
async function stageValue(
  rotation: Rotation,
  seen: Seen,
  user: UserSummary,
  credential: { credential: GeneratedCredential; value: SecretValue | null },
): Promise<Next> {
  const { run, kind, record } = rotation;
  const valueStore = kind.stores[0];
  try {
    const staged = await stageVersion(run, record, {
      secretId: valueStore.secretId,
      role: valueStore.role,
      content: valueStore.content(credential),
      stage: 'PENDING',
    });
    seen.versionsBySecret.set(valueStore.secretId, [staged.version]);
  } catch (error) {
    if (error instanceof VersionNotStoredError && error.definitelyAbsent) {
      // Vault refused it and holds no version of this name: a credential nobody holds must not stay.
      try {
        await kind.remove(run.request.userId, credential.credential.id);
        record.facts.unstored = { kind: 'deleted-again' };
      } catch (removeError) {
        record.facts.unstored = { kind: 'delete-again-failed', error: removeError };
        run.deps.logger.error('compensating delete failed', { credentialId: credential.credential.id, error: removeError });
      }
    } else {
      // Whether Vault holds the value is unknown: keep the credential; a later delivery settles it.
      record.facts.unstored = { kind: 'kept-unconfirmed' };
    }
    throw error;
  }
  return next('stage-secret', () => stageOtherParts(rotation, seen, user, { marker: run.marker, created: credential }));
}

/**
 * stage-secret: the other parts (the access key id), derived from the credential itself, are
 * staged too; the `stage` phase is then reached.
 */
async function stageOtherParts(rotation: Rotation, seen: Seen, user: UserSummary, carried: Carried): Promise<Next> {
  const { run, kind, record } = rotation;
  const newId = record.newId as string;
  const current = seen.credentials.find((credential) => credential.id === newId) ?? carried.created?.credential;
  for (const store of kind.stores.slice(1)) {
    if (versionIn(seen, store, carried.marker.versionName)) continue;
    const content = store.content({ credential: current as GeneratedCredential, value: carried.created?.value ?? null });
    const staged = await stageVersion(run, record, {
      secretId: store.secretId,
      role: store.role,
      content,
      stage: 'PENDING',
      versionName: carried.marker.versionName,
    });
    seen.versionsBySecret.set(store.secretId, [staged.version]);
  }
  if (stopsAfter(run, 'stage'))
    return finish(
      phaseReached(
        record,
        'stage',
        `new ${kind.noun} ${newId} is staged as PENDING in ${kind.stores.map((store) => store.secretId).join(' and ')}`,
      ),
    );
  return next('wait-active', () => waitActive(rotation, seen, user, carried, current));
}

/** wait-active: the new credential is listed ACTIVE; the `apply` phase is then reached. */
async function waitActive(
  rotation: Rotation,
  seen: Seen,
  user: UserSummary,
  carried: Carried,
  current: GeneratedCredential | undefined,
): Promise<Next> {
  const { run, kind, record } = rotation;
  const { clock, settings, proofs } = run.deps;
  const newId = record.newId as string;
  let credentials = seen.credentials;
  if (current?.lifecycleState !== 'ACTIVE') {
    const active = await waitUntil(
      async () => {
        credentials = await kind.list(run.request.userId);
        return credentials.find((credential) => credential.id === newId)?.lifecycleState === 'ACTIVE' ? true : undefined;
      },
      { clock, untilMs: run.workUntilMs, timeoutMs: settings.activationTimeoutMs },
    );
    if (!active) throw stepError(run, 'wait-active', newId, `not ACTIVE within ${settings.activationTimeoutMs} ms`);
  }
  record.verify(`new ${kind.noun} ${newId} is listed ACTIVE`);
  if (stopsAfter(run, 'apply'))
    return finish(phaseReached(record, 'apply', `new ${kind.noun} ${newId} is on user ${run.request.userId} and ACTIVE`));
  const listed: Seen = { ...seen, credentials };
  if (!proofs) return next('promote-secret', () => promote(rotation, listed, carried));
  return next('prove-credential', () =>
    prove(rotation, listed, { proofs, userName: user.name, credential: current as GeneratedCredential }, carried),
  );
}

/** prove-credential: the new credential authenticates the way its consumers use it. */
async function prove(
  rotation: Rotation,
  seen: Seen,
  attempt: { proofs: ProofDependencies; userName: string; credential: GeneratedCredential },
  carried: Carried,
): Promise<Next> {
  const { run, kind, record } = rotation;
  const valueStore = kind.stores[0];
  const value =
    carried.created?.value ?? (await run.deps.secrets.readVersionByName(valueStore.secretId, carried.marker.versionName))?.value;
  if (!value)
    throw stepError(run, 'prove-credential', valueStore.secretId, `version ${carried.marker.versionName} cannot be read back to prove it`);
  const { proofs, userName, credential } = attempt;
  await proveByUse(run, kind, proofs, record, { userName, credential, value });
  return next('promote-secret', () => promote(rotation, seen, carried));
}

/** promote-secret: every part's version of this rotation becomes CURRENT. */
async function promote(rotation: Rotation, seen: Seen, carried: Carried): Promise<Next> {
  const { run, kind, record } = rotation;
  for (const store of kind.stores) {
    const version = versionIn(seen, store, carried.marker.versionName);
    if (!version) throw stepError(run, 'promote-secret', store.secretId, 'no staged version to promote');
    await promoteVersion(run, record, store.secretId, version);
  }
  return next('retire-old', () => retireOld(rotation, seen));
}

/**
 * retire-old: only the exact credential the problem named. The delivery that deletes it reports
 * the rotation; one that finds it gone (listed gone since, or a delete answered "not found")
 * joined a delivery that finished first, which sends the one email.
 */
async function retireOld({ run, kind, record }: Rotation, seen: Seen): Promise<Next> {
  const oldId = run.request.credentialId;
  const newId = record.newId as string;
  if (oldId !== newId) {
    const removed = oldLive(run, seen.credentials) ? await kind.remove(run.request.userId, oldId) : 'already-absent';
    if (removed === 'already-absent') {
      return finish(
        record.report('already-rotated', {
          reason: `Another delivery of this event completed the rotation at the same time: ${kind.noun} ${newId} replaced ${oldId} and is CURRENT in Vault.`,
        }),
      );
    }
    record.verify(`old ${kind.noun} ${oldId} deleted`);
  }
  return finish(record.report('rotated'));
}

function ageMs(run: RotationRun, credential: GeneratedCredential): number {
  return run.deps.clock.now().getTime() - Date.parse(credential.timeCreated);
}
