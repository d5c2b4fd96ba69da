import { afterEach, describe, expect, it } from 'vitest';
import type { Outcome } from '../../../functions/cloudguard-responder/src/index.js';
import { eventText, SAMPLE_EVENTS } from '../../support/events.js';
import {
  asCarols,
  currentOf,
  SCHEDULED,
  secretOf,
  startScheduledHarness,
  userOf,
  withCarolsProblem,
  type ScheduledHarness,
} from '../../support/scheduled.js';

let h: ScheduledHarness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Yields to the event loop until the emulator has answered `count` calls of `operation` (no timers, no sleeping). */
async function untilCalls(harness: ScheduledHarness, operation: string, count: number): Promise<void> {
  for (let turn = 0; turn < 100_000; turn++) {
    if (harness.harness.emulator.calls().filter((call) => call.operation === operation && call.status < 300).length >= count) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`${operation} was not called ${count} times`);
}

/**
 * Where the Cloud Guard rotation of carol's scheduled credential has got to when Vault's rotation
 * of the same secret starts: from together to just after it finished, which covers the 0–600 ms
 * window in which a Cloud Guard event and Vault's schedule met.
 */
type Moment = { name: string; reached: (harness: ScheduledHarness) => Promise<void> };

/** Together, then once Cloud Guard has made each of these calls (operation, how many). */
function momentsOf(points: ReadonlyArray<[name: string, operation: string, count: number]>): Moment[] {
  return [
    { name: 'together', reached: async () => undefined },
    ...points.map(([name, operation, count]) => ({
      name: `once Cloud Guard ${name}`,
      reached: (harness: ScheduledHarness) => untilCalls(harness, operation, count),
    })),
  ];
}

const KINDS = [
  {
    kind: 'apiKey',
    noun: 'API key',
    event: SAMPLE_EVENTS.apiKey,
    scheduled: SCHEDULED.apiKey,
    live: (harness: ScheduledHarness) => userOf(harness, SCHEDULED.apiKey.userId).apiKeys.map((key) => key.fingerprint),
    moments: momentsOf([
      ['staged its key', 'UpdateSecret', 1],
      ['uploaded its key', 'UploadApiKey', 1],
      ['promoted its key', 'UpdateSecret', 2],
      ['deleted the old key', 'DeleteApiKey', 1],
    ]),
  },
  {
    kind: 'authToken',
    noun: 'auth token',
    event: SAMPLE_EVENTS.authToken,
    scheduled: SCHEDULED.authToken,
    live: (harness: ScheduledHarness) =>
      userOf(harness, SCHEDULED.authToken.userId)
        .authTokens.filter((token) => token.lifecycleState === 'ACTIVE')
        .map((token) => token.id),
    moments: momentsOf([
      ['created its token', 'CreateAuthToken', 1],
      ['staged its token', 'UpdateSecret', 1],
      ['promoted its token', 'UpdateSecret', 2],
      ['deleted the old token', 'DeleteAuthToken', 1],
    ]),
  },
] as const;

describe('Cloud Guard and Vault on one credential: one rotation, whichever path starts it, and one email', () => {
  for (const { kind, noun, event, scheduled, live, moments } of KINDS) {
    for (const moment of moments) {
      it(`${noun}: Vault's rotation starting ${moment.name}: rotated once, the other path answers in-progress or already-rotated`, async () => {
        // Prepare
        h = await startScheduledHarness();
        withCarolsProblem(h, kind);
        const harness = h;
        const { secretId, oldId } = scheduled;

        // Act
        const cloudGuard = harness.respond(asCarols(kind, eventText(event)));
        await moment.reached(harness);
        const vault = harness.rotate(secretId);
        const [fromCloudGuard, fromVault] = await Promise.all([cloudGuard, vault]);
        await harness.harness.emulator.settleRotations();

        // Assess
        const statuses = [fromCloudGuard.status, fromVault.outcome.status];
        expect(statuses).toSatisfy(
          (both: Outcome['status'][]) =>
            both.filter((status) => status === 'rotated').length === 1 &&
            both.every((status) => ['rotated', 'already-rotated', 'in-progress'].includes(status)),
        );
        const after = live(harness);
        expect(after).toHaveLength(1);
        expect(after).not.toContain(oldId);
        const rotated = (harness.harness.emulator.getState().topics[0]?.messages ?? []).filter((message) =>
          (message.title ?? '').startsWith('Rotated'),
        );
        expect(rotated).toHaveLength(1);
        const winner = fromCloudGuard.status === 'rotated' ? fromCloudGuard : fromVault.outcome;
        expect(after).toEqual([winner.credential.newId]);
        expect(rotated[0]?.body).toContain(winner.credential.newId ?? '?');
        expect(currentOf(secretOf(harness, secretId))?.name).toBe(winner.secrets[0]?.versionName);
      });
    }
  }
});
