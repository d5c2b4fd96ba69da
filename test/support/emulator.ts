import common from 'oci-common';
import { CloudGuardClient } from 'oci-cloudguard';
import { IdentityClient } from 'oci-identity';
import { NotificationDataPlaneClient } from 'oci-ons';
import { SecretsClient } from 'oci-secrets';
import { VaultsClient } from 'oci-vault';
import { createOciEmulator, type ApiKeyIdentity, type OciEmulator, type OciEmulatorOptions } from '../../emulator/index.js';

export interface EmulatorClients {
  identity: IdentityClient;
  vaults: VaultsClient;
  secrets: SecretsClient;
  notifications: NotificationDataPlaneClient;
  cloudGuard: CloudGuardClient;
}

export interface EmulatorHarness {
  emulator: OciEmulator;
  identity: ApiKeyIdentity;
  provider: common.SimpleAuthenticationDetailsProvider;
  clients: EmulatorClients;
  clientsFor(identity: ApiKeyIdentity): EmulatorClients;
  close(): Promise<void>;
}

const OPERATOR_NAME = 'cg-responder-operator';

export function providerFor(identity: ApiKeyIdentity, region = common.Region.US_ASHBURN_1): common.SimpleAuthenticationDetailsProvider {
  return new common.SimpleAuthenticationDetailsProvider(identity.tenancyId, identity.userId, identity.fingerprint, identity.privateKeyPem, null, region);
}

/** The five real SDK clients, pointed at the emulator, with no retries and no circuit breaker. */
export function clientsAt(url: string, provider: common.AuthenticationDetailsProvider): EmulatorClients {
  const params = { authenticationDetailsProvider: provider };
  const configuration = {
    retryConfiguration: common.NoRetryConfigurationDetails,
    circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }),
  };
  const clients: EmulatorClients = {
    identity: new IdentityClient(params, configuration),
    vaults: new VaultsClient(params, configuration),
    secrets: new SecretsClient(params, configuration),
    notifications: new NotificationDataPlaneClient(params, configuration),
    cloudGuard: new CloudGuardClient(params, configuration),
  };
  for (const client of Object.values(clients) as Array<{ endpoint: string }>) client.endpoint = url;
  return clients;
}

/** A fresh emulator plus SDK clients signed with a new API key of the operator user. */
export async function startEmulatorHarness(options: OciEmulatorOptions = {}): Promise<EmulatorHarness> {
  const emulator = await createOciEmulator(options);
  const operator = emulator.getState().users.find((user) => user.name === OPERATOR_NAME);
  if (!operator) throw new Error(`test state needs a user named ${OPERATOR_NAME}`);
  const identity = emulator.createApiKeyIdentity(operator.id);
  const provider = providerFor(identity);
  return {
    emulator,
    identity,
    provider,
    clients: clientsAt(emulator.url, provider),
    clientsFor: (other) => clientsAt(emulator.url, providerFor(other)),
    close: () => emulator.close(),
  };
}
