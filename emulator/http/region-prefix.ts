/**
 * One port serves every subscribed region: `http://127.0.0.1:PORT/<region-id>/<api-version>/…`
 * is that region's endpoint. The OCI TypeScript SDK appends its API version to whatever
 * `client.endpoint` holds (`oci-identity/lib/client.js` `set endpoint`: `endpoint + "/20160918"`)
 * and signs the full path as `(request-target)`, so a client pointed at
 * `http://127.0.0.1:PORT/us-phoenix-1` sends signed requests to `/us-phoenix-1/20160918/…`.
 * A request without a prefix is served as `settings.defaultRegion` (the home region by default).
 */

/** Region identifiers as the state schema accepts them (`us-ashburn-1`, `us-gov-phoenix-1`, `me-dcc-muscat-1`). */
export const REGION_ID_PATTERN = /^[a-z]+(-[a-z]+)+-[0-9]+$/;

export class InvalidRegionIdError extends Error {
  override name = 'InvalidRegionIdError';

  constructor(readonly regionId: string) {
    super(`Not a region identifier: '${regionId}' (expected the form us-phoenix-1).`);
  }
}

/**
 * Splits `/<region-id>/<rest>` into the region and the API path. API versions are all digits, so a
 * first segment of the region form cannot be mistaken for one. `regionId` is null without a prefix.
 */
export function splitRegionPrefix(pathname: string): { regionId: string | null; apiPath: string } {
  const match = /^\/([^/]+)(\/.*)?$/.exec(pathname);
  const first = match?.[1];
  if (first === undefined || !REGION_ID_PATTERN.test(first)) return { regionId: null, apiPath: pathname };
  return { regionId: first, apiPath: match?.[2] ?? '/' };
}

/** The endpoint of one region on an emulator served at `baseUrl`. */
export function regionEndpoint(baseUrl: string, regionId: string): string {
  if (!REGION_ID_PATTERN.test(regionId)) throw new InvalidRegionIdError(regionId);
  return `${baseUrl}/${regionId}`;
}
