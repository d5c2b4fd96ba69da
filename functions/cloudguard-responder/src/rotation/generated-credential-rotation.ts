import type { CredentialType } from '../domain/credential-type.js';
import { CredentialProofError } from '../errors/credential-proof-error.js';
import { NothingToRotateError } from '../errors/nothing-to-rotate-error.js';
import { OciCallError } from '../errors/oci-call-error.js';
import { UnmanageableUserError } from '../errors/unmanageable-user-error.js';
import { VersionNotStoredError } from '../errors/version-not-stored-error.js';
import type { CredentialProofResult } from '../ports/credential-proof-port.js';
import type { CreateResult, DeleteResult, UserSummary } from '../ports/identity-port.js';
import type { ProofDependencies } from './rotation-context.js';
import type { SecretVersionInfo } from '../ports/secret-store-port.js';
import type { SecretValue } from '../secret-value.js';
import { capital } from './capital.js';
import { describeFailure } from './oci-failure.js';
import { isLive, requireUsableUser, requireVersionRoom, requireWritableSecret } from './preflight-checks.js';
import type { RotationRun } from './rotation-context.js';
import { RotationJournal } from './rotation-journal.js';
import { markerInLabel, markerNamed, type RotationMarker } from './rotation-marker.js';
import { RotationRefusedError } from '../errors/rotation-refused-error.js';
import type { RotationSettings } from './rotation-settings.js';
import type { RotationReport, RotationStep, SecretRole } from './rotation-types.js';
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
  create(userId: string, label: string, retryToken: string): Promise<CreateResult<GeneratedCredential>>;
  remove(userId: string, id: string): Promise<DeleteResult>;
  /** Value-holding secret first: once it is written the value is safe and the rest can follow. */
  stores: readonly [CredentialStore, ...CredentialStore[]];
  /** Uses the credential the way its consumers do, once (the caller retries within its bound). */
  prove(
    proofs: ProofDependencies,
    attempt: { namespace: string; userName: string; credential: GeneratedCredential; value: SecretValue; withinPropagationBound: boolean },
  ): Promise<CredentialProofResult>;
}

/** Longest label we write; OCI allows 400 characters for an auth token description. */
const MAX_LABEL_LENGTH = 255;

/**
 * Retry tokens a rotation may use for its create, one after the other: a token whose credential
 * was deleted since is refused by OCI for 24 h (409 InvalidatedRetryToken, oci-behaviour §0.5), so
 * after a compensating delete the next delivery moves to the next one. Every delivery walks the
 * same sequence, so concurrent deliveries still meet on one credential.
 */
const MAX_CREATE_TOKENS = 5;

/** What this delivery did that the failure report must tell. */
interface Progress {
  /** The new credential was deleted again because Vault definitely did not store it. */
  deletedAgain: boolean;
  /** That deletion failed: the unstored credential is left for a later delivery. */
  deleteAgainError: unknown;
  /** The new credential was kept although its storing could not be confirmed. */
  keptUnconfirmed: boolean;
  /**
   * Read after a failure before this delivery reached the retirement of the old credential: the
   * rotation is complete (the new credential is CURRENT in every secret, the old one gone), so
   * another delivery finished it.
   */
  completedByOther: boolean;
}

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
 */
export async function rotateGeneratedCredential(run: RotationRun, kind: GeneratedCredentialKind): Promise<RotationReport> {
  const journal = new RotationJournal(kind.type, run.request.userId, run.request.credentialId);
  const progress: Progress = { deletedAgain: false, deleteAgainError: undefined, keptUnconfirmed: false, completedByOther: false };
  const report = await runRotation(
    run,
    journal,
    () => execute(run, kind, journal, progress),
    (step, error) => explain(run, kind, journal, progress, step, error),
  );
  if (report.status === 'failed' && progress.completedByOther) {
    // A loser of a race whose own step failed after the winner finished: "failed" (and its
    // email, and reopening the problem) would contradict what Vault and Identity hold.
    run.deps.logger.info('a step failed, but another delivery had completed the rotation', { step: report.step, reason: report.reason });
    return journal.report('already-rotated', {
      reason: `Another delivery of this event completed the rotation while this one ran: ${kind.noun} ${journal.newId ?? '?'} replaced ${journal.oldId ?? '?'} and is CURRENT in Vault; this delivery stopped at step ${report.step ?? '?'}, which was no longer needed, and deleted nothing.`,
    });
  }
  return report;
}

