import type { Clock } from '../functions/cloudguard-responder/src/ports/clock-port.js';
import type { KeyPairSource } from './auth/api-key-identity.js';
import { ResourcePrincipalTokens } from './auth/resource-principal-tokens.js';
import type { CallRecord } from './control/call-log.js';
import { FaultTable } from './control/faults.js';
import { RetryTokenCache } from './control/retry-token-cache.js';
import { TrafficShaper } from './control/traffic.js';
import { principalId, type Principal, type RouteResponse } from './http/route.js';
import { SERVICE_MODULES } from './services/index.js';
import { exportState } from './state/export-state.js';
import type { EmulatorState } from './state/types.js';
import { assertValidState } from './state/validate-state.js';

/** What one call came to, as the call log records it. */
export interface Outcome {
  response: RouteResponse;
  principal: Principal | null;
  faulted: boolean;
}

export type EmulatorLog = (entry: Record<string, unknown>) => void;

/**
 * The emulator's state and what acts on it: the tenancy, the clock, the request queue, faults,
 * traffic, retry tokens, resource-principal sessions and the call log. Requests, the control
 * API and Vault's rotations all change the state through `serialize`, one at a time, so a
 * service handler runs to completion on a consistent state and needs no locking.
 */
export class EmulatorRuntime {
  #state: EmulatorState;
  #queue: Promise<unknown> = Promise.resolve();
  #callLog: CallRecord[] = [];
  readonly faults = new FaultTable();
  readonly traffic = new TrafficShaper();
  readonly retryTokens = new RetryTokenCache();
  readonly tokens: ResourcePrincipalTokens;

  constructor(
    initial: EmulatorState,
    readonly clock: Pick<Clock, 'now'>,
    readonly log: EmulatorLog,
    keyPairs: KeyPairSource | undefined,
  ) {
    this.#state = initial;
    this.tokens = new ResourcePrincipalTokens(keyPairs);
  }

  /** The live state; a call to `replaceState` swaps it, so read it anew after every await. */
  get state(): EmulatorState {
    return this.#state;
  }

  /** Runs `work` after every piece queued before it. */
  serialize<T>(work: () => T): Promise<T> {
    const next = this.#queue.then(work);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /** Brings every lifecycle (CREATING → ACTIVE, UPDATING → ACTIVE, …) up to the clock's now. */
  settle(): void {
    const now = this.clock.now();
    for (const module of SERVICE_MODULES) module.settle?.(this.#state, now);
  }

  /** Validates (throws InvalidStateError) and installs a copy of `next`. */
  replaceState(next: unknown): void {
    assertValidState(next);
    this.#state = structuredClone(next);
    // A token's cached answer describes resources of the state it was made in.
    this.retryTokens.clear();
  }

  /** A settled deep copy; secret contents are null unless asked for. */
  readState(includeSecretContent: boolean): EmulatorState {
    this.settle();
    return exportState(this.#state, { includeSecretContent });
  }

  calls(): CallRecord[] {
    return structuredClone(this.#callLog);
  }

  clearCalls(): void {
    this.#callLog = [];
  }

  record(call: Pick<CallRecord, 'operation' | 'method' | 'path' | 'region' | 'opcRequestId' | 'retryToken'>, outcome: Outcome): void {
    this.#callLog.push({
      ...call,
      status: outcome.response.status,
      principal: outcome.principal ? principalId(outcome.principal) : null,
      time: this.clock.now().toISOString(),
      faulted: outcome.faulted,
    });
    this.log({
      level: 'info',
      msg: 'call',
      operation: call.operation,
      status: outcome.response.status,
      opcRequestId: call.opcRequestId,
      faulted: outcome.faulted,
    });
  }
}
