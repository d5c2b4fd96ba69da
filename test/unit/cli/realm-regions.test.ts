import { describe, expect, it } from 'vitest';
import { eventRegion, sdkRegions } from '../../../cli/replay/realm-regions.js';

describe("the OCI SDK's realm and region tables, as the replay's stand-in tenancy uses them", () => {
  it('knows the government and sovereign realms with their own domains', () => {
    // Act
    const realms = new Map(sdkRegions().map((region) => [region.realmId, region.realmDomain]));

    // Assess
    expect(realms.get('oc1')).toBe('oraclecloud.com');
    expect(realms.get('oc2')).toBe('oraclegovcloud.com');
    expect(realms.get('oc3')).toBe('oraclegovcloud.com');
    expect(realms.get('oc4')).toBe('oraclegovcloud.uk');
    expect(realms.get('oc8')).toBe('oraclecloud8.com');
    expect(realms.get('oc9')).toBe('oraclecloud9.com');
    expect(realms.get('oc10')).toBe('oraclecloud10.com');
  });

  it("takes the event's region when the SDK knows it in the problem's realm", () => {
    // Act
    const { region, substituted } = eventRegion({ region: 'us-gov-phoenix-1', problemId: 'ocid1.cloudguardproblem.oc3.tus.aaaa' });

    // Assess
    expect(region).toEqual({ regionId: 'us-gov-phoenix-1', regionKey: 'tus', realmId: 'oc3', realmDomain: 'oraclegovcloud.com' });
    expect(substituted).toBeNull();
  });

  it("falls back to the problem OCID's region key, and says so, when the event names no region or one of another realm", () => {
    // Act
    const none = eventRegion({ region: null, problemId: 'ocid1.cloudguardproblem.oc8.nja.aaaa' });
    const otherRealm = eventRegion({ region: 'us-ashburn-1', problemId: 'ocid1.cloudguardproblem.oc4.ltn.aaaa' });

    // Assess
    expect(none.region.regionId).toBe('ap-chiyoda-1');
    expect(none.substituted).toBe("the event names no region; the stand-in uses ap-chiyoda-1 (the problem OCID's region key nja)");
    expect(otherRealm.region.regionId).toBe('uk-gov-london-1');
    expect(otherRealm.substituted).toContain('the OCI SDK knows no region us-ashburn-1 in realm oc4');
  });
});