async function execute(
  run: RotationRun,
  kind: GeneratedCredentialKind,
  journal: RotationJournal,
  progress: Progress,
): Promise<RotationReport> {
  const { identity, secrets, settings, clock } = run.deps;
  const { request } = run;
  const oldId = request.credentialId;
  const [valueStore, ...otherStores] = kind.stores;

  // Reads first, so that a repeated delivery is answered from four reads.
  journal.at('preflight');
  const versionsBySecret = new Map<string, SecretVersionInfo[]>();
  for (const store of kind.stores)
    versionsBySecret.set(store.secretId, await whenSettled(run, store.secretId, () => secrets.listVersions(store.secretId)));
  const versionIn = (store: CredentialStore, name: string): SecretVersionInfo | undefined =>
    findVersion(versionsBySecret.get(store.secretId) ?? [], name);
  let credentials = await listOrRefuse(kind, request.userId);
  const oldLive = (): boolean => credentials.some((credential) => credential.id === oldId && isLive(credential.lifecycleState));

  // This problem's credentials, from this resolve or an earlier one, by the marker in their label.
  // The credential being replaced is never its own replacement (a scheduled secret's CURRENT one carries its prefix).
  const ours = credentials.filter(
    (credential) =>
      credential.id !== oldId && isLive(credential.lifecycleState) && markerInLabel(credential.label)?.startsWith(run.marker.problemPrefix),
  );
  const byPreference = [...ours].sort(
    (a, b) => Number(markerInLabel(b.label) === run.marker.versionName) - Number(markerInLabel(a.label) === run.marker.versionName),
  );
  // A version a newer one replaced is history: its credential is never taken up again.
  const stored = byPreference.find((credential) => {
    const version = versionIn(valueStore, markerInLabel(credential.label) as string);
    return version !== undefined && !isRetired(version);
  });
  let marker: RotationMarker = stored ? markerNamed(markerInLabel(stored.label) as string) : run.marker;

  if (stored) {
    journal.newId = stored.id;
    for (const store of kind.stores) {
      const version = versionIn(store, marker.versionName);
      if (version) recordVersion(journal, store.secretId, store.role, version, marker.versionName);
    }
    if (
      kind.stores.every((store) =>
        isCurrent(versionIn(store, marker.versionName) ?? { versionNumber: 0, name: null, stages: [], timeOfDeletion: null }),
      ) &&
      !oldLive()
    ) {
      return journal.report('already-rotated', {
        reason: `This problem's rotation already completed: ${kind.noun} ${stored.id} replaced ${oldId} and is CURRENT in Vault. Nothing was changed.`,
      });
    }
  } else if (versionIn(valueStore, run.marker.versionName)) {
    const holder = versionIn(valueStore, run.marker.versionName) as SecretVersionInfo;
    if (isRetired(holder)) {
      // This rotation's version was replaced since: answered from what replaced it, never resumed.
      const by = oldLive()
        ? null
        : await findReplacingRotation(
            valueStore.secretId,
            versionsBySecret.get(valueStore.secretId) ?? [],
            run.marker.problemPrefix,
            async (version) =>
              credentials.find((credential) => isLive(credential.lifecycleState) && markerInLabel(credential.label) === version.name)?.id ??
              null,
          );
      if (by) return replacedReport(journal, capital(kind.noun), oldId, valueStore.secretId, by);
      throw new RotationRefusedError(
        `Vault version ${holder.versionNumber} (${run.marker.versionName}) of ${valueStore.secretId} was this rotation's, and a newer version has replaced it since: it is history and is never resumed or promoted again. ` +
          `${oldLive() ? `The old ${kind.noun} ${oldId} still works. ` : ''}To rotate again, reopen the problem in Cloud Guard and resolve it again (a new resolve starts a fresh rotation). Nothing was changed.`,
      );
    }
    // Only a person removes a credential whose value Vault holds: this responder never does.
    throw new RotationRefusedError(
      `Vault version ${holder.versionNumber} (${run.marker.versionName}) of ${valueStore.secretId} holds this problem's new ${kind.noun}, but no ${kind.noun} tagged ${run.marker.credentialTag} is on user ${request.userId} any more: it was removed by hand. ` +
        `${oldLive() ? `The old ${kind.noun} ${oldId} still works. ` : ''}To rotate again, reopen the problem in Cloud Guard and resolve it again (a new resolve starts a fresh rotation). Nothing was changed.`,
    );
  }

  journal.at('preflight');
  const user = await identity.getUser(request.userId);
  if (!user) throw new UnmanageableUserError({ operation: 'GetUser', userId: request.userId, opcRequestId: null });
  journal.userName = user.name;
  requireUsableUser(user, kind.capability, `${kind.noun}s`);
  for (const store of kind.stores) {
    requireWritableSecret(
      await whenSettled(run, store.secretId, () => secrets.getSecret(store.secretId)),
      request,
      settings,
      run.commentConfirmed,
      run.trigger,
    );
  }

  let created: { credential: GeneratedCredential; value: SecretValue | null; fresh: boolean } | null = null;
  if (stored) {
    journal.at('resume');
  } else {
    if (run.resumeOnly) {
      throw new RotationRefusedError(
        `No ${kind.noun} of rotation ${run.marker.versionName} is staged in ${valueStore.secretId}: this step is out of order (the PENDING version is made first). Nothing was changed.`,
      );
    }
    journal.at('create-credential');
    const ageMs = (credential: GeneratedCredential): number => clock.now().getTime() - Date.parse(credential.timeCreated);
    // Unstored credentials of this problem: an attempt cut between create and store, or another delivery between them now.
    for (const abandoned of ours.filter((credential) => ageMs(credential) >= settings.inFlightWindowMs)) {
      journal.at('compensate');
      // The version list read above is a definite read: Vault holds none of these.
      await kind.remove(request.userId, abandoned.id);
      journal.verify(`abandoned ${kind.noun} ${abandoned.id} (created by an earlier attempt, never stored in Vault) deleted`);
      credentials = credentials.filter((credential) => credential.id !== abandoned.id);
    }
    journal.at('create-credential');
    const inFlight = ours.filter((credential) => ageMs(credential) < settings.inFlightWindowMs);
    if (inFlight.length > 0) {
      const sameResolve = inFlight.find((credential) => markerInLabel(credential.label) === run.marker.versionName);
      if (sameResolve) {
        // The same retry token answers with the same credential, its value too where OCI replays
        // it (not documented: assumed either way). With the value, this delivery can store it.
        const replay = await createWithTokens(run, kind, sameResolve.label);
        // A different id means the tokens moved on and made another one; it is stored like a new one.
        if (replay.value) created = { ...replay, fresh: replay.credential.id !== sameResolve.id };
      }
      if (!created) {
        const joined = await awaitOtherDelivery(run, kind, valueStore, inFlight);
        if (!joined) return inProgress(run, kind, journal, inFlight);
        return execute(run, kind, journal, progress);
      }
    } else {
      if (!oldLive()) {
        const by = await findReplacingRotation(
          valueStore.secretId,
          versionsBySecret.get(valueStore.secretId) ?? [],
          run.marker.problemPrefix,
          async (version) =>
            credentials.find((credential) => isLive(credential.lifecycleState) && markerInLabel(credential.label) === version.name)?.id ??
            null,
        );
        if (by) return replacedReport(journal, capital(kind.noun), oldId, valueStore.secretId, by);
      }
      if (!oldLive()) {
        throw new NothingToRotateError({
          credentialId: oldId,
          message: `${capital(kind.noun)} ${oldId} no longer exists on user ${request.userId} (removed before this resolve, not by a rotation of this tool): there is nothing to rotate. Nothing was changed.`,
        });
      }
      const live = credentials.filter((credential) => isLive(credential.lifecycleState));
      if (live.length >= kind.limit(settings)) {
        const others = live
          .filter((credential) => credential.id !== oldId)
          .map(
            (credential) =>
              `${credential.id} ("${credential.label}")${markerInLabel(credential.label)?.startsWith(run.marker.problemPrefix) ? ' left by an earlier attempt for this problem' : ''}`,
          );
        throw new RotationRefusedError(
          `User ${request.userId} already has ${live.length} ${kind.noun}s, OCI's limit of ${kind.limit(settings)}: besides ${oldId} the slot is held by ${others.join(', ')}. Remove that one, then replay. Nothing was changed.`,
        );
      }
      for (const store of kind.stores) requireVersionRoom(store.secretId, versionsBySecret.get(store.secretId) ?? [], settings);
      const old = credentials.find((credential) => credential.id === oldId) as GeneratedCredential;
      const fresh = await createWithTokens(run, kind, labelFor(old.label, run.marker.credentialTag));
      if (!fresh.value) {
        // Answered from a retry token of another delivery, without the once-only value: that one stores it.
        const joined = await awaitOtherDelivery(run, kind, valueStore, [fresh.credential]);
        if (!joined) return inProgress(run, kind, journal, [fresh.credential]);
        return execute(run, kind, journal, progress);
      }
      created = { ...fresh, fresh: true };
    }
    marker = run.marker;
    journal.newId = created.credential.id;

    journal.at('stage-secret');
    try {
      const staged = await stageVersion(run, journal, {
        secretId: valueStore.secretId,
        role: valueStore.role,
        content: valueStore.content(created),
        stage: 'PENDING',
      });
      versionsBySecret.set(valueStore.secretId, [staged.version]);
    } catch (error) {
      if (error instanceof VersionNotStoredError && error.definitelyAbsent) {
        // Vault refused it and holds no version of this name: a credential nobody holds must not stay.
        journal.at('compensate');
        try {
          await kind.remove(request.userId, created.credential.id);
          progress.deletedAgain = true;
        } catch (removeError) {
          progress.deleteAgainError = removeError;
          run.deps.logger.error('compensating delete failed', { credentialId: created.credential.id, error: removeError });
        }
        journal.at('stage-secret');
      } else {
        // Whether Vault holds the value is unknown: keep the credential; a later delivery settles it.
        progress.keptUnconfirmed = true;
      }
      throw error;
    }
  }

  const newId = journal.newId as string;
  const current = credentials.find((credential) => credential.id === newId) ?? created?.credential;
  journal.at('stage-secret');
  for (const store of otherStores) {
    if (versionIn(store, marker.versionName)) continue;
    // Parts other than the once-only value derive from the credential itself (the access key id).
    const content = store.content({ credential: current as GeneratedCredential, value: created?.value ?? null });
    const staged = await stageVersion(run, journal, {
      secretId: store.secretId,
      role: store.role,
      content,
      stage: 'PENDING',
      versionName: marker.versionName,
    });
    versionsBySecret.set(store.secretId, [staged.version]);
  }
  if (stopsAfter(run, 'stage'))
    return phaseReached(
      journal,
      'stage',
      `new ${kind.noun} ${newId} is staged as PENDING in ${kind.stores.map((store) => store.secretId).join(' and ')}`,
    );

  journal.at('wait-active');
  if (current?.lifecycleState !== 'ACTIVE') {
    const active = await waitUntil(
      async () => {
        credentials = await kind.list(request.userId);
        return credentials.find((credential) => credential.id === newId)?.lifecycleState === 'ACTIVE' ? true : undefined;
      },
      { clock, untilMs: run.workUntilMs, timeoutMs: settings.activationTimeoutMs },
    );
    if (!active) throw stepError(run, 'wait-active', newId, `not ACTIVE within ${settings.activationTimeoutMs} ms`);
  }
  journal.verify(`new ${kind.noun} ${newId} is listed ACTIVE`);
  if (stopsAfter(run, 'apply')) return phaseReached(journal, 'apply', `new ${kind.noun} ${newId} is on user ${request.userId} and ACTIVE`);

  if (run.deps.proofs) {
    journal.at('prove-credential');
    const value = created?.value ?? (await secrets.readVersionByName(valueStore.secretId, marker.versionName))?.value;
    if (!value)
      throw stepError(run, 'prove-credential', valueStore.secretId, `version ${marker.versionName} cannot be read back to prove it`);
    await proveByUse(run, kind, run.deps.proofs, journal, { userName: user.name, credential: current as GeneratedCredential, value });
  }

  journal.at('promote-secret');
  for (const store of kind.stores) {
    const version = versionIn(store, marker.versionName);
    if (!version) throw stepError(run, 'promote-secret', store.secretId, 'no staged version to promote');
    await promoteVersion(run, journal, store.secretId, version);
  }

  journal.at('retire-old');
  // Only the exact credential the problem named. The delivery that deletes it reports the
  // rotation; one that finds it gone (listed gone since, or a delete answered "not found")
  // joined a delivery that finished first, which sends the one email.
  if (oldId !== newId) {
    const removed = oldLive() ? await kind.remove(request.userId, oldId) : 'already-absent';
    if (removed === 'already-absent') {
      return journal.report('already-rotated', {
        reason: `Another delivery of this event completed the rotation at the same time: ${kind.noun} ${newId} replaced ${oldId} and is CURRENT in Vault.`,
      });
    }
    journal.verify(`old ${kind.noun} ${oldId} deleted`);
  }
  return journal.report('rotated');
}

