import { randomBytes, randomUUID } from 'node:crypto';

/** Lower-case base32 alphabet OCIDs use for their unique part. */
const OCID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

function randomOcidPart(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += OCID_ALPHABET[byte % OCID_ALPHABET.length];
  return out;
}

/**
 * A new OCID, `ocid1.<type>.<realm>.<region>.<unique>`. Global resources (tenancy, user,
 * credential) have an empty region part, as OCI's do: `ocid1.user.oc1..aaaa…`. The realm is the
 * one the related resource lives in (`realmOf`), so a tenancy of `oc3` gets `oc3` OCIDs
 * (OCID format: https://docs.oracle.com/en-us/iaas/Content/General/Concepts/identifiers.htm).
 */
export function newOcid(resourceType: string, region = '', realm = 'oc1'): string {
  return `ocid1.${resourceType}.${realm}.${region}.aaaaaaaa${randomOcidPart(52)}`;
}

/** The realm part of an OCID (`ocid1.user.oc2..…` → `oc2`); `oc1` when it has none. */
export function realmOf(ocid: string): string {
  const realm = ocid.split('.')[2] ?? '';
  return /^oc[0-9]+$/.test(realm) ? realm : 'oc1';
}

/** The region key inside an OCID (`ocid1.cloudguardproblem.oc1.iad.…` → `iad`); empty for a global resource. */
export function regionKeyOf(ocid: string): string {
  return ocid.split('.')[3] ?? '';
}

/** OCI's `opc-request-id` shape: three 32-hex groups joined by `/` (oci-behaviour §8). */
export function newOpcRequestId(clientSupplied?: string): string {
  // randomUUID draws from a cached pool of entropy; randomBytes(16) was a system call per group,
  // three a request. Six fixed version bits do not matter in an id nobody parses.
  const group = (): string => randomUUID().replaceAll('-', '').toUpperCase();
  const first = clientSupplied ? clientSupplied.replace(/[^A-Za-z0-9-]/g, '').slice(0, 32) || group() : group();
  return `${first}/${group()}/${group()}`;
}
