import { notFound } from '../http/oci-api-error.js';
import type { RequestContext, Route } from '../http/route.js';
import { knownRegionKey, regionSubscriptionsOf } from '../state/tenancy-regions.js';
import type { EmulatorState } from '../state/types.js';
import { resourceEtag } from './resource-etag.js';

/**
 * Identity 20160918 tenancy reads, how a client finds the home region its IAM writes must go to
 * (https://docs.oracle.com/en-us/iaas/Content/Identity/regions/managingregions.htm). Paths and
 * shapes follow `oci-identity/lib/client.js` `getTenancy` / `listRegionSubscriptions` and
 * `lib/model/tenancy.d.ts`, `region-subscription.d.ts` 2.139.1: `homeRegionKey` and `regionKey`
 * are upper-case three-letter keys (example `PHX`), the list is a bare JSON array.
 * Only the emulated tenancy exists: any other id is 404 NotAuthorizedOrNotFound.
 */

function tenancyOrThrow(context: RequestContext): EmulatorState['tenancy'] {
  const tenancyId = context.params['tenancyId'] ?? '';
  if (tenancyId !== context.state.tenancy.id) throw notFound(`tenancy ${tenancyId}`);
  return context.state.tenancy;
}

export const getTenancy: Route = {
  service: 'identity',
  operation: 'GetTenancy',
  method: 'GET',
  path: '/tenancies/{tenancyId}',
  handle(context) {
    const tenancy = tenancyOrThrow(context);
    const home = regionSubscriptionsOf(context.state).find((subscription) => subscription.regionName === tenancy.homeRegion);
    const model = {
      id: tenancy.id,
      name: tenancy.name,
      // The state keeps no description; the name stands in (assumed).
      description: tenancy.name,
      homeRegionKey: home?.regionKey ?? knownRegionKey(tenancy.homeRegion) ?? null,
      upiIdcsCompatibilityLayerEndpoint: null,
      freeformTags: {},
      definedTags: {},
    };
    return { status: 200, body: model, headers: { etag: resourceEtag(model) } };
  },
};

export const listRegionSubscriptions: Route = {
  service: 'identity',
  operation: 'ListRegionSubscriptions',
  method: 'GET',
  path: '/tenancies/{tenancyId}/regionSubscriptions',
  handle(context) {
    const tenancy = tenancyOrThrow(context);
    const body = regionSubscriptionsOf(context.state).map((subscription) => ({
      regionKey: subscription.regionKey,
      regionName: subscription.regionName,
      status: subscription.status,
      isHomeRegion: subscription.regionName === tenancy.homeRegion,
    }));
    return { status: 200, body };
  },
};
