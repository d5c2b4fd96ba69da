import type { Clock } from '../ports/clock-port.js';

export interface WaitOptions {
  clock: Clock;
  timeoutMs: number;
  signal: AbortSignal;
  /** First pause; doubles each time up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Polls `attempt` with exponential back-off until it returns a value other than `undefined`,
 * the time budget runs out (returns `undefined`) or the signal aborts (rejects). A bounded
 * back-off, not a fixed sleep: OCI says to wait for CREATING → ACTIVE (oci-facts §3.2) and
 * IAM propagation can take a while (§3.9).
 */
export async function waitUntil<T>(attempt: () => Promise<T | undefined>, options: WaitOptions): Promise<T | undefined> {
  const { clock, timeoutMs, signal } = options;
  const maxDelayMs = options.maxDelayMs ?? 2_000;
  const giveUpAt = clock.now().getTime() + timeoutMs;
  let delayMs = options.initialDelayMs ?? 100;
  for (;;) {
    signal.throwIfAborted();
    const result = await attempt();
    if (result !== undefined) return result;
    const remaining = giveUpAt - clock.now().getTime();
    if (remaining <= 0) return undefined;
    await clock.sleep(Math.min(delayMs, remaining), signal);
    delayMs = Math.min(delayMs * 2, maxDelayMs);
  }
}
