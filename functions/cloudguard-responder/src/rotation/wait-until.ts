import type { Clock } from '../ports/clock-port.js';

export interface WaitOptions {
  clock: Clock;
  /** How long this wait may take at most. */
  timeoutMs: number;
  /** Epoch ms on the same clock after which nothing may start: the invocation's budget. */
  untilMs: number;
  /** First pause; doubles each time up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Polls `attempt` with exponential back-off until it returns a value other than `undefined`,
 * or the wait's own bound or the invocation's budget runs out (returns `undefined`). A bounded
 * back-off, not a fixed sleep: OCI says to wait for CREATING → ACTIVE (oci-facts §3.2), a
 * secret stays UPDATING for a while after a write (§4.4) and IAM propagation can take a while
 * (§3.9). Time is the injected clock's, so tests advance it instead of waiting.
 */
export async function waitUntil<T>(attempt: () => Promise<T | undefined>, options: WaitOptions): Promise<T | undefined> {
  const { clock } = options;
  const maxDelayMs = options.maxDelayMs ?? 2_000;
  const giveUpAt = Math.min(clock.now().getTime() + options.timeoutMs, options.untilMs);
  let delayMs = options.initialDelayMs ?? 100;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) return result;
    const remaining = giveUpAt - clock.now().getTime();
    if (remaining <= 0) return undefined;
    await clock.sleep(Math.min(delayMs, remaining));
    delayMs = Math.min(delayMs * 2, maxDelayMs);
  }
}
