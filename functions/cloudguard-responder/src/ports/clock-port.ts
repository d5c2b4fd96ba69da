/**
 * The one clock shape of the project: the Function's waits and deadlines, the emulator's
 * lifecycles (which read only `now`, so take `Pick<Clock, 'now'>`), the system clock adapter
 * and the tests' VirtualClock all use it.
 */
export interface Clock {
  now(): Date;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
