import { UnexpectedResponseError } from '../../errors/unexpected-response-error.js';
import common from 'oci-common';
import type { IdentityClient } from 'oci-identity';
import type { OciCaller } from './oci-call.js';

/** Where Identity calls for one tenancy go: its home region, and that region's endpoint. */
export interface IdentityTarget {
  client: IdentityClient;
  region: common.Region;
  /** The endpoint override the client uses (local emulator), or null for OCI's own. */
  endpoint: string | null;
}

export interface HomeRegionOptions {
  caller: OciCaller;
  /** The Identity client of the region the Function runs in: reads work from anywhere. */
  local: IdentityTarget;
  /** `CGR_IDENTITY_REGION`: skips discovery. */
  pinnedRegionId: string | null;
  /** A client of the same kind, pointed at another region. */
  clientIn(regionId: string): IdentityTarget;
}

/**
 * IAM writes must be sent to the tenancy's home region (oci-behaviour §3.9): anywhere else they are
 * refused. The home region is found once per container with ListRegionSubscriptions (the
 * subscription marked `isHomeRegion`), unless configuration pins it, and all Identity calls
 * that touch credentials then go there, so a credential just created is read where it was
 * written. A failed discovery is not cached: the next call tries again.
 */
export function createHomeRegionRouter(options: HomeRegionOptions): { targetFor(tenancyId: string): Promise<IdentityTarget> } {
  const found = new Map<string, Promise<IdentityTarget>>();
  const pinned = options.pinnedRegionId;
  const inRegion = (regionId: string): IdentityTarget =>
    regionId === options.local.region.regionId ? options.local : options.clientIn(regionId);
  return {
    targetFor(tenancyId) {
      if (pinned) return Promise.resolve(cached(found, pinned, () => inRegion(pinned)));
      let target = found.get(tenancyId);
      if (!target) {
        target = discover(options, tenancyId).then(inRegion);
        target.catch(() => found.delete(tenancyId));
        found.set(tenancyId, target);
      }
      return target;
    },
  };
}

function cached(found: Map<string, Promise<IdentityTarget>>, key: string, make: () => IdentityTarget): Promise<IdentityTarget> {
  let target = found.get(key);
  if (!target) {
    target = Promise.resolve(make());
    found.set(key, target);
  }
  return target;
}

async function discover(options: HomeRegionOptions, tenancyId: string): Promise<string> {
  const subscriptions = await options.caller.call(
    'ListRegionSubscriptions',
    tenancyId,
    async (seen) => seen(await options.local.client.listRegionSubscriptions({ tenancyId })).items,
  );
  const home = subscriptions.find((subscription) => subscription.isHomeRegion);
  if (!home?.regionName)
    throw new UnexpectedResponseError({ operation: 'ListRegionSubscriptions', resourceId: tenancyId, detail: 'names no home region' });
  return home.regionName;
}

/** A Region object for any id, registering ids this SDK build does not know yet (new regions). */
export function regionFor(regionId: string): common.Region {
  try {
    return common.Region.fromRegionId(regionId);
  } catch {
    return common.Region.register(regionId, common.Realm.OC1);
  }
}
