import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import type { EmulatorState } from '../../../emulator/state/types.js';
import { ociFailure, startEmulatorHarness, type EmulatorClients, type EmulatorHarness } from '../../support/emulator.js';
import { pooledPublicKeyPem } from '../../support/key-pool.js';

// Identity-domain tenancies through the real IdentityClient over HTTP: a console password reset
// emails a link and returns no password; a user of a non-default domain is not reachable through
// the classic credential calls (404 NotAuthorizedOrNotFound, assumed).

let harness: EmulatorHarness;
let baseline: EmulatorState;

beforeAll(async () => {
  harness = await startEmulatorHarness();
  baseline = harness.emulator.getState({ includeSecretContent: true });
});

afterAll(async () => {
  await harness?.close();
});

beforeEach(() => {
  harness.emulator.setState(baseline);
});

function withIdentityDomains(aliceDomain?: string): EmulatorState {
  const state = structuredClone(baseline);
  state.tenancy.identityDomains = true;
  const alice = state.users.find((user) => user.id === sampleIds.alice);
  if (alice && aliceDomain !== undefined) alice.domain = aliceDomain;
  return state;
}

describe('CreateOrResetUIPassword in an identity-domain tenancy', () => {
  it('returns the UIPassword without a password and records the reset', async () => {
    // Prepare
    harness.emulator.setState(withIdentityDomains());

    // Act
    const reset = await harness.clients.identity.createOrResetUIPassword({ userId: sampleIds.alice });
    const information = await harness.clients.identity.getUserUIPasswordInformation({ userId: sampleIds.alice });

    // Assess
    expect(reset.uIPassword.password).toBeUndefined();
    expect(reset.uIPassword).toMatchObject({ userId: sampleIds.alice, lifecycleState: 'ACTIVE' });
    expect(information.uIPasswordInformation.timeCreated).toBe(reset.uIPassword.timeCreated);
    expect(harness.emulator.getState().users.find((user) => user.id === sampleIds.alice)?.uiPassword?.passwordSha256).toBeNull();
  });

  it('still returns a password in a tenancy without identity domains', async () => {
    // Act
    const reset = await harness.clients.identity.createOrResetUIPassword({ userId: sampleIds.alice });

    // Assess
    expect(reset.uIPassword.password).toEqual(expect.any(String));
  });
});

describe('users of a non-default identity domain', () => {
  const pem = pooledPublicKeyPem();
  const classicCalls: Array<[string, (clients: EmulatorClients) => Promise<unknown>]> = [
    ['ListApiKeys', (clients) => clients.identity.listApiKeys({ userId: sampleIds.alice })],
    ['UploadApiKey', (clients) => clients.identity.uploadApiKey({ userId: sampleIds.alice, createApiKeyDetails: { key: pem } })],
    ['DeleteApiKey', (clients) => clients.identity.deleteApiKey({ userId: sampleIds.alice, fingerprint: sampleIds.apiFingerprint })],
    ['ListAuthTokens', (clients) => clients.identity.listAuthTokens({ userId: sampleIds.alice })],
    [
      'CreateAuthToken',
      (clients) => clients.identity.createAuthToken({ userId: sampleIds.alice, createAuthTokenDetails: { description: 'x' } }),
    ],
    ['DeleteAuthToken', (clients) => clients.identity.deleteAuthToken({ userId: sampleIds.alice, authTokenId: sampleIds.authToken })],
    ['ListCustomerSecretKeys', (clients) => clients.identity.listCustomerSecretKeys({ userId: sampleIds.alice })],
    [
      'CreateCustomerSecretKey',
      (clients) =>
        clients.identity.createCustomerSecretKey({ userId: sampleIds.alice, createCustomerSecretKeyDetails: { displayName: 'x' } }),
    ],
    [
      'DeleteCustomerSecretKey',
      (clients) =>
        clients.identity.deleteCustomerSecretKey({ userId: sampleIds.alice, customerSecretKeyId: sampleIds.customerSecretKeyId }),
    ],
    ['CreateOrResetUIPassword', (clients) => clients.identity.createOrResetUIPassword({ userId: sampleIds.alice })],
    ['GetUserUIPasswordInformation', (clients) => clients.identity.getUserUIPasswordInformation({ userId: sampleIds.alice })],
  ];

  it.each(classicCalls)('%s answers 404 NotAuthorizedOrNotFound and changes nothing', async (_operation, send) => {
    // Prepare
    const state = withIdentityDomains('engineering');
    harness.emulator.setState(state);

    // Act
    const failure = await ociFailure(send(harness.clients));

    // Assess
    expect([failure.statusCode, failure.serviceCode]).toEqual([404, 'NotAuthorizedOrNotFound']);
    expect(harness.emulator.getState({ includeSecretContent: true }).users).toEqual(state.users);
  });

  it('GetUser still answers (assumed), and a user of the Default domain keeps the classic calls', async () => {
    // Prepare
    harness.emulator.setState(withIdentityDomains('engineering'));
    const user = await harness.clients.identity.getUser({ userId: sampleIds.alice });
    harness.emulator.setState(withIdentityDomains('Default'));

    // Act
    const keys = await harness.clients.identity.listApiKeys({ userId: sampleIds.alice });

    // Assess
    expect(user.user.id).toBe(sampleIds.alice);
    expect(keys.items.map((key) => key.fingerprint)).toEqual([sampleIds.apiFingerprint]);
  });
});
