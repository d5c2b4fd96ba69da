/**
 * How the emulator's network behaves, for load runs: a latency added to every OCI call, and a
 * request rate above which calls are answered `429 TooManyRequests`, as OCI throttles a tenancy
 * (oci-behaviour §9.9 and §8; OCI lists "429 TooManyRequests" in its API errors table,
 * https://docs.oracle.com/en-us/iaas/Content/API/References/apierrors.htm, and the SDK retries it).
 * Both use real time: they model the network and the service, not the simulated clock.
 */
export interface TrafficSpec {
  /** Each call waits a uniformly random time in [minMs, maxMs] before it is handled; absent: none. */
  latency?: { minMs: number; maxMs: number };
  /** Calls admitted per rolling second; one more in that second is answered 429. Absent: unlimited. */
  maxRequestsPerSecond?: number;
}

export interface TrafficStats {
  spec: TrafficSpec;
  /** Calls answered 429 by the rate limit since the spec was set. */
  throttled: number;
  /** Calls admitted since the spec was set. */
  admitted: number;
}

export class InvalidTrafficSpecError extends Error {
  override name = 'InvalidTrafficSpecError';
}

const MAX_LATENCY_MS = 60_000;

/** Checks a traffic spec from the control API or a test; the message names the field. */
export function assertValidTrafficSpec(value: unknown): asserts value is TrafficSpec {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidTrafficSpecError('A traffic spec must be a JSON object.');
  const spec = value as Record<string, unknown>;
  const unknown = Object.keys(spec).filter((key) => key !== 'latency' && key !== 'maxRequestsPerSecond');
  if (unknown.length > 0) throw new InvalidTrafficSpecError(`Unknown traffic field(s): ${unknown.join(', ')}.`);
  if (spec['latency'] !== undefined) {
    const latency = spec['latency'] as Record<string, unknown> | null;
    const isMs = (key: string): boolean =>
      Number.isInteger(latency?.[key]) && (latency?.[key] as number) >= 0 && (latency?.[key] as number) <= MAX_LATENCY_MS;
    if (typeof latency !== 'object' || latency === null || !isMs('minMs') || !isMs('maxMs')) {
      throw new InvalidTrafficSpecError(`latency needs integer minMs and maxMs from 0 to ${MAX_LATENCY_MS}.`);
    }
    if ((latency['minMs'] as number) > (latency['maxMs'] as number))
      throw new InvalidTrafficSpecError('latency.minMs must not exceed latency.maxMs.');
  }
  const rate = spec['maxRequestsPerSecond'];
  if (rate !== undefined && (!Number.isInteger(rate) || (rate as number) < 1))
    throw new InvalidTrafficSpecError('maxRequestsPerSecond must be a positive integer.');
}

/** What happens to one call: how long it waits first, and whether the rate limit refuses it. */
export interface Admission {
  delayMs: number;
  throttled: boolean;
}

/**
 * The traffic in force. `admit` is called once per OCI call on arrival; the window counts the
 * calls admitted in the last second of real time (`now` is injected for the unit test).
 */
export class TrafficShaper {
  #spec: TrafficSpec = {};
  #window: number[] = [];
  #throttled = 0;
  #admitted = 0;
  readonly #random: () => number;

  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  set(spec: TrafficSpec): void {
    assertValidTrafficSpec(spec);
    this.#spec = structuredClone(spec);
    this.#window = [];
    this.#throttled = 0;
    this.#admitted = 0;
  }

  stats(): TrafficStats {
    return { spec: structuredClone(this.#spec), throttled: this.#throttled, admitted: this.#admitted };
  }

  admit(nowMs: number): Admission {
    const { latency, maxRequestsPerSecond } = this.#spec;
    const delayMs = latency ? Math.round(latency.minMs + this.#random() * (latency.maxMs - latency.minMs)) : 0;
    if (maxRequestsPerSecond !== undefined) {
      while (this.#window.length > 0 && (this.#window[0] as number) <= nowMs - 1_000) this.#window.shift();
      if (this.#window.length >= maxRequestsPerSecond) {
        this.#throttled += 1;
        return { delayMs, throttled: true };
      }
      this.#window.push(nowMs);
    }
    this.#admitted += 1;
    return { delayMs, throttled: false };
  }
}
