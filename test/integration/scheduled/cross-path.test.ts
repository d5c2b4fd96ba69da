import { afterEach, describe, expect, it } from 'vitest';
import type { Outcome } from '../../../functions/cloudguard-responder/src/index.js';
import { eventText, SAMPLE_EVENTS } from '../../support/events.js';
import { asCarols, currentOf, SCHEDULED, secretOf, startScheduledHarness, userOf, withCarolsProblem, type ScheduledHarness } from '../../support/scheduled.js';

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
 * Where the Cloud Guard rotation of carol's scheduled API key has got to when Vault's rotation of
 * the same secret starts: from together to just after it finished, which covers the 0–600 ms
 * window in which a Cloud Guard event and Vault's schedule met.
 */
const MOMENTS: ReadonlyArray<{ name: string; reached: (harness: ScheduledHarness) => Promise<void> }> = [
  { name: 'together', reached: async () => undefined },
  { name: 'once Cloud Guard staged its key', reached: (harness) => untilCalls(harness, 'UpdateSecret', 1) },
  { name: 'once Cloud Guard uploaded its key', reached: (harness) => untilCalls(harness, 'UploadApiKey', 1) },
  { name: 'once Cloud Guard promoted its key', reached: (harness) => untilCalls(harness, 'UpdateSecret', 2) },
  { name: 'once Cloud Guard deleted the old key', reached: (harness) => untilCalls(harness, 'DeleteApiKey', 1) },
];

describe('Cloud Guard and Vault on one credential: one rotation, whichever path starts it, and one email', () => {
  for (const moment of MOMENTS) {
    it(`Vault's rotation starting ${moment.name}: the key is rotated once, the other path answers in-progress or already-rotated`, async () => {
      // Prepare
      h = await startScheduledHarness();
      withCarolsProblem(h, 'apiKey');
      const harness = h;
      const { secretId, userId, oldId } = SCHEDULED.apiKey;

      // Act
      const cloudGuard = harness.respond(asCarols('apiKey', eventText(SAMPLE_EVENTS.apiKey)));
      await moment.reached(harness);
      const vault = harness.rotate(secretId);
      const [fromCloudGuard, fromVault] = await Promise.all([cloudGuard, vault]);
      await harness.harness.emulator.settleRotations();

      // Assess
      const statuses = [fromCloudGuard.status, fromVault.outcome.status].sort();
      expect(statuses).toSatisfy((both: Outcome['status'][]) => both.filter((status) => status === 'rotated').length === 1 && both.every((status) => ['rotated', 'already-rotated', 'in-progress'].includes(status)));
      const live = userOf(harness, userId).apiKeys.map((key) => key.fingerprint);
      expect(live).toHaveLength(1);
      expect(live).not.toContain(oldId);
      const rotated = (harness.harness.emulator.getState().topics[0]?.messages ?? []).filter((message) => (message.title ?? '').startsWith('Rotated'));
      expect(rotated).toHaveLength(1);
      const winner = fromCloudGuard.status === 'rotated' ? fromCloudGuard : fromVault.outcome;
      expect(live).toEqual([winner.credential.newId]);
      expect(rotated[0]?.body).toContain(winner.credential.newId ?? '?');
      expect(currentOf(secretOf(harness, secretId))?.name).toBe(winner.secrets[0]?.versionName);
    });
  }
});
