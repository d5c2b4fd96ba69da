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
 * A new OCID, `ocid1.<type>.oc1.<region>.<unique>`. Global resources (tenancy, user,
 * credential) have an empty region part, as OCI's do: `ocid1.user.oc1..aaaa…`.
 */
export function newOcid(resourceType: string, region = ''): string {
  return `ocid1.${resourceType}.oc1.${region}.aaaaaaaa${randomOcidPart(52)}`;
}

/** OCI's `opc-request-id` shape: three 32-hex groups joined by `/` (oci-behaviour §8). */
export function newOpcRequestId(clientSupplied?: string): string {
  // randomUUID draws from a cached pool of entropy; randomBytes(16) was a system call per group,
  // three a request. Six fixed version bits do not matter in an id nobody parses.
  const group = (): string => randomUUID().replaceAll('-', '').toUpperCase();
  const first = clientSupplied ? clientSupplied.replace(/[^A-Za-z0-9-]/g, '').slice(0, 32) || group() : group();
  return `${first}/${group()}/${group()}`;
}
