import common from 'oci-common';

/** A region as the OCI SDK registers it: its id, three-letter key and realm. */
export interface SdkRegion {
  regionId: string;
  /** Lower case, as in OCIDs (`iad`, `tus`). */
  regionKey: string;
  realmId: string;
  /** The realm's domain, where the region's service hosts live (`oraclegovcloud.com`). */
  realmDomain: string;
}

let table: readonly SdkRegion[] | null = null;

/**
 * Every region the OCI SDK registers as a constant (`oci-common/lib/region.js`, realms in
 * `oci-common/lib/realm.js`: oc1 `oraclecloud.com`, oc2 and oc3 `oraclegovcloud.com`, oc4
 * `oraclegovcloud.uk`, oc8 `oraclecloud8.com`, …). Read from the class's static fields rather than
 * `Region.values()`, which also consults instance metadata and local config files.
 */
export function sdkRegions(): readonly SdkRegion[] {
  table ??= Object.values(common.Region)
    .filter((value): value is common.Region => value instanceof common.Region)
    .filter((region) => region.regionCode !== undefined)
    .map((region) => ({
      regionId: region.regionId,
      regionKey: region.regionCode ?? '',
      realmId: region.realm.realmId,
      realmDomain: region.realm.secondLevelDomain,
    }));
  return table;
}

/** The realm part of an OCID (`ocid1.user.oc3..…` → `oc3`), or null when it has none. */
export function realmOfOcid(ocid: string): string | null {
  const realm = ocid.split('.')[2] ?? '';
  return /^oc[0-9]+$/.test(realm) ? realm : null;
}

/** The region key inside a regional OCID (`ocid1.cloudguardproblem.oc3.tus.…` → `tus`), or null. */
export function regionKeyOfOcid(ocid: string): string | null {
  const key = ocid.split('.')[3] ?? '';
  return key === '' ? null : key;
}

/**
 * The region a captured event comes from, in its own realm: the event's `region` when the SDK
 * knows it in that realm, else the region whose key the problem's OCID carries, else the realm's
 * first region. `substituted` says why the event's own region was not used, for the report.
 */
export function eventRegion(event: { region: string | null; problemId: string }): { region: SdkRegion; substituted: string | null } {
  const realm = realmOfOcid(event.problemId) ?? 'oc1';
  const inRealm = sdkRegions().filter((region) => region.realmId === realm);
  const named = inRealm.find((region) => region.regionId === event.region);
  if (named) return { region: named, substituted: null };
  const key = regionKeyOfOcid(event.problemId);
  const fromKey = inRealm.find((region) => region.regionKey === key);
  const fallback = fromKey ?? inRealm[0] ?? sdkRegions().find((region) => region.regionId === 'us-ashburn-1');
  if (!fallback) throw new Error('the OCI SDK registers no region');
  const given = event.region === null ? 'the event names no region' : `the OCI SDK knows no region ${event.region} in realm ${realm}`;
  return {
    region: fallback,
    substituted: `${given}; the stand-in uses ${fallback.regionId}${fromKey ? ` (the problem OCID's region key ${fromKey.regionKey})` : ''}`,
  };
}
