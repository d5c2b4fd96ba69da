import { backoffMs, FUNCTION_RETRY_POLICY, isRetryable } from '../../functions/cloudguard-responder/src/index.js';

/**
 * One read-only call of the CLI's own (the dry run's copy, the live read-back), retried like the
 * Function retries: the SDK clients send each request once, and a tenancy answers a transient
 * 5xx, 429 or, for a secret just written and still UPDATING, 409 IncorrectState (oci-behaviour
 * §0.5, §4.4). More attempts than the Function makes: an UPDATING window lasts seconds.
 */
/**
 * A call that got no answer at all (refused, no such host) is tried three times, not ten: those
 * rarely heal within seconds, and the operator is waiting to be told which host did not answer.
 */
const NO_ANSWER_ATTEMPTS = 3;

export async function readWithRetry<T>(read: () => Promise<T>, maxAttempts = 10): Promise<T> {
  const policy = { ...FUNCTION_RETRY_POLICY, maxAttempts };
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const { statusCode, serviceCode } = error as { statusCode: number; serviceCode: string };
      const attempts =
        typeof statusCode === 'number' && statusCode > 0 ? policy.maxAttempts : Math.min(NO_ANSWER_ATTEMPTS, policy.maxAttempts);
      if (attempt >= attempts || !isRetryable({ statusCode, serviceCode })) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(policy, attempt)));
    }
  }
}