/**
 * Listed ACTIVE is not yet accepted: IAM propagates a new credential for a while (oci-behaviour
 * §3.9). The new one is promoted only once it authenticates the way its consumers use it; until
 * then the old one stays CURRENT. Within the bound a refusal means "not yet"; after it, "no".
 */
async function proveByUse(
  run: RotationRun,
  kind: GeneratedCredentialKind,
  proofs: ProofDependencies,
  journal: RotationJournal,
  attempt: { userName: string; credential: GeneratedCredential; value: SecretValue },
): Promise<void> {
  const { clock, settings } = run.deps;
  const boundAt = Math.min(clock.now().getTime() + settings.proofTimeoutMs, run.workUntilMs);
  let namespace: string | undefined;
  let last: CredentialProofResult | undefined;
  // A throttled (429), failing (5xx) or silent Object Storage says nothing about the credential:
  // within the bound it is asked again, like a "not yet"; after it, the last such failure is the reason.
  let transient: unknown;
  const proven = await waitUntil(
    async () => {
      try {
        namespace ??= await proofs.namespaces.getNamespace();
        last = await kind.prove(proofs, { namespace, ...attempt, withinPropagationBound: clock.now().getTime() < boundAt });
      } catch (error) {
        if (!((error instanceof CredentialProofError || error instanceof OciCallError) && error.retryable)) throw error;
        transient = error;
        return undefined;
      }
      transient = undefined;
      if (last.proof === 'proven') return true;
      if (last.proof === 'rejected') return false;
      return undefined;
    },
    { clock, untilMs: boundAt, timeoutMs: settings.proofTimeoutMs, initialDelayMs: 500 },
  );
  if (proven !== true && transient !== undefined) throw transient;
  if (proven !== true) {
    throw stepError(
      run,
      'prove-credential',
      attempt.credential.id,
      `${last?.protocol ?? 'Object Storage'} did not accept it ${last?.proof === 'rejected' ? `after ${Math.round(settings.proofTimeoutMs / 1000)} s of propagation` : 'within the time left'} (${last?.evidence ?? 'no answer'}); it stays PENDING`,
    );
  }
  journal.verify(
    `new ${kind.noun} ${attempt.credential.id} authenticated with ${last?.protocol === 'S3' ? 'the S3 Compatibility API (AWS Signature V4, ListBuckets)' : 'Swift (GET /auth/v1.0)'}: ${last?.evidence ?? ''}`.trim(),
  );
}

