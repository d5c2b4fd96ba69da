import common from 'oci-common';
import { CloudGuardClient } from 'oci-cloudguard';
import { IdentityClient } from 'oci-identity';
import { NotificationDataPlaneClient } from 'oci-ons';
import { SecretsClient } from 'oci-secrets';
import { VaultsClient } from 'oci-vault';
import { clientConfiguration, type RetryPolicy } from './retry-policy.js';

export interface OciClients {
  identity: IdentityClient;
  vaults: VaultsClient;
  secrets: SecretsClient;
  notifications: NotificationDataPlaneClient;
  cloudGuard: CloudGuardClient;
}

export interface OciClientOptions {
  provider: common.AuthenticationDetailsProvider;
  retry: RetryPolicy;
  /**
   * One base URL for every service (the local emulator). The SDK appends each API version
   * path itself, which is how one emulator port serves all five (oci-facts §0.1).
   */
  endpoint?: string | null;
  /** IAM writes must go to the home region (oci-facts §3.9); the others use the provider's. */
  identityRegion?: common.Region | null;
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
  const params = { authenticationDetailsProvider: options.provider };
  const configuration = clientConfiguration(options.retry);
  const configure = <T extends { endpoint: string }>(client: T): T => {
    // Setting the endpoint last: a region set later would overwrite it (stack.md §2).
    if (options.endpoint) client.endpoint = options.endpoint;
    return client;
  };
  return {
    identity: onFirstUse(() => {
      const client = new IdentityClient(params, configuration);
      if (options.identityRegion) client.region = options.identityRegion;
      return configure(client);
    }),
    vaults: onFirstUse(() => configure(new VaultsClient(params, configuration))),
    secrets: onFirstUse(() => configure(new SecretsClient(params, configuration))),
    notifications: onFirstUse(() => configure(new NotificationDataPlaneClient(params, configuration))),
    cloudGuard: onFirstUse(() => configure(new CloudGuardClient(params, configuration))),
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
