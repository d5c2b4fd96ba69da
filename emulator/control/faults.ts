import { randomUUID } from 'node:crypto';

/**
 * A fault injected on one OCI operation, so every failure path of a client can be driven
 * (oci-behaviour §9.8: 429, 500, 503, timeouts, 409 while UPDATING).
 */
export interface FaultSpec {
  /** OCI operation name, matched case-insensitively (`UploadApiKey`). */
  operation: string;
  /** HTTP status to answer with (400–599). Without it the fault only delays. */
  status?: number;
  /** OCI error code for the body, e.g. `TooManyRequests`; default `InternalServerError`. */
  code?: string;
  message?: string;
  /** Next N matching calls; omitted: every matching call until the faults are cleared. */
  count?: number;
  /**
   * Delay before the call is handled. It is awaited outside the request queue, so a slow
   * operation never holds up other requests. With no status the call then proceeds normally:
   * a slow OCI, for driving client timeouts.
   */
  delayMs?: number;
  /**
   * `before` (default): answer the error without running the operation, no side effect.
   * `after`: run the operation, keep its effect, then answer the error anyway. That is a
   * response lost on the way back (a timeout, a reset connection, a 5xx from a proxy after the
   * service committed): the caller cannot tell it from `before`, so it must recover by reading
   * state (or by retrying with the same opc-retry-token) instead of assuming nothing happened.
   */
  phase?: 'before' | 'after';
}

export class InvalidFaultSpecError extends Error {
  override name = 'InvalidFaultSpecError';
}

/** The longest delay a fault may ask for: long enough for any client timeout, short enough to not wedge a test run. */
const MAX_DELAY_MS = 10 * 60 * 1000;

/** Checks a fault from the control API or a test; the message says what is wrong. */
export function assertValidFaultSpec(value: unknown): asserts value is FaultSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidFaultSpecError('A fault must be a JSON object.');
  const spec = value as Record<string, unknown>;
  const known = new Set(['operation', 'status', 'code', 'message', 'count', 'delayMs', 'phase']);
  const unknown = Object.keys(spec).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new InvalidFaultSpecError(`Unknown fault field(s): ${unknown.join(', ')}.`);
  const isInteger = (key: string, min: number, max: number): boolean =>
    spec[key] === undefined || (Number.isInteger(spec[key]) && (spec[key] as number) >= min && (spec[key] as number) <= max);
  const isText = (key: string): boolean => spec[key] === undefined || typeof spec[key] === 'string';
  if (typeof spec['operation'] !== 'string' || spec['operation'] === '')
    throw new InvalidFaultSpecError('A fault needs an operation name.');
  if (!isInteger('status', 400, 599)) throw new InvalidFaultSpecError('status must be an integer from 400 to 599.');
  if (!isInteger('count', 1, Number.MAX_SAFE_INTEGER)) throw new InvalidFaultSpecError('count must be a positive integer.');
  if (!isInteger('delayMs', 0, MAX_DELAY_MS)) throw new InvalidFaultSpecError(`delayMs must be an integer from 0 to ${MAX_DELAY_MS}.`);
  if (!isText('code') || !isText('message')) throw new InvalidFaultSpecError('code and message must be strings.');
  if (spec['phase'] !== undefined && spec['phase'] !== 'before' && spec['phase'] !== 'after')
    throw new InvalidFaultSpecError("phase must be 'before' or 'after'.");
  if (spec['status'] === undefined && spec['delayMs'] === undefined)
    throw new InvalidFaultSpecError('A fault needs a status, a delayMs, or both.');
  if (spec['status'] === undefined && spec['phase'] !== undefined)
    throw new InvalidFaultSpecError('phase only applies to a fault with a status.');
}

interface ActiveFault {
  id: string;
  spec: FaultSpec;
  /** Uses left; null: until cleared. */
  remaining: number | null;
}

/** The faults in force, first added first matched. */
export class FaultTable {
  #faults: ActiveFault[] = [];

  add(spec: FaultSpec): string {
    assertValidFaultSpec(spec);
    const id = randomUUID();
    this.#faults.push({ id, spec: { ...spec }, remaining: spec.count ?? null });
    return id;
  }

  clear(): void {
    this.#faults = [];
  }

  /**
   * Takes the first fault for the operation and uses it up once. Every routed call counts,
   * including one that then fails authentication: the fault is taken before the call queues.
   */
  take(operation: string): FaultSpec | null {
    const wanted = operation.toLowerCase();
    const fault = this.#faults.find((candidate) => candidate.spec.operation.toLowerCase() === wanted);
    if (!fault) return null;
    if (fault.remaining !== null) {
      fault.remaining -= 1;
      if (fault.remaining === 0) this.#faults = this.#faults.filter((candidate) => candidate !== fault);
    }
    return fault.spec;
  }
}