async function listOrRefuse(kind: GeneratedCredentialKind, userId: string): Promise<GeneratedCredential[]> {
  try {
    return await kind.list(userId);
  } catch (error) {
    if (error instanceof UnmanageableUserError) throw new RotationRefusedError(unmanageableUser(error));
    throw error;
  }
}

/** Creates with this rotation's retry tokens in turn, skipping those OCI has invalidated. */
async function createWithTokens(
  run: RotationRun,
  kind: GeneratedCredentialKind,
  label: string,
): Promise<{ credential: GeneratedCredential; value: SecretValue | null }> {
  for (let generation = 1; generation <= MAX_CREATE_TOKENS; generation++) {
    const token = run.marker.retryToken(generation === 1 ? 'create' : `create-${generation}`);
    const result = await kind.create(run.request.userId, label, token);
    if (result.kind === 'created') return { credential: result.credential, value: result.value };
  }
  throw stepError(
    run,
    'create-credential',
    run.request.userId,
    `all ${MAX_CREATE_TOKENS} retry tokens of this rotation belong to credentials deleted since; resolve the problem again in Cloud Guard to start afresh`,
  );
}

/**
 * Another delivery holds the value of a credential created for this problem and has not stored
 * it yet: wait (bounded) for its version to appear, then carry on from it.
 */
