import { ResponderError } from './responder-error.js';

/**
 * Vault refused a call because the secret is still UPDATING from an earlier write (409
 * IncorrectState, oci-behaviour §4.4) and stayed so through the call's retries. Vault documents no
 * bound on that window, so the rotation waits for the secret to be ACTIVE again, within the
 * invocation's deadline, rather than failing.
 */
export class SecretBusyError extends ResponderError {
  override name = 'SecretBusyError';
  readonly operation: string;
  readonly secretId: string;
  readonly opcRequestId: string | null;

  constructor(details: { operation: string; secretId: string; opcRequestId: string | null }, options?: ErrorOptions) {
    super(`${details.operation} on ${details.secretId}: the secret is still UPDATING from an earlier write.`, {
      ...options,
      retryable: true,
    });
    this.operation = details.operation;
    this.secretId = details.secretId;
    this.opcRequestId = details.opcRequestId;
  }
}
