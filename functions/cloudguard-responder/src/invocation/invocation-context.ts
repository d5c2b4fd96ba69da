import { AsyncLocalStorage } from 'node:async_hooks';

/** One OCI write (or proof) this invocation made, for the audit trail. Never a value. */
export interface ActionRecord {
  operation: string;
  resourceId: string;
  /** `ok`, or the failure in a few words (`503 ServiceUnavailable`, `no answer within 5000 ms`). */
  result: string;
  opcRequestId: string | null;
  /** RFC 3339, on the invocation's clock. */
  time: string;
}

/**
 * What every OCI call of one invocation shares: until when calls may start, and the record of
 * what was written. Carried by AsyncLocalStorage so the adapters, built once per container,
 * see the invocation they serve even when several run at once (CLI replays, tests, bursts),
 * and the rotation core does not have to thread it through every port.
 */
export interface InvocationContext {
  /** Epoch ms on the injected clock after which no call starts; moved to the report budget for the email. */
  callsUntilMs: number;
  readonly actions: ActionRecord[];
}

const storage = new AsyncLocalStorage<InvocationContext>();

export function runInInvocation<T>(context: InvocationContext, work: () => Promise<T>): Promise<T> {
  return storage.run(context, work);
}

/** The invocation being served, or null outside one (a CLI read-back, a test calling an adapter). */
export function currentInvocation(): InvocationContext | null {
  return storage.getStore() ?? null;
}
