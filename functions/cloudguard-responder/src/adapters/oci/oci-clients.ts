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

/** Built once per container and reused by every invocation, so the first call's TLS and JIT cost is paid once. */
export function createOciClients(options: OciClientOptions): OciClients {
  const params = { authenticationDetailsProvider: options.provider };
  const configuration = clientConfiguration(options.retry);
  const clients: OciClients = {
    identity: new IdentityClient(params, configuration),
    vaults: new VaultsClient(params, configuration),
    secrets: new SecretsClient(params, configuration),
    notifications: new NotificationDataPlaneClient(params, configuration),
    cloudGuard: new CloudGuardClient(params, configuration),
  };
  if (options.identityRegion) clients.identity.region = options.identityRegion;
  // Setting the endpoint last: a region set later would overwrite it (stack.md §2).
  if (options.endpoint) {
    for (const client of Object.values(clients) as Array<{ endpoint: string }>) client.endpoint = options.endpoint;
  }
  return clients;
}
