import type { EmulatorState, RegionSubscriptionRecord } from './types.js';

/**
 * Region keys of the commercial realm (OC1), as the OCI SDK registers them
 * (`oci-common/lib/region.js` 2.139.1; the public list is
 * https://docs.oracle.com/en-us/iaas/Content/General/Concepts/regions.htm). Only used when a state
 * names its home region without `tenancy.regionSubscriptions`: the emulator then still knows the
 * key GetTenancy and ListRegionSubscriptions report.
 */
const OC1_REGION_KEYS: ReadonlyMap<string, string> = new Map([
  ['af-casablanca-1', 'LEJ'],
  ['af-johannesburg-1', 'JNB'],
  ['ap-batam-1', 'HSG'],
  ['ap-chuncheon-1', 'YNY'],
  ['ap-delhi-1', 'ONM'],
  ['ap-hyderabad-1', 'HYD'],
  ['ap-kulai-2', 'JBP'],
  ['ap-melbourne-1', 'MEL'],
  ['ap-mumbai-1', 'BOM'],
  ['ap-osaka-1', 'KIX'],
  ['ap-seoul-1', 'ICN'],
  ['ap-singapore-1', 'SIN'],
  ['ap-singapore-2', 'XSP'],
  ['ap-sydney-1', 'SYD'],
  ['ap-tokyo-1', 'NRT'],
  ['ca-montreal-1', 'YUL'],
  ['ca-toronto-1', 'YYZ'],
  ['eu-amsterdam-1', 'AMS'],
  ['eu-frankfurt-1', 'FRA'],
  ['eu-madrid-1', 'MAD'],
  ['eu-madrid-3', 'ORF'],
  ['eu-marseille-1', 'MRS'],
  ['eu-milan-1', 'LIN'],
  ['eu-paris-1', 'CDG'],
  ['eu-stockholm-1', 'ARN'],
  ['eu-turin-1', 'NRQ'],
  ['eu-zurich-1', 'ZRH'],
  ['il-jerusalem-1', 'MTZ'],
  ['me-abudhabi-1', 'AUH'],
  ['me-dubai-1', 'DXB'],
  ['me-jeddah-1', 'JED'],
  ['me-riyadh-1', 'RUH'],
  ['mx-monterrey-1', 'MTY'],
  ['mx-queretaro-1', 'QRO'],
  ['sa-bogota-1', 'BOG'],
  ['sa-santiago-1', 'SCL'],
  ['sa-saopaulo-1', 'GRU'],
  ['sa-valparaiso-1', 'VAP'],
  ['sa-vinhedo-1', 'VCP'],
  ['uk-cardiff-1', 'CWL'],
  ['uk-london-1', 'LHR'],
  ['us-ashburn-1', 'IAD'],
  ['us-chicago-1', 'ORD'],
  ['us-phoenix-1', 'PHX'],
  ['us-saltlake-2', 'AGA'],
  ['us-sanjose-1', 'SJC'],
]);

/** The region key of a known OC1 region id, or undefined. */
export function knownRegionKey(regionId: string): string | undefined {
  return OC1_REGION_KEYS.get(regionId);
}

/**
 * The tenancy's region subscriptions: the state's own list, or the home region alone (READY) when
 * the state names none. A home region with no known key is reported with key `UNKNOWN` rather
 * than invented (only possible for a region this table does not know and a state without a list).
 */
export function regionSubscriptionsOf(state: EmulatorState): RegionSubscriptionRecord[] {
  const listed = state.tenancy.regionSubscriptions;
  if (listed !== undefined) return listed;
  const home = state.tenancy.homeRegion;
  return [{ regionName: home, regionKey: knownRegionKey(home) ?? 'UNKNOWN', status: 'READY' }];
}

export function isSubscribedRegion(state: EmulatorState, regionId: string): boolean {
  return regionSubscriptionsOf(state).some((subscription) => subscription.regionName === regionId);
}

/** The region a request without a region path prefix is served as: `settings.defaultRegion`, else the home region. */
export function defaultRegionOf(state: EmulatorState): string {
  return state.settings.defaultRegion ?? state.tenancy.homeRegion;
}

/** Cloud Guard's reporting region: `cloudGuard.reportingRegion`, else the home region. */
export function reportingRegionOf(state: EmulatorState): string {
  return state.cloudGuard?.reportingRegion ?? state.tenancy.homeRegion;
}