async function awaitOtherDelivery(
  run: RotationRun,
  kind: GeneratedCredentialKind,
  valueStore: CredentialStore,
  pending: GeneratedCredential[],
): Promise<boolean> {
  const names = pending.map((credential) => markerInLabel(credential.label)).filter((name): name is string => name !== null);
  const found = await waitUntil(
    async () => {
      const versions = await whenSettled(run, valueStore.secretId, () => run.deps.secrets.listVersions(valueStore.secretId));
      return names.some((name) => findVersion(versions, name)) ? true : undefined;
    },
    { clock: run.deps.clock, untilMs: run.workUntilMs, timeoutMs: run.deps.settings.joinWaitMs, initialDelayMs: 500 },
  );
  run.deps.logger.info(found ? 'joined the rotation another delivery started' : 'another delivery is still rotating', {
    credentialIds: pending.map((credential) => credential.id),
    kind: kind.noun,
  });
  return found === true;
}

function inProgress(
  run: RotationRun,
  kind: GeneratedCredentialKind,
  journal: RotationJournal,
  pending: GeneratedCredential[],
): RotationReport {
  const settleAt = new Date(
    Math.max(...pending.map((credential) => Date.parse(credential.timeCreated))) + run.deps.settings.inFlightWindowMs,
  ).toISOString();
  journal.newId = pending[0]?.id ?? null;
  return journal.report('in-progress', {
    reason: `Another delivery of this event created ${kind.noun} ${pending.map((credential) => credential.id).join(', ')} for this problem and is storing it; this delivery changed nothing and leaves the rotation to it.`,
    stillWorking: `The old ${kind.noun} ${run.request.credentialId} still works and is CURRENT in Vault.`,
    nextAction: `Nothing, if a "Rotated" email follows. Otherwise replay the event after ${settleAt}: an attempt that never stored its ${kind.noun} is removed then and the rotation starts again.`,
  });
}

