import common from 'oci-common';
import { IdentityClient } from 'oci-identity';
import type { ApiKeyProbePort } from '../../ports/identity-port.js';
import { ociCall } from './oci-call.js';

/**
 * Proves a new API key by using it: a client signed with that key reads the user (GetUser,
 * read-only). OCI verifies the signature against the uploaded public key, so success means the
 * key is registered, ACTIVE and the private key in Vault is its true pair.
 */
export function createOciApiKeyProbe(options: { region: common.Region; endpoint: string | null }): ApiKeyProbePort {
  return {
    proveApiKey: async ({ tenancyId, userId, fingerprint, privateKeyPem }) => {
      const provider = new common.SimpleAuthenticationDetailsProvider(tenancyId, userId, fingerprint, privateKeyPem.reveal(), null, options.region);
      const client = new IdentityClient(
        { authenticationDetailsProvider: provider },
        // One attempt: the rotation's own back-off decides how long a 401 is worth waiting out.
        { retryConfiguration: common.NoRetryConfigurationDetails, circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }) },
      );
      if (options.endpoint) client.endpoint = options.endpoint;
      await ociCall('GetUser (signed with the new key)', userId, () => client.getUser({ userId }));
    },
  };
}
