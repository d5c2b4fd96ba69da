import { backoffMs, FUNCTION_RETRY_POLICY, isRetryable } from '../../functions/cloudguard-responder/src/index.js';

/**
 * One read-only call of the CLI's own (the dry run's copy, the live read-back), retried like the
 * Function retries: the SDK clients send each request once, and a tenancy answers a transient
 * 5xx, 429 or, for a secret just written and still UPDATING, 409 IncorrectState (oci-behaviour
 * §0.5, §4.4). More attempts than the Function makes: an UPDATING window lasts seconds.
 */
export async function readWithRetry<T>(read: () => Promise<T>, maxAttempts = 10): Promise<T> {
  const policy = { ...FUNCTION_RETRY_POLICY, maxAttempts };
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const { statusCode, serviceCode } = error as { statusCode: number; serviceCode: string };
      if (attempt >= policy.maxAttempts || !isRetryable({ statusCode, serviceCode })) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(policy, attempt)));
    }
  }
}