function labelFor(oldLabel: string, tag: string): string {
  const room = MAX_LABEL_LENGTH - tag.length - 1;
  const base = oldLabel
    .replace(/\s*\[cgr-[0-9a-f-]+\]/g, '')
    .trim()
    .slice(0, room);
  return base ? `${base} ${tag}` : tag;
}

/**
 * What still works after a failure, from what Identity and Vault hold now (read again when the
 * budget allows), else from what this delivery knows it did. Never a claim not checked.
 */
async function explain(
  run: RotationRun,
  kind: GeneratedCredentialKind,
  journal: RotationJournal,
  progress: Progress,
  step: RotationStep,
  error: unknown,
): Promise<{ stillWorking: string; nextAction: string }> {
  const old = `the old ${kind.noun} ${journal.oldId ?? '?'}`;
  const fresh = `the new ${kind.noun} ${journal.newId ?? '?'}`;
  const settleMinutes = Math.ceil(run.deps.settings.inFlightWindowMs / 60_000);
  if (progress.deletedAgain) {
    return {
      stillWorking: `${capital(old)} still works and is CURRENT in Vault. Vault refused to store ${fresh}, so it was deleted again.`,
      nextAction: 'Fix the Vault write (permissions, secret state, version limit), then replay the event.',
    };
  }
  if (progress.deleteAgainError !== undefined) {
    return {
      stillWorking: `${capital(old)} still works and is CURRENT in Vault. Vault refused to store ${fresh} and deleting it failed too (${describeFailure(progress.deleteAgainError)}).`,
      nextAction: `Replay the event after ${settleMinutes} min: the unstored ${kind.noun} is removed then. Or delete ${kind.noun} ${journal.newId ?? '?'} of user ${journal.userId} by hand now.`,
    };
  }
  const holdings = await readHoldings(run, kind, journal);
  // Only a delivery that reached retire-old deletes the old credential: before that step, an old one gone means another delivery finished.
  if (holdings && step !== 'retire-old' && holdings.newLive && !holdings.oldLive && holdings.currentIsNew.every(Boolean))
    progress.completedByOther = true;
  if (holdings) return describeHoldings(kind, journal, holdings, progress);
  if (progress.keptUnconfirmed || error instanceof VersionNotStoredError) {
    return {
      stillWorking: `${capital(old)} was working and CURRENT in Vault before this run. ${capital(fresh)} was created; whether Vault stored it could not be confirmed, so it was kept.`,
      nextAction: `Replay the event: it resumes if Vault holds the ${kind.noun}, and removes it otherwise (once it is ${settleMinutes} min old).`,
    };
  }
  if (step === 'preflight' || step === 'resume' || step === 'verify-problem' || (step === 'create-credential' && journal.newId === null)) {
    return {
      stillWorking: `Nothing was changed by this run: ${old} was working before it, and the CURRENT versions of ${kind.stores.map((store) => store.secretId).join(' and ')} are unchanged.`,
      nextAction: 'Fix the cause above, then replay the event; it resumes safely.',
    };
  }
  return {
    stillWorking: `Could not be confirmed (OCI did not answer the check): before this run ${old} was CURRENT in Vault; ${fresh} may be stored as PENDING.`,
    nextAction: 'Replay the event: it reads what is there and resumes.',
  };
}

