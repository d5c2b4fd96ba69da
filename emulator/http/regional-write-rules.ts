import { defaultRegionOf, isSubscribedRegion, reportingRegionOf } from '../state/tenancy-regions.js';
import type { EmulatorState } from '../state/types.js';
import { OciApiError } from './oci-api-error.js';
import type { Route } from './route.js';

/**
 * Which region answers a request, and which writes a region refuses.
 *
 * - Identity writes must go to the home region: "When you use the API to update your IAM
 *   resources, you must use the endpoint for your home region"
 *   (https://docs.oracle.com/en-us/iaas/Content/Identity/regions/managingregions.htm), answered
 *   `403 NotAllowed`, "This operation must be directed at the home region"
 *   (https://docs.oracle.com/en-us/iaas/Content/API/References/apierrors.htm). Identity reads are
 *   served everywhere; IAM's propagation delay to other regions is not modelled.
 * - Cloud Guard: "you can perform Create, Update, and Delete operations only from the reporting
 *   region of your Cloud Guard tenancy. You can perform Read operations from any region"
 *   (`oci-cloudguard/lib/client.d.ts` header, https://docs.oracle.com/en-us/iaas/api/#/en/cloud-guard/20200131/).
 *   The error OCI answers is not documented: `409 Conflict` is assumed.
 * - A region the tenancy is not subscribed to does not know it: `401 NotAuthenticated` (assumed).
 */

export const NOT_HOME_REGION_MESSAGE = 'This operation must be directed at the home region.';

/** The region a request is served as: its path prefix, else the state's default region. */
export function servedRegion(state: EmulatorState, prefixRegion: string | null): string {
  return prefixRegion ?? defaultRegionOf(state);
}

/** Assumed: a region the tenancy is not subscribed to cannot authenticate its users. */
export function assertSubscribedRegion(state: EmulatorState, region: string): void {
  if (!isSubscribedRegion(state, region)) {
    throw new OciApiError(401, 'NotAuthenticated', `The tenancy is not subscribed to region ${region}.`);
  }
}

export function assertWriteAllowedInRegion(route: Route, state: EmulatorState, region: string): void {
  if (route.method === 'GET') return;
  if (route.service === 'identity' && region !== state.tenancy.homeRegion) {
    throw new OciApiError(
      403,
      'NotAllowed',
      `${NOT_HOME_REGION_MESSAGE} ${route.operation} was sent to ${region}; the home region is ${state.tenancy.homeRegion}.`,
    );
  }
  const reportingRegion = reportingRegionOf(state);
  if (route.service === 'cloudguard' && region !== reportingRegion) {
    // Assumed code: Cloud Guard documents the rule but not the error.
    throw new OciApiError(
      409,
      'Conflict',
      `Cloud Guard accepts ${route.operation} only in the reporting region ${reportingRegion}; this request was sent to ${region}.`,
    );
  }
}
