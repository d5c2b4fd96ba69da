import { describe, expect, it } from 'vitest';
import { initialCredentialLifecycle, settleUserCredentials } from '../../../emulator/services/credential-lifecycle.js';
import type { EmulatorState, UserRecord } from '../../../emulator/state/types.js';

const T0 = new Date('2026-11-22T10:00:00.000Z');

function userWithCredentials(activatesAt: string | null): UserRecord {
  return {
    id: 'ocid1.user.oc1..aaaaaaaalifecycle',
    compartmentId: 'ocid1.tenancy.oc1..aaaaaaaalifecycle',
    name: 'lifecycle',
    description: 'lifecycle test user',
    email: null,
    lifecycleState: 'ACTIVE',
    timeCreated: T0.toISOString(),
    identityProviderId: null,
    capabilities: { canUseConsolePassword: true, canUseApiKeys: true, canUseAuthTokens: true, canUseCustomerSecretKeys: true },
    apiKeys: [{ fingerprint: 'aa:bb', keyValue: 'pem', timeCreated: T0.toISOString(), lifecycleState: 'CREATING', activatesAt }],
    authTokens: [
      {
        id: 'ocid1.credential.oc1..a',
        description: '',
        timeCreated: T0.toISOString(),
        timeExpires: null,
        lifecycleState: 'CREATING',
        activatesAt,
        tokenSha256: 'x',
      },
    ],
    customerSecretKeys: [
      {
        id: 'c'.repeat(40),
        displayName: 'k',
        timeCreated: T0.toISOString(),
        timeExpires: null,
        lifecycleState: 'CREATING',
        activatesAt,
        keySha256: 'y',
      },
    ],
    uiPassword: null,
  };
}

function stateWith(user: UserRecord): EmulatorState {
  return {
    version: 1,
    tenancy: { id: user.compartmentId, name: 'lifecycle', homeRegion: 'us-ashburn-1' },
    settings: {
      credentialActivationDelayMs: 0,
      secretUpdatingMs: 0,
      limits: { apiKeysPerUser: 3, authTokensPerUser: 2, customerSecretKeysPerUser: 2, secretVersionsPerSecret: 30 },
      maxClockSkewMs: 300_000,
    },
    users: [user],
    vaults: [],
    secrets: [],
    topics: [],
    problems: [],
    resourcePrincipalSessions: [],
  };
}

function states(state: EmulatorState): string[] {
  const user = state.users[0];
  if (!user) throw new Error('fixture has no user');
  return [...user.apiKeys, ...user.authTokens, ...user.customerSecretKeys].map((credential) => credential.lifecycleState);
}

describe('initialCredentialLifecycle', () => {
  it('starts CREATING until now + delay', () => {
    // Prepare
    const delayMs = 1_500;

    // Act
    const lifecycle = initialCredentialLifecycle(T0, delayMs);

    // Assess
    expect(lifecycle).toEqual({ lifecycleState: 'CREATING', activatesAt: '2026-11-22T10:00:01.500Z' });
  });

  it('is ACTIVE at once with no activation time when the delay is 0', () => {
    // Prepare
    const delayMs = 0;

    // Act
    const lifecycle = initialCredentialLifecycle(T0, delayMs);

    // Assess
    expect(lifecycle).toEqual({ lifecycleState: 'ACTIVE', activatesAt: null });
  });
});

describe('settleUserCredentials', () => {
  it('leaves credentials CREATING before their activation time', () => {
    // Prepare
    const state = stateWith(userWithCredentials('2026-11-22T10:00:05.000Z'));

    // Act
    settleUserCredentials(state, new Date('2026-11-22T10:00:04.999Z'));

    // Assess
    expect(states(state)).toEqual(['CREATING', 'CREATING', 'CREATING']);
  });

  it('flips every credential type to ACTIVE at its activation time and clears activatesAt', () => {
    // Prepare
    const state = stateWith(userWithCredentials('2026-11-22T10:00:05.000Z'));

    // Act
    settleUserCredentials(state, new Date('2026-11-22T10:00:05.000Z'));

    // Assess
    expect(states(state)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE']);
    const user = state.users[0];
    expect(user?.apiKeys[0]?.activatesAt).toBeNull();
    expect(user?.authTokens[0]?.activatesAt).toBeNull();
    expect(user?.customerSecretKeys[0]?.activatesAt).toBeNull();
  });

  it('keeps a CREATING credential with no activation time CREATING', () => {
    // Prepare
    const state = stateWith(userWithCredentials(null));

    // Act
    settleUserCredentials(state, new Date('2030-01-01T00:00:00.000Z'));

    // Assess
    expect(states(state)).toEqual(['CREATING', 'CREATING', 'CREATING']);
  });
});