interface Holdings {
  oldLive: boolean;
  newLive: boolean;
  /** Per store: whether its CURRENT version is this rotation's. */
  currentIsNew: boolean[];
  /** Per store: whether a version of this rotation's name exists. */
  staged: boolean[];
}

async function readHoldings(run: RotationRun, kind: GeneratedCredentialKind, journal: RotationJournal): Promise<Holdings | null> {
  if (run.deps.clock.now().getTime() >= run.workUntilMs || journal.newId === null) return null;
  try {
    const credentials = await kind.list(run.request.userId);
    const live = (id: string | null): boolean =>
      credentials.some((credential) => credential.id === id && isLive(credential.lifecycleState));
    const names = new Set([...journal.versionNames(), run.marker.versionName]);
    const currentIsNew: boolean[] = [];
    const staged: boolean[] = [];
    for (const store of kind.stores) {
      // A secret UPDATING from another delivery's write cannot list its versions: wait for it (bounded).
      const versions = await whenSettled(run, store.secretId, () => run.deps.secrets.listVersions(store.secretId));
      currentIsNew.push(versions.some((version) => isCurrent(version) && version.name !== null && names.has(version.name)));
      staged.push(versions.some((version) => version.name !== null && names.has(version.name)));
    }
    return { oldLive: live(journal.oldId), newLive: live(journal.newId), currentIsNew, staged };
  } catch {
    return null;
  }
}

function describeHoldings(
  kind: GeneratedCredentialKind,
  journal: RotationJournal,
  holdings: Holdings,
  progress: Progress,
): { stillWorking: string; nextAction: string } {
  const old = `the old ${kind.noun} ${journal.oldId ?? '?'}`;
  const fresh = `the new ${kind.noun} ${journal.newId ?? '?'}`;
  const allNew = holdings.currentIsNew.every(Boolean);
  const someNew = holdings.currentIsNew.some(Boolean);
  const allStaged = holdings.staged.every(Boolean);
  if (someNew && !allNew) {
    const mixed = kind.stores
      .map((store, index) => `${store.role} in ${store.secretId} is the ${holdings.currentIsNew[index] ? 'new' : 'old'} one`)
      .join(', ');
    return {
      stillWorking: `Vault's CURRENT pair is mixed (${mixed}); ${holdings.oldLive ? 'both keys exist and work' : `${old} is gone`}. Pair the two by version name until the next delivery finishes the promotion.`,
      nextAction: 'Replay the event: it promotes the remaining version and then removes the old key.',
    };
  }
  if (allNew) {
    return {
      stillWorking: `${capital(fresh)} ${holdings.newLive ? 'exists' : 'is NOT on the user'} and is CURRENT in Vault; ${old} ${holdings.oldLive ? 'still exists too' : 'is gone'}.`,
      nextAction: holdings.oldLive ? `Replay the event to delete ${old}, or delete it by hand.` : 'Nothing: the rotation is complete.',
    };
  }
  const newPart = !holdings.newLive
    ? `${fresh} is not on the user`
    : allStaged
      ? `${fresh} exists and is stored as PENDING`
      : progress.keptUnconfirmed
        ? `${fresh} exists and was kept, though Vault does not list it as stored yet`
        : `${fresh} exists but is not stored in every secret yet`;
  return {
    stillWorking: `${holdings.oldLive ? `${capital(old)} still works and is CURRENT in Vault` : `${capital(old)} is gone`}; ${newPart}.`,
    nextAction: holdings.newLive ? 'Replay the event to resume from what is stored.' : 'Replay the event; it starts the rotation again.',
  };
}
