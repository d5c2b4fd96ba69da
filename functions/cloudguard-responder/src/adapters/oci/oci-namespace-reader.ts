import common from 'oci-common';
import type { ObjectStorageNamespacePort } from '../../ports/credential-proof-port.js';
import { OciCallError } from '../../errors/oci-call-error.js';
import { namespaceUrl } from './object-storage-endpoints.js';

export interface OciNamespaceReaderOptions {
  /** Signs the call, as every OCI SDK client would (API key or resource principal). */
  provider: common.AuthenticationDetailsProvider;
  /** Region identifier of the Object Storage endpoint. */
  region: string;
  /** Base URL override (the local emulator); null or absent: OCI's Object Storage host. */
  endpoint?: string | null;
  timeoutMs?: number;
}

const OPERATION = 'GetNamespace';

/**
 * GetNamespace without the oci-objectstorage package (not a dependency): the one request the
 * SDK's ObjectStorageClient#getNamespace sends, `GET /n` answering the namespace as a JSON string
 * (oci-objectstorage lib/client.ts), signed by oci-common's DefaultRequestSigner like any SDK call.
 * A namespace never changes (ObjectStorageClient#getNamespace doc comment), so the first answer is kept.
 */
export function createOciNamespaceReader(options: OciNamespaceReaderOptions): ObjectStorageNamespacePort {
  const url = namespaceUrl(options.region, options.endpoint ?? null);
  const signer = new common.DefaultRequestSigner(options.provider);
  const timeoutMs = options.timeoutMs ?? 10_000;
  let known: string | null = null;

  const read = async (): Promise<string> => {
    const headers = new Headers({ 'content-type': 'application/json' });
    await signer.signHttpRequest({ method: 'GET', uri: url.toString(), headers });
    // fetch derives Host from the URL itself (the value just signed).
    headers.delete('host');
    let response: Response;
    try {
      response = await fetch(url, { method: 'GET', headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw failure(
        null,
        null,
        null,
        error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `could not reach ${url.host}`,
        error,
      );
    }
    const opcRequestId = response.headers.get('opc-request-id');
    const text = await response.text();
    const body = parseJson(text);
    if (!response.ok) {
      const serviceCode = typeof body === 'object' && body !== null && 'code' in body ? String((body as { code: unknown }).code) : null;
      throw failure(response.status, serviceCode, opcRequestId, 'Object Storage refused GetNamespace');
    }
    if (typeof body !== 'string' || body === '') throw failure(response.status, null, opcRequestId, 'GetNamespace answered no namespace');
    return body;
  };

  return {
    getNamespace: async () => {
      known ??= await read();
      return known;
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function failure(
  statusCode: number | null,
  serviceCode: string | null,
  opcRequestId: string | null,
  detail: string,
  cause?: unknown,
): OciCallError {
  const retryable = statusCode === null || statusCode === 429 || statusCode >= 500;
  return new OciCallError(
    { operation: OPERATION, resourceId: 'tenancy namespace', statusCode, serviceCode, opcRequestId, retryable, detail },
    cause === undefined ? undefined : { cause },
  );
}
