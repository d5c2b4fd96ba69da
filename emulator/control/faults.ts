import { randomUUID } from 'node:crypto';

/** A fault injected on one OCI operation, for tests and demonstrations of failure paths. */
export interface FaultSpec {
  /** OCI operation name, matched case-insensitively (`UploadApiKey`). */
  operation: string;
  status?: number;
  code?: string;
  message?: string;
  /** Next N matching calls; omitted: every call until the faults are cleared. */
  count?: number;
  /** Delay before answering; with no status the call then proceeds normally (a slow OCI). */
  delayMs?: number;
  /**
   * `before` (default): reject the call with no side effect. `after`: perform the operation,
   * then answer the error anyway, a response lost on the way back. The caller cannot tell the
   * two apart, which is exactly what an idempotent client has to survive.
   */
  phase?: 'before' | 'after';
}

interface ActiveFault extends FaultSpec {
  id: string;
  remaining: number | null;
}

export class FaultTable {
  #faults: ActiveFault[] = [];

  add(spec: FaultSpec): string {
    const id = randomUUID();
    this.#faults.push({ ...spec, id, remaining: spec.count ?? null });
    return id;
  }

  clear(): void {
    this.#faults = [];
  }

  /** Takes the first fault matching the operation, consuming one of its uses. */
  take(operation: string): FaultSpec | null {
    const wanted = operation.toLowerCase();
    const fault = this.#faults.find((candidate) => candidate.operation.toLowerCase() === wanted && candidate.remaining !== 0);
    if (!fault) return null;
    if (fault.remaining !== null) fault.remaining -= 1;
    if (fault.remaining === 0) this.#faults = this.#faults.filter((candidate) => candidate !== fault);
    return fault;
  }
}

export function isFaultSpec(value: unknown): value is FaultSpec {
  if (typeof value !== 'object' || value === null) return false;
  const spec = value as Record<string, unknown>;
  const optionalNumber = (key: string): boolean => spec[key] === undefined || (typeof spec[key] === 'number' && Number.isFinite(spec[key]));
  return (
    typeof spec['operation'] === 'string' &&
    optionalNumber('status') &&
    optionalNumber('count') &&
    optionalNumber('delayMs') &&
    (spec['code'] === undefined || typeof spec['code'] === 'string') &&
    (spec['message'] === undefined || typeof spec['message'] === 'string') &&
    (spec['phase'] === undefined || spec['phase'] === 'before' || spec['phase'] === 'after') &&
    (spec['status'] !== undefined || spec['delayMs'] !== undefined)
  );
}
