import common from 'oci-common';

/**
 * The SDK's retry and circuit-breaker settings for one invocation's clients. The defaults
 * (8 attempts over ~93 s, a breaker per client, stack.md §2) do not fit a Function that has
 * seconds; these do: a few attempts with short jittered back-off, still on the SDK's own
 * retry condition (5xx, network, 429 TooManyRequests, 409 IncorrectState while a secret is
 * UPDATING).
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const FUNCTION_RETRY_POLICY: RetryPolicy = Object.freeze({ maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 2_000 });

export function toRetryConfiguration(policy: RetryPolicy): common.RetryConfiguration {
  if (policy.maxAttempts <= 1) return common.NoRetryConfigurationDetails;
  return {
    terminationStrategy: new common.MaxAttemptsTerminationStrategy(policy.maxAttempts),
    delayStrategy: {
      // The SDK counts in seconds; attemptCount starts at 1 for the first retry's wait.
      delay: (context) => {
        const exponential = policy.baseDelayMs * 2 ** Math.max(0, context.attemptCount - 1);
        const capped = Math.min(exponential, policy.maxDelayMs);
        return (capped / 2 + Math.random() * (capped / 2)) / 1000;
      },
    },
    retryCondition: isRetryable,
  };
}

/** The SDK's own default retry condition (oci-common `DefaultRetryCondition`, not exported). */
export function isRetryable(error: { statusCode: number; serviceCode: string }): boolean {
  const status = error.statusCode;
  if (status === 500 || status === 502 || status === 503 || status === 504) return true;
  if (status === -1 || Number.isNaN(status) || typeof status !== 'number') return true;
  return (status === 409 && error.serviceCode === 'IncorrectState') || (status === 429 && error.serviceCode === 'TooManyRequests');
}

/**
 * A breaker that opens across invocations would turn one bad minute into refusals of the next
 * events of a burst without even trying; each event already bounds its own retries.
 */
export function clientConfiguration(policy: RetryPolicy): common.ClientConfiguration {
  return {
    retryConfiguration: toRetryConfiguration(policy),
    circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }),
  };
}
