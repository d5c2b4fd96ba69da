import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const EVENTS = join(import.meta.dirname, '..', '..', 'events', 'cloudguard');

/**
 * A bundled sample event as another tenancy would have captured it: every OCID replaced by one of
 * the same kind in `realm` (regional ones in `regionKey`), the region named `regionId`. The new
 * OCIDs are derived from the old ones and the realm, so the event stays self-consistent (the API
 * key's resource id still names the same tenancy and user as the event).
 */
export function foreignEvent(sample: string, place: { realm: string; regionId: string; regionKey: string; tenancy?: string }): string {
  const text = readFileSync(join(EVENTS, sample), 'utf8');
  return text
    .replace(/ocid1\.([a-z0-9]+)\.oc[0-9]+\.([a-z0-9-]*)\.([a-z0-9]+)/g, (whole: string, type: string, region: string) => {
      const unique = createHash('sha256')
        .update(`${whole}/${place.realm}/${place.tenancy ?? ''}`)
        .digest('hex')
        .replace(/[0-9]/g, (digit) => 'qrstuvwxyz'[Number(digit)] ?? 'q')
        .slice(0, 52);
      return `ocid1.${type}.${place.realm}.${region ? place.regionKey : ''}.aaaaaaaa${unique}`;
    })
    .replaceAll('"us-ashburn-1"', `"${place.regionId}"`);
}
