import { CredentialProofError } from '../../errors/credential-proof-error.js';

export interface ProbeAnswer {
  status: number;
  headers: Headers;
  text: string;
  opcRequestId: string | null;
}

/**
 * One GET, no retry, no redirect (a redirect must not carry credentials elsewhere), bounded by a
 * timeout. A network failure or timeout becomes a retryable CredentialProofError; the caller
 * gives the operation and resource it concerns, never the headers, which hold the credential.
 */
export async function probeGet(
  url: URL,
  headers: Record<string, string>,
  context: { operation: string; resourceId: string; timeoutMs: number },
): Promise<ProbeAnswer> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'GET', headers, redirect: 'manual', signal: AbortSignal.timeout(context.timeoutMs) });
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${context.timeoutMs} ms` : `could not reach ${url.host}`;
    throw new CredentialProofError(
      {
        operation: context.operation,
        resourceId: context.resourceId,
        statusCode: null,
        serviceCode: null,
        opcRequestId: null,
        retryable: true,
        detail: reason,
      },
      { cause: error },
    );
  }
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, opcRequestId: response.headers.get('opc-request-id') };
}

/** A 5xx, 429 or timeout may pass; anything else will be answered the same way again. */
export function isTransient(status: number): boolean {
  return status === 429 || status >= 500;
}
