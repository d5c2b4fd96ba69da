/**
 * Base of every error this Function raises on purpose. `retryable` splits them in two: input
 * and configuration errors (false: trying again changes nothing, a human must act) and system
 * errors (true: a later invocation or a replay may succeed). Context lives in typed fields, the
 * original failure in `cause`; a message never holds a secret value.
 */
export class ResponderError extends Error {
  override name = 'ResponderError';
  readonly retryable: boolean;

  constructor(message: string, options: ErrorOptions & { retryable?: boolean } = {}) {
    const { retryable = false, ...errorOptions } = options;
    super(message, errorOptions);
    this.retryable = retryable;
  }
}
