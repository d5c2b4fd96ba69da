import common from 'oci-common';

/**
 * Where Object Storage's three faces live. In OCI each is its own host, in the realm's domain:
 * - native API: `https://objectstorage.<region>.oraclecloud.com` (ObjectStorageClient's
 *   serviceEndpointTemplate, oci-objectstorage lib/client.ts), GetNamespace at `/n`;
 * - Swift: `https://swiftobjectstorage.<region>.oraclecloud.com/auth/v1.0`
 *   (https://docs.oracle.com/en-us/iaas/Content/Object/Tasks/usingswift.htm);
 * - S3 compatibility: `https://<namespace>.compat.objectstorage.<region>.oraclecloud.com`, path-style
 *   (https://docs.oracle.com/en-us/iaas/Content/Object/Tasks/s3compatibleapi.htm).
 * With a base URL override (the local emulator, `CGR_OCI_ENDPOINT`) all three sit on that one
 * host, at `/n`, `/auth/v1.0` and `/s3/<region>/<namespace>/`, the layout the emulator serves.
 */

function regional(template: string, regionId: string): string {
  return common.EndpointBuilder.createEndpointFromRegionId(template, regionId);
}

function trimSlash(base: string): string {
  return base.replace(/\/+$/, '');
}

export function namespaceUrl(regionId: string, override: string | null): URL {
  return new URL(`${override ? trimSlash(override) : regional('https://objectstorage.{region}.{secondLevelDomain}', regionId)}/n`);
}

export function swiftAuthUrl(regionId: string, override: string | null): URL {
  return new URL(
    `${override ? trimSlash(override) : regional('https://swiftobjectstorage.{region}.{secondLevelDomain}', regionId)}/auth/v1.0`,
  );
}

/** ListBuckets is `GET /` on the namespace's compat host. */
export function s3ListBucketsUrl(regionId: string, namespace: string, override: string | null): URL {
  if (override) return new URL(`${trimSlash(override)}/s3/${encodeURIComponent(regionId)}/${encodeURIComponent(namespace)}/`);
  const host = regional('https://objectstorage.{region}.{secondLevelDomain}', regionId).replace(
    'https://objectstorage.',
    `https://${namespace}.compat.objectstorage.`,
  );
  return new URL(`${host}/`);
}
