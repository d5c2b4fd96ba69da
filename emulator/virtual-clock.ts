import type { Clock } from '../functions/cloudguard-responder/src/ports/clock-port.js';

/**
 * Simulated time shared by the emulator's lifecycles (CREATING → ACTIVE, a secret UPDATING),
 * the responder's waits and back-offs, and the tests. Realistic windows of several seconds
 * then cost no real time: whoever sleeps moves the clock forward by what it asked for.
 *
 * Two sleepers at once both move it, so under concurrency simulated time runs a little faster
 * than it would in OCI; every deadline and window is still measured on this one clock, so the
 * order of events is what matters and that is kept. Fault delays (`delayMs`) and signature
 * dates stay on real time: they model a hung connection and the client's wall clock.
 *
 * It is the Function's `Clock`, so the same object is handed to the responder and to
 * `createOciEmulator({ clock })`.
 */
export class VirtualClock implements Clock {
  #nowMs: number;

  constructor(start: Date | number = Date.now()) {
    this.#nowMs = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.#nowMs);
  }

  /** Moves simulated time forward, as if `ms` had passed. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`VirtualClock.advance needs a finite, non-negative number of ms, got ${ms}`);
    this.#nowMs += ms;
  }

  /** Advances by `ms` and yields once to the event loop, so other work interleaves as it would. */
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.advance(Math.max(0, ms));
    await new Promise<void>((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
  }
}
