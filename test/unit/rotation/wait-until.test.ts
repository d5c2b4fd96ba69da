import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../functions/cloudguard-responder/src/ports/clock-port.js';
import { waitUntil } from '../../../functions/cloudguard-responder/src/rotation/wait-until.js';

/** A clock whose sleeps advance time instantly, recording each pause. */
function fakeClock(): Clock & { pauses: number[] } {
  let now = 0;
  const pauses: number[] = [];
  return {
    pauses,
    now: () => new Date(now),
    sleep: async (ms) => {
      pauses.push(ms);
      now += ms;
    },
  };
}

describe('waitUntil: bounded back-off', () => {
  it('returns the first defined result, backing off exponentially up to the cap', async () => {
    // Prepare
    const clock = fakeClock();
    let attempts = 0;

    // Act
    const result = await waitUntil(async () => (++attempts === 6 ? 'ready' : undefined), {
      clock,
      timeoutMs: 60_000,
      untilMs: Number.POSITIVE_INFINITY,
      initialDelayMs: 100,
      maxDelayMs: 500,
    });

    // Assess
    expect(result).toBe('ready');
    expect(clock.pauses).toEqual([100, 200, 400, 500, 500]);
  });

  it('gives up with undefined once the time budget is spent, never sleeping past it', async () => {
    // Prepare
    const clock = fakeClock();

    // Act
    const result = await waitUntil(async () => undefined, {
      clock,
      timeoutMs: 1_000,
      untilMs: Number.POSITIVE_INFINITY,
      initialDelayMs: 300,
    });

    // Assess
    expect(result).toBeUndefined();
    expect(clock.pauses.reduce((sum, pause) => sum + pause, 0)).toBe(1_000);
  });

  it("stops at the invocation budget when it comes before the wait's own bound", async () => {
    // Prepare
    const clock = fakeClock();

    // Act
    const result = await waitUntil(async () => undefined, { clock, timeoutMs: 60_000, untilMs: 700, initialDelayMs: 300 });

    // Assess
    expect(result).toBeUndefined();
    expect(clock.pauses.reduce((sum, pause) => sum + pause, 0)).toBe(700);
  });
});
