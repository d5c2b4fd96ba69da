import type { UserRecord } from './types.js';

/**
 * A user that only signs requests (an operator, the emulator's administrator): API keys allowed,
 * no console password, auth tokens or customer secret keys, no credentials yet.
 */
export function serviceUser(fields: { id: string; compartmentId: string; name: string; description: string; now: Date }): UserRecord {
  return {
    id: fields.id,
    compartmentId: fields.compartmentId,
    name: fields.name,
    description: fields.description,
    email: null,
    lifecycleState: 'ACTIVE',
    timeCreated: fields.now.toISOString(),
    identityProviderId: null,
    capabilities: { canUseConsolePassword: false, canUseApiKeys: true, canUseAuthTokens: false, canUseCustomerSecretKeys: false },
    apiKeys: [],
    authTokens: [],
    customerSecretKeys: [],
    uiPassword: null,
  };
}
