import common from 'oci-common';
import { IdentityClient } from 'oci-identity';
import type { ApiKeyProbePort } from '../../ports/identity-port.js';
import { signedClientParams } from './key-object-request-signer.js';
import { clientConfiguration } from './retry-policy.js';
import type { IdentityTarget } from './home-region.js';
import { failureOf } from './failure-of.js';
import type { OciCaller } from './oci-call.js';

/**
 * Proves a new API key by using it: a client signed with that key lists the user's own API
 * keys (ListApiKeys on the caller's own user id, which OCI lets every user do for themselves
 * without any policy, oci-behaviour §3.7), in the home region where the key was just uploaded.
 * OCI verifies the signature against the uploaded public key, so success means the key is
 * registered, ACTIVE and the private key in Vault is its true pair. A 401 means IAM has not
 * propagated it yet (oci-behaviour §3.9): the rotation waits that out.
 */
export function createOciApiKeyProbe(options: { caller: OciCaller; home(tenancyId: string): Promise<IdentityTarget> }): ApiKeyProbePort {
  return {
    proveApiKey: async ({ tenancyId, userId, fingerprint, privateKeyPem }) => {
      const home = await options.home(tenancyId);
      const provider = new common.SimpleAuthenticationDetailsProvider(
        tenancyId,
        userId,
        fingerprint,
        privateKeyPem.reveal(),
        null,
        home.region,
      );
      const client = new IdentityClient(signedClientParams(provider), clientConfiguration());
      if (home.endpoint) client.endpoint = home.endpoint;
      try {
        await options.caller.call('ListApiKeys (signed with the new key)', userId, async (seen) =>
          seen(await client.listApiKeys({ userId })),
        );
        return 'proven';
      } catch (error) {
        if (failureOf(error).status === 401) return 'not-yet';
        throw error;
      }
    },
  };
}
