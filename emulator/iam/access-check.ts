import { OciApiError } from '../http/oci-api-error.js';
import type { Principal } from '../http/route.js';
import type { EmulatorState } from '../state/types.js';
import { authorize, type AccessDecision } from './authorize.js';

/**
 * The server's hook: null when the call may proceed, else the error OCI answers. A call no
 * statement allows gets `404 NotAuthorizedOrNotFound`, the same answer as a missing resource,
 * so a caller cannot probe for what exists (docs, API Errors: "NotAuthorizedOrNotFound:
 * Authorization failed or requested resource not found",
 * https://docs.oracle.com/iaas/Content/API/References/apierrors.htm).
 */
export function accessDenial(
  state: EmulatorState,
  principal: Principal,
  operation: string,
  params: Readonly<Record<string, string>>,
  query: URLSearchParams,
): { error: OciApiError; decision: Extract<AccessDecision, { allowed: false }> } | null {
  const decision = authorize({ state, principal, operation, params, query });
  if (decision.allowed) return null;
  return { error: new OciApiError(404, 'NotAuthorizedOrNotFound', 'Authorization failed or requested resource not found.'), decision };
}
