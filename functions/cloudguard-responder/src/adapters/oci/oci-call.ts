import common from 'oci-common';
import { DeadlineExceededError } from '../../errors/deadline-exceeded-error.js';
import { OciCallError } from '../../errors/oci-call-error.js';
import { currentInvocation, type ActionRecord } from '../../invocation/invocation-context.js';
import type { Clock } from '../../ports/clock-port.js';
import { backoffMs, isRetryable, type RetryPolicy } from './retry-policy.js';

/** Marks a response as seen, so its opc-request-id goes into the audit trail. Returns it unchanged. */
export type SeenResponse = <R>(response: R) => R;

/**
 * Sends one OCI operation with the Function's retry policy, on the injected clock, within the
 * invocation's budget. The SDK's own retrier is off (it sleeps on real time and knows no
 * deadline); this one never starts an attempt after the budget is spent, never waits for an
 * answer longer than the budget left, and records every write it sends for the audit trail.
 */
export interface OciCaller {
  call<T>(operation: string, resourceId: string, send: (seen: SeenResponse) => Promise<T>): Promise<T>;
}

export interface OciCallerOptions {
  clock: Clock;
  retry: RetryPolicy;
  /** Longest wait for one answer when the budget allows more (a hung connection). */
  callTimeoutMs?: number;
}

export const DEFAULT_CALL_TIMEOUT_MS = 20_000;

export function createOciCaller(options: OciCallerOptions): OciCaller {
  const { clock, retry } = options;
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  return {
    async call(operation, resourceId, send) {
      const invocation = currentInvocation();
      const isWrite = !/^(Get|List|Head)/.test(operation);
      let lastError: OciCallError | undefined;
      for (let attempt = 1; ; attempt++) {
        const untilMs = invocation?.callsUntilMs ?? Number.POSITIVE_INFINITY;
        const remainingMs = untilMs - clock.now().getTime();
        if (remainingMs <= 0) throw new DeadlineExceededError({ operation, resourceId }, lastError ? { cause: lastError } : undefined);
        let requestId: string | null = null;
        const seen: SeenResponse = (response) => {
          const id = (response as { opcRequestId?: unknown } | null)?.opcRequestId;
          if (typeof id === 'string') requestId = id;
          return response;
        };
        const waitMs = Math.min(callTimeoutMs, remainingMs);
        try {
          const result = await withinMs(send(seen), waitMs, operation, resourceId);
          if (isWrite) record(invocation?.actions, clock, { operation, resourceId, result: 'ok', opcRequestId: requestId });
          return result;
        } catch (raw) {
          const error = toOciCallError(raw, operation, resourceId);
          if (isWrite)
            record(invocation?.actions, clock, {
              operation,
              resourceId,
              result: error.statusCode === null ? 'no answer' : `${error.statusCode} ${error.serviceCode ?? ''}`.trim(),
              opcRequestId: error.opcRequestId,
            });
          lastError = error;
          if (!error.retryable || attempt >= retry.maxAttempts) throw error;
          const pauseMs = backoffMs(retry, attempt);
          if (clock.now().getTime() + pauseMs >= untilMs) throw error;
          await clock.sleep(pauseMs);
        }
      }
    },
  };
}

function record(actions: ActionRecord[] | undefined, clock: Clock, action: Omit<ActionRecord, 'time'>): void {
  actions?.push({ ...action, time: clock.now().toISOString() });
}

/**
 * Waits for the answer at most `ms` of real time: the request is real I/O. The request itself
 * cannot be cancelled through the SDK, so a late answer is dropped; every step that follows
 * reads what is there rather than trusting what it sent, so a write that lands late is found.
 */
function withinMs<T>(work: Promise<T>, ms: number, operation: string, resourceId: string): Promise<T> {
  if (!Number.isFinite(ms)) return work;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => {
        reject(
          new OciCallError({
            operation,
            resourceId,
            statusCode: null,
            serviceCode: null,
            opcRequestId: null,
            retryable: true,
            detail: `no answer within ${Math.round(ms)} ms`,
          }),
        );
      },
      Math.max(0, ms),
    );
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export function toOciCallError(error: unknown, operation: string, resourceId: string): OciCallError {
  if (error instanceof OciCallError) return error;
  if (error instanceof common.OciError) {
    return new OciCallError(
      {
        operation,
        resourceId,
        statusCode: error.statusCode,
        serviceCode: error.serviceCode,
        opcRequestId: error.opcRequestId,
        retryable: isRetryable(error),
        detail: oneLine(error.message),
      },
      { cause: error },
    );
  }
  const message =
    typeof error === 'object' && error !== null && 'message' in error ? String((error as { message: unknown }).message) : 'unknown failure';
  return new OciCallError(
    { operation, resourceId, statusCode: null, serviceCode: null, opcRequestId: null, retryable: true, detail: oneLine(message) },
    { cause: error },
  );
}

function oneLine(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}
