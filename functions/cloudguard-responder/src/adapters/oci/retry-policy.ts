import common from 'oci-common';

/**
 * How the Function retries one OCI call (see `oci-call.ts`). A Function has seconds, not the
 * SDK default's ~93 s over 8 attempts, so: a few attempts with short jittered exponential
 * back-off, on the SDK's own retry condition (5xx, no answer, 429 TooManyRequests, 409
 * IncorrectState while a secret is UPDATING), on the injected clock and within the deadline.
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const FUNCTION_RETRY_POLICY: RetryPolicy = Object.freeze({ maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 2_000 });

/** Pause before retry number `attempt` (1 = after the first failure): half fixed, half jitter. */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const capped = Math.min(exponential, policy.maxDelayMs);
  return capped / 2 + Math.random() * (capped / 2);
}

/** The SDK's own default retry condition (oci-common `DefaultRetryCondition`, not exported). */
export function isRetryable(error: { statusCode: number; serviceCode: string }): boolean {
  const status = error.statusCode;
  if (status === 500 || status === 502 || status === 503 || status === 504) return true;
  if (status === -1 || Number.isNaN(status) || typeof status !== 'number') return true;
  return (status === 409 && error.serviceCode === 'IncorrectState') || (status === 429 && error.serviceCode === 'TooManyRequests');
}

/**
 * The SDK clients send each request once: retries are ours (on the injected clock, bounded by
 * the deadline). A breaker that opens across invocations would turn one bad minute into
 * refusals of the next events of a burst without even trying.
 */
export function clientConfiguration(): common.ClientConfiguration {
  return {
    retryConfiguration: common.NoRetryConfigurationDetails,
    circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }),
  };
}
