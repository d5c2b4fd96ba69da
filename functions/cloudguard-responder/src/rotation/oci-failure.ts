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
