/** `ocid1.<type>.<realm>.<region>.<unique>`; global resources have an empty region part. */
export const OCID_PATTERN = /^ocid1\.([a-z0-9_]+)\.oc[0-9]+\.([a-z0-9_-]*)\.[a-z0-9]+$/;

export function ocidType(value: string): string | null {
  return OCID_PATTERN.exec(value)?.[1] ?? null;
}

export const API_KEY_FINGERPRINT_PATTERN = /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/;
