import { describe, expect, it } from 'vitest';
import { InvalidTrafficSpecError, TrafficShaper } from '../../../emulator/control/traffic.js';

describe('Emulator traffic shaping', () => {
  it('admits up to the rate in any rolling second and throttles the rest, admitting again once the second has passed', () => {
    // Prepare
    const shaper = new TrafficShaper(() => 0);
    shaper.set({ maxRequestsPerSecond: 2 });

    // Act
    const burst = [0, 10, 20].map((at) => shaper.admit(at).throttled);
    const later = shaper.admit(1_001).throttled;

    // Assess
    expect(burst).toEqual([false, false, true]);
    expect(later).toBe(false);
    expect(shaper.stats()).toMatchObject({ throttled: 1, admitted: 3 });
  });

  it('draws each latency from the configured range', () => {
    // Prepare
    const draws = [0, 0.5, 0.999];
    const shaper = new TrafficShaper(() => draws.shift() ?? 0);
    shaper.set({ latency: { minMs: 50, maxMs: 150 } });

    // Act
    const delays = [0, 1, 2].map((at) => shaper.admit(at).delayMs);

    // Assess
    expect(delays).toEqual([50, 100, 150]);
  });

  it('refuses a spec with an unknown field or a rate below one, naming it', () => {
    // Prepare
    const shaper = new TrafficShaper();

    // Act / Assess
    expect(() => shaper.set({ rate: 3 } as never)).toThrow(new InvalidTrafficSpecError('Unknown traffic field(s): rate.'));
    expect(() => shaper.set({ maxRequestsPerSecond: 0 })).toThrow('maxRequestsPerSecond must be a positive integer.');
  });
});
