import type common from 'oci-common';
import { CloudGuardClient } from 'oci-cloudguard';
import { IdentityClient } from 'oci-identity';
import { NotificationDataPlaneClient } from 'oci-ons';
import { SecretsClient } from 'oci-secrets';
import { VaultsClient } from 'oci-vault';
import { regionFor, type IdentityTarget } from './home-region.js';
import { clientConfiguration } from './retry-policy.js';

export interface OciClients {
  identity: IdentityClient;
  vaults: VaultsClient;
  secrets: SecretsClient;
  notifications: NotificationDataPlaneClient;
  cloudGuard: CloudGuardClient;
}

export interface OciClientOptions {
  provider: common.AuthenticationDetailsProvider;
  /**
   * One base URL for every service (the local emulator), `{region}` in it standing for the
   * region a client addresses. The SDK appends each API version path itself, which is how one
   * emulator port serves all services (oci-facts §0.1).
   */
  endpoint?: string | null;
}

/** Built once per container and reused by every invocation, so the first call's TLS and JIT cost is paid once. */
export function createOciClients(options: OciClientOptions): OciClients {
  const params = { authenticationDetailsProvider: options.provider };
  const configuration = clientConfiguration();
  const clients: OciClients = {
    identity: new IdentityClient(params, configuration),
    vaults: new VaultsClient(params, configuration),
    secrets: new SecretsClient(params, configuration),
    notifications: new NotificationDataPlaneClient(params, configuration),
    cloudGuard: new CloudGuardClient(params, configuration),
  };
  // Setting the endpoint last: a region set later would overwrite it (stack.md §2).
  const endpoint = endpointIn(options.endpoint ?? null, localRegionId(options.provider));
  if (endpoint) {
    for (const client of Object.values(clients) as Array<{ endpoint: string }>) client.endpoint = endpoint;
  }
  return clients;
}

/** An Identity client of another region, same credentials: IAM writes go to the home region (oci-facts §3.9). */
export function identityClientIn(options: OciClientOptions, regionId: string): IdentityTarget {
  const client = new IdentityClient({ authenticationDetailsProvider: options.provider }, clientConfiguration());
  const region = regionFor(regionId);
  client.region = region;
  const endpoint = endpointIn(options.endpoint ?? null, regionId);
  if (endpoint) client.endpoint = endpoint;
  return { client, region, endpoint };
}

/** A Cloud Guard client of another region: its writes go to the reporting region. */
export function cloudGuardClientIn(options: OciClientOptions, regionId: string): CloudGuardClient {
  const client = new CloudGuardClient({ authenticationDetailsProvider: options.provider }, clientConfiguration());
  client.region = regionFor(regionId);
  const endpoint = endpointIn(options.endpoint ?? null, regionId);
  if (endpoint) client.endpoint = endpoint;
  return client;
}

/** The region the provider's credentials belong to: where the Function runs. */
export function localRegionId(provider: common.AuthenticationDetailsProvider): string | null {
  const region = (provider as { getRegion?: () => common.Region | undefined }).getRegion?.();
  return region?.regionId ?? null;
}

export function endpointIn(template: string | null, regionId: string | null): string | null {
  if (!template) return null;
  if (!template.includes('{region}')) return template;
  return regionId ? template.replace('{region}', regionId) : template.replace('/{region}', '');
}
