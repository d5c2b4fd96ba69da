/**
 * `ocid1.<resource type>.<realm>.<region>.<unique id>`; global resources (tenancy, user,
 * credential) leave the region empty (`ocid1.user.oc1..aaaa…`). The same pattern, specialised
 * per type, is in schemas/*.schema.json; a unit test keeps the two in step.
 */
export const OCID_PATTERN = /^ocid1\.([a-z0-9_]+)\.(oc[0-9]+)\.([a-z0-9_-]*)\.([a-z0-9]+)$/;

/** Real OCIDs are well under 100 characters; anything past this is not one. */
export const MAX_OCID_LENGTH = 255;

export interface Ocid {
  resourceType: string;
  realm: string;
  /** Empty for global resources. */
  region: string;
  uniqueId: string;
}

export function parseOcid(value: string): Ocid | null {
  if (value.length > MAX_OCID_LENGTH) return null;
  const match = OCID_PATTERN.exec(value);
  if (!match) return null;
  const [, resourceType = '', realm = '', region = '', uniqueId = ''] = match;
  return { resourceType, realm, region, uniqueId };
}

export function ocidType(value: string): string | null {
  return parseOcid(value)?.resourceType ?? null;
}

export function isOcidOfType(value: string, resourceType: string): boolean {
  return ocidType(value) === resourceType;
}

/** An API key fingerprint: the MD5 of the DER public key as 16 colon-separated hex pairs (oci-behaviour §3.5). */
export const API_KEY_FINGERPRINT_PATTERN = /^[0-9a-f]{2}(:[0-9a-f]{2}){15}$/;
