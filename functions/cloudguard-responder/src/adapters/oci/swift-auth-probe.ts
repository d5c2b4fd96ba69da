import type { CredentialProofPort } from '../../ports/credential-proof-port.js';
import { CredentialProofError } from '../../errors/credential-proof-error.js';
import { isTransient, probeGet } from './probe-http.js';
import { swiftAuthUrl } from './object-storage-endpoints.js';

export interface SwiftAuthProbeOptions {
  /** Region identifier of the Swift endpoint to use (the Function's own region). */
  region: string;
  /** Base URL override (the local emulator); null or absent: OCI's Swift host. */
  endpoint?: string | null;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
}

const OPERATION = 'Swift auth';

/**
 * Proves an auth token the way Swift clients use it: Swift v1 auth, `GET /auth/v1.0` with
 * `X-Storage-User: <namespace>/<user name>` and `X-Storage-Pass: <token>`; a 2xx proves the token,
 * a 401 refuses it ("Using the Swift API", https://docs.oracle.com/en-us/iaas/Content/Object/Tasks/usingswift.htm;
 * auth tokens authenticate Swift, https://docs.oracle.com/en-us/iaas/Content/Identity/access/managing-user-credentials.htm).
 * The session token Swift returns is not kept.
 */
export function createSwiftAuthProbe(options: SwiftAuthProbeOptions): Pick<CredentialProofPort, 'proveAuthToken'> {
  const url = swiftAuthUrl(options.region, options.endpoint ?? null);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    proveAuthToken: async ({ namespace, userName, token, withinPropagationBound }) => {
      const resourceId = `${namespace}/${userName}`;
      const answer = await probeGet(
        url,
        { 'x-storage-user': resourceId, 'x-storage-pass': token.reveal() },
        { operation: OPERATION, resourceId, timeoutMs },
      );
      if (answer.status >= 200 && answer.status < 300)
        return { proof: 'proven', protocol: 'Swift', evidence: 'authenticated', opcRequestId: answer.opcRequestId };
      if (answer.status === 401) {
        return {
          proof: withinPropagationBound ? 'not-yet' : 'rejected',
          protocol: 'Swift',
          evidence: 'Unauthorized',
          opcRequestId: answer.opcRequestId,
        };
      }
      throw new CredentialProofError({
        operation: OPERATION,
        resourceId,
        statusCode: answer.status,
        serviceCode: null,
        opcRequestId: answer.opcRequestId,
        retryable: isTransient(answer.status),
        detail: 'Swift answered neither an acceptance nor a refusal of the token',
      });
    },
  };
}
