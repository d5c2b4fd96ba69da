/**
 * Reads the HTTP status and OCI service code from whatever an adapter threw. Duck-typed on
 * purpose: the rotation must classify failures without knowing the adapter's error classes.
 */
export function failureStatus(error: unknown): { statusCode: number | null; serviceCode: string | null } {
  if (typeof error !== 'object' || error === null) return { statusCode: null, serviceCode: null };
  const record = error as { statusCode?: unknown; serviceCode?: unknown };
  return {
    statusCode: typeof record.statusCode === 'number' ? record.statusCode : null,
    serviceCode: typeof record.serviceCode === 'string' ? record.serviceCode : null,
  };
}

export function isFailure(error: unknown, statusCode: number, serviceCode?: string): boolean {
  const status = failureStatus(error);
  return status.statusCode === statusCode && (serviceCode === undefined || status.serviceCode === serviceCode);
}

/** A one-line, secret-free description of a failure for the outcome and the email. */
export function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    const oneLine = error.message.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
    return oneLine.length > 300 ? `${oneLine.slice(0, 297)}...` : oneLine;
  }
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    // The OCI SDK throws network failures and an open circuit breaker as plain objects (runtime-notes §2).
    return `network or client failure: ${error.message.slice(0, 200)}`;
  }
  return 'unexpected failure';
}
