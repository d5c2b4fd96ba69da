import type { CredentialStore, GeneratedCredential, GeneratedCredentialKind } from './generated-credential-kind.js';
import { markerInLabel } from './rotation-marker.js';
import type { RotationRun } from './rotation-context.js';
import type { RotationRecord } from './rotation-record.js';
import type { RotationReport } from './rotation-types.js';
import { findVersion, whenSettled } from './secret-versions.js';
import { waitUntil } from './wait-until.js';

/**
 * Another delivery holds the value of a credential created for this problem and has not stored
 * it yet: wait (bounded) for its version to appear, then carry on from it.
 */
export async function awaitOtherDelivery(
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

export function inProgress(
  run: RotationRun,
  kind: GeneratedCredentialKind,
  record: RotationRecord,
  pending: GeneratedCredential[],
): RotationReport {
  const settleAt = new Date(
    Math.max(...pending.map((credential) => Date.parse(credential.timeCreated))) + run.deps.settings.inFlightWindowMs,
  ).toISOString();
  record.newId = pending[0]?.id ?? null;
  return record.report('in-progress', {
    reason:
      `Another delivery of this event created ${kind.noun} ${pending.map((credential) => credential.id).join(', ')} for this problem ` +
      `and is storing it; this delivery changed nothing and leaves the rotation to it.`,
    stillWorking: `The old ${kind.noun} ${run.request.credentialId} still works and is CURRENT in Vault.`,
    nextAction:
      `Nothing, if a "Rotated" email follows. Otherwise replay the event after ${settleAt}: an attempt that never stored its ` +
      `${kind.noun} is removed then and the rotation starts again.`,
  });
}
