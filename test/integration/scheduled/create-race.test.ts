import { afterEach, describe, expect, it } from 'vitest';
import type { RotationStepCall, SecretRotationRecord } from '../../../emulator/index.js';
import type { Outcome } from '../../../functions/cloudguard-responder/src/index.js';
import { isScheduledMarkerOf, markerInLabel } from '../../../functions/cloudguard-responder/src/rotation/rotation-marker.js';
import { eventText, SAMPLE_EVENTS } from '../../support/events.js';
import {
  asCarols,
  currentOf,
  SCHEDULED,
  secretOf,
  startScheduledHarness,
  userOf,
  withCarolsProblem,
  writesSince,
  type ScheduledHarness,
} from '../../support/scheduled.js';

let h: ScheduledHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** A point one path waits at until the test lets it on (promises only: no timers, no sleeping). */
interface Gate {
  arrive(): void;
  reached: Promise<void>;
  open(): void;
  opened: Promise<void>;
}

/** A promise and the functions that settle it (Node 20 has no Promise.withResolvers). */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(reason: unknown): void } {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

function gate(): Gate {
  const arrival = deferred<void>();
  const opening = deferred<void>();
  return { arrive: () => arrival.resolve(), reached: arrival.promise, open: () => opening.resolve(), opened: opening.promise };
}

type Path = 'cloud-guard' | 'vault';

/**
 * Both paths' creates of the credential, told apart by the rotation marker in the label, with a
 * hook before and after each. The calls themselves still go to the emulator over HTTP: only the
 * moment each is made is chosen by the test.
 */
function hookCreates(
  harness: ScheduledHarness,
  operation: 'createAuthToken' | 'createCustomerSecretKey',
  secretId: string,
  hooks: { before: (path: Path) => Promise<void>; after: (path: Path) => Promise<void> },
): void {
  const identity = harness.deps.identity as unknown as Record<string, (...args: string[]) => Promise<unknown>>;
  const original = identity[operation]?.bind(identity);
  if (!original) throw new Error(`the identity port has no ${operation}`);
  identity[operation] = async (userId: string, label: string, token: string) => {
    const path: Path = isScheduledMarkerOf(markerInLabel(label), secretId) ? 'vault' : 'cloud-guard';
    await hooks.before(path);
    try {
      return await original(userId, label, token);
    } finally {
      await hooks.after(path);
    }
  };
}

/** Where each path is in one race, and the means to start Vault's rotation once. */
interface Race {
  /** Cloud Guard's create waits here (it has read "nothing staged" and passed its checks). */
  cloudGuardAtCreate: Gate;
  /** Reached once OCI answered Cloud Guard's create (created or refused). */
  cloudGuardCreated: Gate;
  cloudGuard: Promise<Outcome>;
  /** How many CREATE_PENDING_VERSION invocations Vault has begun, and a gate reached once the first answered. */
  vaultCreateSteps: number;
  vaultCreateAnswered: Gate;
  startVault(): void;
  vault: Promise<SecretRotationRecord & { outcome: Outcome }>;
}

interface Interleaving {
  name: string;
  /** The path whose create OCI accepts: the other one's is refused at the user's limit (together: either). */
  winner?: Path;
  /** Vault's rotation is started by the interleaving itself, not once Cloud Guard waits at its create. */
  startsVault?: boolean;
  cloudGuardAfterCreate?(race: Race): Promise<void>;
  vaultBeforeCreate?(race: Race): Promise<void>;
  vaultAfterCreate?(race: Race): Promise<void>;
  beforeStep?(race: Race, call: RotationStepCall): Promise<void>;
}

const noop = (): void => undefined;

const releaseCloudGuardCreate = async (race: Race): Promise<void> => {
  race.cloudGuardAtCreate.open();
  await race.cloudGuardCreated.reached;
};

/** Cloud Guard's create relative to Vault's CREATE_PENDING_VERSION (its read, create and stage); both read "nothing staged". */
const INTERLEAVINGS: Interleaving[] = [
  {
    name: "lands before Vault's CREATE_PENDING_VERSION reads (its credential holds the slot, not staged yet)",
    winner: 'cloud-guard',
    startsVault: true,
    cloudGuardAfterCreate: async (race) => {
      race.startVault();
      // Cloud Guard stages only once Vault's first CREATE_PENDING_VERSION has answered (or its rotation ended).
      await Promise.race([race.vaultCreateAnswered.reached, race.vault.then(noop, noop)]);
    },
    beforeStep: async (race, call) => {
      if (call.body.step === 'VERIFY_CONNECTION') return;
      race.vaultCreateSteps += call.body.step === 'CREATE_PENDING_VERSION' ? 1 : 0;
      if (race.vaultCreateSteps === 1 && call.body.step === 'CREATE_PENDING_VERSION') return;
      race.vaultCreateAnswered.arrive();
      await race.cloudGuard;
    },
  },
  { name: "lands before Vault's create", winner: 'cloud-guard', vaultBeforeCreate: releaseCloudGuardCreate },
  {
    name: "is sent together with Vault's create",
    vaultBeforeCreate: async (race) => race.cloudGuardAtCreate.open(),
  },
  { name: "lands between Vault's create and its stage", winner: 'vault', vaultAfterCreate: releaseCloudGuardCreate },
  {
    name: "lands after Vault's stage",
    winner: 'vault',
    beforeStep: async (race, call) => {
      if (call.body.step !== 'UPDATE_TARGET_SYSTEM') return;
      race.cloudGuardAtCreate.open();
      await race.cloudGuard;
    },
  },
];

const KINDS = [
  {
    kind: 'authToken',
    noun: 'auth token',
    operation: 'createAuthToken',
    event: SAMPLE_EVENTS.authToken,
    scheduled: SCHEDULED.authToken,
    partnerId: null,
    live: (harness: ScheduledHarness) =>
      userOf(harness, SCHEDULED.authToken.userId)
        .authTokens.filter((token) => ['CREATING', 'ACTIVE'].includes(token.lifecycleState))
        .map((token) => ({ id: token.id, sha256: token.tokenSha256 })),
  },
  {
    kind: 'secretKey',
    noun: 'customer secret key',
    operation: 'createCustomerSecretKey',
    event: SAMPLE_EVENTS.secretKey,
    scheduled: SCHEDULED.customerSecretKey,
    partnerId: SCHEDULED.customerSecretKey.partnerId,
    live: (harness: ScheduledHarness) =>
      userOf(harness, SCHEDULED.customerSecretKey.userId)
        .customerSecretKeys.filter((key) => ['CREATING', 'ACTIVE'].includes(key.lifecycleState))
        .map((key) => ({ id: key.id, sha256: key.keySha256 })),
  },
] as const;

type Kind = (typeof KINDS)[number];

/**
 * Nothing leaked, nothing lost: exactly one credential of the kind is live on the user, it is not
 * the one replaced, Vault's CURRENT holds it (the partner's CURRENT names it), and every live
 * credential is held by a Vault version not scheduled for deletion.
 */
function expectOneRecordedCredential(harness: ScheduledHarness, { live, scheduled, partnerId }: Kind): string {
  const credentials = live(harness);
  const versions = secretOf(harness, scheduled.secretId).versions.filter((version) => version.timeOfDeletion === null);
  for (const credential of credentials) expect(versions.map((version) => version.contentSha256)).toContain(credential.sha256);
  expect(credentials).toHaveLength(1);
  const [only] = credentials;
  expect(only?.id).not.toBe(scheduled.oldId);
  expect(currentOf(secretOf(harness, scheduled.secretId))?.contentSha256).toBe(only?.sha256);
  if (partnerId) {
    const state = harness.harness.emulator.getState({ includeSecretContent: true });
    const partner = state.secrets.find((secret) => secret.id === partnerId);
    const content = partner ? currentOf(partner)?.content : null;
    expect(content ? Buffer.from(content, 'base64').toString('utf8') : null).toBe(only?.id);
  }
  return only?.id ?? '';
}

function emailTitles(harness: ScheduledHarness): string[] {
  return (harness.harness.emulator.getState().topics[0]?.messages ?? []).map((message) => message.title ?? '');
}

describe("Cloud Guard's create and Vault's CREATE_PENDING_VERSION racing on one credential: one wins, the other gives way", () => {
  for (const kind of KINDS) {
    for (const interleaving of INTERLEAVINGS) {
      it(`${kind.noun}: Cloud Guard's create ${interleaving.name}: one credential, held in Vault, one email, and later deliveries finish`, async () => {
        // Prepare
        const race = {
          cloudGuardAtCreate: gate(),
          cloudGuardCreated: gate(),
          vaultCreateSteps: 0,
          vaultCreateAnswered: gate(),
        } as Race;
        h = await startScheduledHarness({ beforeStep: (call) => interleaving.beforeStep?.(race, call) });
        const harness = h;
        withCarolsProblem(harness, kind.kind);
        const { secretId, oldId } = kind.scheduled;
        const vault = deferred<SecretRotationRecord & { outcome: Outcome }>();
        let started = false;
        race.vault = vault.promise;
        race.startVault = () => {
          if (started) return;
          started = true;
          harness.rotate(secretId).then(({ record, outcome }) => vault.resolve({ ...record, outcome }), vault.reject);
        };
        // Whatever Vault does, Cloud Guard is never left waiting at its create once Vault's rotation ended.
        vault.promise.finally(() => race.cloudGuardAtCreate.open()).catch(() => undefined);
        if (interleaving.startsVault) race.cloudGuardAtCreate.open();
        hookCreates(harness, kind.operation, secretId, {
          before: async (path) => {
            if (path === 'vault') return interleaving.vaultBeforeCreate?.(race);
            race.cloudGuardAtCreate.arrive();
            await race.cloudGuardAtCreate.opened;
          },
          after: async (path) => {
            if (path === 'vault') return interleaving.vaultAfterCreate?.(race);
            race.cloudGuardCreated.arrive();
            await interleaving.cloudGuardAfterCreate?.(race);
          },
        });
        const event = asCarols(kind.kind, eventText(kind.event));

        // Act
        race.cloudGuard = harness.respond(event);
        await race.cloudGuardAtCreate.reached;
        race.startVault();
        const [fromCloudGuard, fromVault] = await Promise.all([race.cloudGuard, race.vault]);
        await harness.harness.emulator.settleRotations();

        // Assess: one rotation, the other path in-progress or already-rotated, nothing reopened, one email.
        const won: Path = fromCloudGuard.status === 'rotated' ? 'cloud-guard' : 'vault';
        const [winner, loser] = won === 'cloud-guard' ? [fromCloudGuard, fromVault.outcome] : [fromVault.outcome, fromCloudGuard];
        if (interleaving.winner) expect(won).toBe(interleaving.winner);
        expect(winner.status).toBe('rotated');
        expect(['in-progress', 'already-rotated']).toContain(loser.status);
        expect(loser.reason).toContain(winner.secrets[0]?.versionName ?? '?');
        expect(fromCloudGuard.problemReopened ?? false).toBe(false);
        expect(fromVault.status).toBe('SUCCEEDED');
        expect(expectOneRecordedCredential(harness, kind)).toBe(winner.credential.newId);
        expect(emailTitles(harness)).toEqual([expect.stringMatching(/^Rotated /)]);

        // Act: later deliveries, Cloud Guard's event again and Vault's next rotation
        const mark = harness.harness.emulator.calls().length;
        const redelivered = await harness.respond(event);
        const redeliveryWrites = writesSince(harness, mark, { emails: true });
        const next = await harness.rotate(secretId);

        // Assess: nothing is stuck; each finishes with the same guarantees
        expect(redelivered.status).toBe('already-rotated');
        expect(redelivered.credential.oldId).toBe(oldId);
        expect(redeliveryWrites).toEqual([]);
        expect(next.record.status).toBe('SUCCEEDED');
        expect(['rotated', 'already-rotated']).toContain(next.outcome.status);
        expectOneRecordedCredential(harness, kind);
        const rotatedEmails = emailTitles(harness).filter((title) => title.startsWith('Rotated '));
        expect(rotatedEmails).toHaveLength(next.outcome.status === 'rotated' ? 2 : 1);
        expect(emailTitles(harness)).toEqual(rotatedEmails);
      });
    }
  }
});
