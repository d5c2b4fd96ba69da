import { VersionNotStoredError } from '../errors/version-not-stored-error.js';
import { capital } from './capital.js';
import type { GeneratedCredentialKind } from './generated-credential-kind.js';
import { describeFailure } from './oci-failure.js';
import { isLive } from './preflight-checks.js';
import type { RotationRun } from './rotation-context.js';
import type { RotationRecord } from './rotation-record.js';
import type { FailureExplanation } from './run-rotation.js';
import { isCurrent, whenSettled } from './secret-versions.js';

/** What a generated-credential rotation notes in its record for the failure explanation. */
export interface GeneratedFacts {
  /**
   * What became of a new credential Vault did not confirm storing: deleted again because Vault
   * definitely refused it, that deletion failed (the credential is left for a later delivery),
   * or kept because the storing could not be confirmed either way. Null while nothing of that happened.
   */
  unstored: { kind: 'deleted-again' } | { kind: 'delete-again-failed'; error: unknown } | { kind: 'kept-unconfirmed' } | null;
  /**
   * Read after a failure before this delivery reached the retirement of the old credential: the
   * rotation is complete (the new credential is CURRENT in every secret, the old one gone), so
   * another delivery finished it.
   */
  completedByOther: boolean;
}

/**
 * What still works after a failure, from what Identity and Vault hold now (read again when the
 * budget allows), else from what this delivery knows it did. Never a claim not checked.
 */
export async function explainGeneratedFailure(
  run: RotationRun,
  kind: GeneratedCredentialKind,
  record: RotationRecord<GeneratedFacts>,
  error: unknown,
): Promise<FailureExplanation> {
  const { step, facts } = record;
  const old = `the old ${kind.noun} ${record.oldId ?? '?'}`;
  const fresh = `the new ${kind.noun} ${record.newId ?? '?'}`;
  const settleMinutes = Math.ceil(run.deps.settings.inFlightWindowMs / 60_000);
  if (facts.unstored?.kind === 'deleted-again') {
    return {
      stillWorking: `${capital(old)} still works and is CURRENT in Vault. Vault refused to store ${fresh}, so it was deleted again.`,
      nextAction: 'Fix the Vault write (permissions, secret state, version limit), then replay the event.',
    };
  }
  if (facts.unstored?.kind === 'delete-again-failed') {
    return {
      stillWorking: `${capital(old)} still works and is CURRENT in Vault. Vault refused to store ${fresh} and deleting it failed too (${describeFailure(facts.unstored.error)}).`,
      nextAction: `Replay the event after ${settleMinutes} min: the unstored ${kind.noun} is removed then. Or delete ${kind.noun} ${record.newId ?? '?'} of user ${record.userId} by hand now.`,
    };
  }
  const holdings = await readHoldings(run, kind, record);
  // Only a delivery that reached retire-old deletes the old credential: before that step, an old one gone means another delivery finished.
  if (holdings && step !== 'retire-old' && holdings.newLive && !holdings.oldLive && holdings.currentIsNew.every(Boolean))
    facts.completedByOther = true;
  if (holdings) return describeHoldings(kind, record, holdings);
  if (facts.unstored?.kind === 'kept-unconfirmed' || error instanceof VersionNotStoredError) {
    return {
      stillWorking: `${capital(old)} was working and CURRENT in Vault before this run. ${capital(fresh)} was created; whether Vault stored it could not be confirmed, so it was kept.`,
      nextAction: `Replay the event: it resumes if Vault holds the ${kind.noun}, and removes it otherwise (once it is ${settleMinutes} min old).`,
    };
  }
  if (step === 'preflight' || step === 'resume' || step === 'verify-problem' || (step === 'create-credential' && record.newId === null)) {
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

async function readHoldings(run: RotationRun, kind: GeneratedCredentialKind, record: RotationRecord): Promise<Holdings | null> {
  if (run.deps.clock.now().getTime() >= run.workUntilMs || record.newId === null) return null;
  try {
    const credentials = await kind.list(run.request.userId);
    const live = (id: string | null): boolean =>
      credentials.some((credential) => credential.id === id && isLive(credential.lifecycleState));
    const names = new Set([...record.versionNames(), run.marker.versionName]);
    const currentIsNew: boolean[] = [];
    const staged: boolean[] = [];
    for (const store of kind.stores) {
      // A secret UPDATING from another delivery's write cannot list its versions: wait for it (bounded).
      const versions = await whenSettled(run, store.secretId, () => run.deps.secrets.listVersions(store.secretId));
      currentIsNew.push(versions.some((version) => isCurrent(version) && version.name !== null && names.has(version.name)));
      staged.push(versions.some((version) => version.name !== null && names.has(version.name)));
    }
    return { oldLive: live(record.oldId), newLive: live(record.newId), currentIsNew, staged };
  } catch {
    return null;
  }
}

function describeHoldings(kind: GeneratedCredentialKind, record: RotationRecord<GeneratedFacts>, holdings: Holdings): FailureExplanation {
  const old = `the old ${kind.noun} ${record.oldId ?? '?'}`;
  const fresh = `the new ${kind.noun} ${record.newId ?? '?'}`;
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
      : record.facts.unstored?.kind === 'kept-unconfirmed'
        ? `${fresh} exists and was kept, though Vault does not list it as stored yet`
        : `${fresh} exists but is not stored in every secret yet`;
  return {
    stillWorking: `${holdings.oldLive ? `${capital(old)} still works and is CURRENT in Vault` : `${capital(old)} is gone`}; ${newPart}.`,
    nextAction: holdings.newLive ? 'Replay the event to resume from what is stored.' : 'Replay the event; it starts the rotation again.',
  };
}
