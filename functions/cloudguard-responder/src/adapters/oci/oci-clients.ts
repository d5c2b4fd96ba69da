import type common from 'oci-common';
import { CloudGuardClient } from 'oci-cloudguard';
import { IdentityClient } from 'oci-identity';
import { NotificationDataPlaneClient } from 'oci-ons';
import { SecretsClient } from 'oci-secrets';
import { VaultsClient } from 'oci-vault';
import { regionFor, type IdentityTarget } from './home-region.js';
import { signedClientParams } from './key-object-request-signer.js';
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
   * emulator port serves all services (oci-behaviour §0.1).
   */
  endpoint?: string | null;
}

/**
 * Built once per container and reused by every invocation, so the first call's TLS and JIT cost
 * is paid once. Each client is constructed when it is first used, not at cold start: its
 * construction (a circuit breaker, a signer over the provider's key) is time and heap before
 * the socket listens (`npm run bench`). Until then each field is a stand-in that forwards every
 * property read and write to the real client, made on first touch, so callers that keep a
 * reference from start-up see the one real client.
 */
export function createOciClients(options: OciClientOptions): OciClients {
  // One signer for the five clients, made with the first of them.
  let shared: common.AuthParams | null = null;
  const params = (): common.AuthParams => (shared ??= signedClientParams(options.provider));
  const configuration = clientConfiguration();
  const endpoint = endpointIn(options.endpoint ?? null, localRegionId(options.provider));
  const configure = <T extends { endpoint: string }>(client: T): T => {
    // Setting the endpoint last: a region set later would overwrite it (runtime-notes §2).
    if (endpoint) client.endpoint = endpoint;
    return client;
  };
  return {
    identity: onFirstUse(() => configure(new IdentityClient(params(), configuration))),
    vaults: onFirstUse(() => configure(new VaultsClient(params(), configuration))),
    secrets: onFirstUse(() => configure(new SecretsClient(params(), configuration))),
    notifications: onFirstUse(() => configure(new NotificationDataPlaneClient(params(), configuration))),
    cloudGuard: onFirstUse(() => configure(new CloudGuardClient(params(), configuration))),
  };
}

/** A stand-in for an object made by `make` on the first property access; methods stay bound to it. */
function onFirstUse<T extends object>(make: () => T): T {
  let real: T | undefined;
  const target = (): T => (real ??= make());
  return new Proxy({} as T, {
    get(_, property) {
      const client = target();
      const value: unknown = Reflect.get(client, property, client);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(client) : value;
    },
    set(_, property, value) {
      return Reflect.set(target(), property, value);
    },
    has(_, property) {
      return Reflect.has(target(), property);
    },
    getPrototypeOf() {
      return Reflect.getPrototypeOf(target());
    },
  });
}

/** An Identity client of another region, same credentials: IAM writes go to the home region (oci-behaviour §3.9). */
export function identityClientIn(options: OciClientOptions, regionId: string): IdentityTarget {
  const client = new IdentityClient(signedClientParams(options.provider), clientConfiguration());
  const region = regionFor(regionId);
  client.region = region;
  const endpoint = endpointIn(options.endpoint ?? null, regionId);
  if (endpoint) client.endpoint = endpoint;
  return { client, region, endpoint };
}

/** A Cloud Guard client of another region: its writes go to the reporting region. */
export function cloudGuardClientIn(options: OciClientOptions, regionId: string): CloudGuardClient {
  const client = new CloudGuardClient(signedClientParams(options.provider), clientConfiguration());
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
