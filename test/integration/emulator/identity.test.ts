import { createHash, generateKeyPairSync } from 'node:crypto';
import * as common from 'oci-common';
import { IdentityClient } from 'oci-identity';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../emulator/index.js';
import { newOcid } from '../../../emulator/ids.js';
import type { EmulatorState, UserRecord } from '../../../emulator/state/types.js';
import { startEmulatorHarness, type EmulatorHarness, ociFailure } from '../../support/emulator.js';
import { nextPooledKeyPair } from '../../support/key-pool.js';

// Every Identity operation the responder uses, driven through the real IdentityClient over HTTP
// (oci-behaviour §3). Each test starts from the same baseline: the sample tenancy, the harness's
// operator key, and two users of this file's own with no credentials.

let harness: EmulatorHarness;
let baseline: EmulatorState;
/** Emulator time: a VirtualClock restarted at the wall clock before each test and moved forward by the test (signatures still use real time). */
let clock = new VirtualClock();

const subject = newOcid('user');
const inactiveSubject = newOcid('user');

function testUser(id: string, overrides: Partial<UserRecord>): UserRecord {
  return {
    id,
    compartmentId: '',
    name: `identity-test-${id.slice(-6)}`,
    description: 'Identity emulator integration test user',
    email: 'identity-test@example.com',
    lifecycleState: 'ACTIVE',
    timeCreated: '2025-06-01T08:00:00.000Z',
    identityProviderId: null,
    capabilities: { canUseConsolePassword: true, canUseApiKeys: true, canUseAuthTokens: true, canUseCustomerSecretKeys: true },
    apiKeys: [],
    authTokens: [],
    customerSecretKeys: [],
    uiPassword: null,
    ...overrides,
  };
}

function resetState(changes: (state: EmulatorState) => void = () => undefined): void {
  const state = structuredClone(baseline);
  changes(state);
  harness.emulator.setState(state);
}

function storedUser(id: string): UserRecord {
  const user = harness.emulator.getState().users.find((candidate) => candidate.id === id);
  if (!user) throw new Error(`user ${id} missing from the emulator state`);
  return user;
}

function newPublicKeyPem(): { publicKeyPem: string; privateKeyPem: string; fingerprint: string } {
  const { publicKey, publicKeyPem, privateKeyPem } = nextPooledKeyPair();
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return {
    publicKeyPem,
    privateKeyPem,
    fingerprint: createHash('md5').update(der).digest('hex').match(/../g)?.join(':') ?? '',
  };
}

function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function identityClientSigningAs(tenancyId: string, userId: string, fingerprint: string, privateKeyPem: string): IdentityClient {
  const provider = new common.SimpleAuthenticationDetailsProvider(
    tenancyId,
    userId,
    fingerprint,
    privateKeyPem,
    null,
    common.Region.US_ASHBURN_1,
  );
  const client = new IdentityClient(
    { authenticationDetailsProvider: provider },
    {
      retryConfiguration: common.NoRetryConfigurationDetails,
      circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }),
    },
  );
  client.endpoint = harness.emulator.url;
  return client;
}

beforeAll(async () => {
  // One emulator for the file, a fresh clock for each test: the emulator reads whichever is current.
  const followingTestClock = { now: () => clock.now() };
  harness = await startEmulatorHarness({ clock: followingTestClock });
  baseline = harness.emulator.getState({ includeSecretContent: true });
  baseline.settings.credentialActivationDelayMs = 0;
  baseline.users.push(
    testUser(subject, { compartmentId: baseline.tenancy.id }),
    testUser(inactiveSubject, { compartmentId: baseline.tenancy.id, lifecycleState: 'INACTIVE' }),
  );
});

afterAll(async () => {
  await harness?.close();
});

beforeEach(() => {
  clock = new VirtualClock();
  resetState();
});

describe('GetUser', () => {
  it('returns the User model with all seven capability flags and an etag', async () => {
    // Prepare
    const userId = subject;

    // Act
    const response = await harness.clients.identity.getUser({ userId });

    // Assess
    expect(response.user).toMatchObject({
      id: subject,
      compartmentId: baseline.tenancy.id,
      name: `identity-test-${subject.slice(-6)}`,
      email: 'identity-test@example.com',
      lifecycleState: 'ACTIVE',
      identityProviderId: null,
      isMfaActivated: false,
    });
    expect(Object.keys(response.user.capabilities ?? {}).sort()).toEqual([
      'canUseApiKeys',
      'canUseAuthTokens',
      'canUseConsolePassword',
      'canUseCustomerSecretKeys',
      'canUseDbCredentials',
      'canUseOAuth2ClientCredentials',
      'canUseSmtpCredentials',
    ]);
    expect(response.etag).toMatch(/\S+/);
    expect(response.opcRequestId).toMatch(/\S+/);
  });

  it('answers 404 NotAuthorizedOrNotFound for an unknown user', async () => {
    // Prepare
    const userId = newOcid('user');

    // Act
    const failure = await ociFailure(harness.clients.identity.getUser({ userId }));

    // Assess
    expect(failure).toMatchObject({ statusCode: 404, serviceCode: 'NotAuthorizedOrNotFound' });
  });
});

describe('API keys', () => {
  it('uploads a key, lists it with its fingerprint and keyId, and deletes it by its colon fingerprint', async () => {
    // Prepare
    const key = newPublicKeyPem();
    const identity = harness.clients.identity;

    // Act
    const uploaded = await identity.uploadApiKey({ userId: subject, createApiKeyDetails: { key: key.publicKeyPem } });
    const listedBefore = await identity.listApiKeys({ userId: subject });
    const deleted = await identity.deleteApiKey({ userId: subject, fingerprint: key.fingerprint });
    const listedAfter = await identity.listApiKeys({ userId: subject });

    // Assess
    expect(uploaded.apiKey).toMatchObject({
      fingerprint: key.fingerprint,
      keyId: `${baseline.tenancy.id}/${subject}/${key.fingerprint}`,
      keyValue: key.publicKeyPem,
      userId: subject,
      lifecycleState: 'ACTIVE',
      inactiveStatus: null,
    });
    expect(uploaded.etag).toMatch(/\S+/);
    expect(listedBefore.items.map((apiKey) => apiKey.fingerprint)).toEqual([key.fingerprint]);
    expect(listedBefore.items[0]?.timeCreated).toBe(uploaded.apiKey.timeCreated);
    expect(deleted.opcRequestId).toMatch(/\S+/);
    expect(listedAfter.items).toEqual([]);
    expect(storedUser(subject).apiKeys).toEqual([]);
  });

  it('lets a new key sign requests only once it has turned ACTIVE', async () => {
    // Prepare
    resetState((state) => {
      state.settings.credentialActivationDelayMs = 60_000;
    });
    const key = newPublicKeyPem();
    const uploaded = await harness.clients.identity.uploadApiKey({ userId: subject, createApiKeyDetails: { key: key.publicKeyPem } });
    const newKeyClient = identityClientSigningAs(baseline.tenancy.id, subject, key.fingerprint, key.privateKeyPem);

    // Act
    const whileCreating = await ociFailure(newKeyClient.getUser({ userId: subject }));
    clock.advance(60_000);
    const listedAfterDelay = await harness.clients.identity.listApiKeys({ userId: subject });
    const onceActive = await newKeyClient.getUser({ userId: subject });

    // Assess
    expect(uploaded.apiKey.lifecycleState).toBe('CREATING');
    expect(whileCreating).toMatchObject({ statusCode: 401, serviceCode: 'NotAuthenticated' });
    expect(listedAfterDelay.items.map((apiKey) => apiKey.lifecycleState)).toEqual(['ACTIVE']);
    expect(onceActive.user.id).toBe(subject);
  });

  it('keeps a key CREATING until its activation time has passed', async () => {
    // Prepare
    resetState((state) => {
      state.settings.credentialActivationDelayMs = 60_000;
    });
    const key = newPublicKeyPem();
    await harness.clients.identity.uploadApiKey({ userId: subject, createApiKeyDetails: { key: key.publicKeyPem } });

    // Act
    clock.advance(59_000);
    const beforeActivation = await harness.clients.identity.listApiKeys({ userId: subject });
    clock.advance(2_000);
    const afterActivation = await harness.clients.identity.listApiKeys({ userId: subject });

    // Assess
    expect(beforeActivation.items.map((apiKey) => apiKey.lifecycleState)).toEqual(['CREATING']);
    expect(afterActivation.items.map((apiKey) => apiKey.lifecycleState)).toEqual(['ACTIVE']);
    expect(storedUser(subject).apiKeys[0]?.activatesAt).toBeNull();
  });

  it('refuses a fourth API key with 400 LimitExceeded naming the limit', async () => {
    // Prepare
    const keys = [newPublicKeyPem(), newPublicKeyPem(), newPublicKeyPem(), newPublicKeyPem()];
    for (const key of keys.slice(0, 3)) {
      await harness.clients.identity.uploadApiKey({ userId: subject, createApiKeyDetails: { key: key.publicKeyPem } });
    }

    // Act
    const failure = await ociFailure(
      harness.clients.identity.uploadApiKey({ userId: subject, createApiKeyDetails: { key: keys[3]?.publicKeyPem ?? '' } }),
    );

    // Assess
    expect({ statusCode: failure.statusCode, serviceCode: failure.serviceCode, message: failure.message }).toEqual({
      statusCode: 400,
      serviceCode: 'LimitExceeded',
      message: `User ${subject} already has the maximum of 3 API keys.`,
    });
    expect(storedUser(subject).apiKeys.map((apiKey) => apiKey.fingerprint)).toEqual(keys.slice(0, 3).map((key) => key.fingerprint));
  });

  it('refuses the same public key twice with 409 Conflict', async () => {
    // Prepare
    const key = newPublicKeyPem();
    await harness.clients.identity.uploadApiKey({ userId: subject, createApiKeyDetails: { key: key.publicKeyPem } });

    // Act
    const failure = await ociFailure(
      harness.clients.identity.uploadApiKey({ userId: subject, createApiKeyDetails: { key: key.publicKeyPem } }),
    );

    // Assess
    expect(failure).toMatchObject({ statusCode: 409, serviceCode: 'Conflict' });
    expect(failure.message).toContain(key.fingerprint);
    expect(storedUser(subject).apiKeys).toHaveLength(1);
  });

  it('refuses a 1024-bit key and a PKCS#1 PEM with 400 InvalidParameter', async () => {
    // Prepare
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const pkcs1 = nextPooledKeyPair().publicKey.export({ type: 'pkcs1', format: 'pem' }).toString();

    // Act
    const weakFailure = await ociFailure(harness.clients.identity.uploadApiKey({ userId: subject, createApiKeyDetails: { key: weak } }));
    const pkcs1Failure = await ociFailure(harness.clients.identity.uploadApiKey({ userId: subject, createApiKeyDetails: { key: pkcs1 } }));

    // Assess
    expect(weakFailure).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(pkcs1Failure).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(storedUser(subject).apiKeys).toEqual([]);
  });

  it('answers 404 when deleting a fingerprint the user does not have', async () => {
    // Prepare
    const fingerprint = newPublicKeyPem().fingerprint;

    // Act
    const failure = await ociFailure(harness.clients.identity.deleteApiKey({ userId: subject, fingerprint }));

    // Assess
    expect(failure).toMatchObject({ statusCode: 404, serviceCode: 'NotAuthorizedOrNotFound' });
  });

  it('refuses an upload for a user that is not ACTIVE with 409 IncorrectState', async () => {
    // Prepare
    const key = newPublicKeyPem();

    // Act
    const failure = await ociFailure(
      harness.clients.identity.uploadApiKey({ userId: inactiveSubject, createApiKeyDetails: { key: key.publicKeyPem } }),
    );

    // Assess
    expect(failure).toMatchObject({ statusCode: 409, serviceCode: 'IncorrectState' });
    expect(storedUser(inactiveSubject).apiKeys).toEqual([]);
  });
});

describe('auth tokens', () => {
  it('returns the token only on create and stores only its SHA-256', async () => {
    // Prepare
    const identity = harness.clients.identity;

    // Act
    const created = await identity.createAuthToken({ userId: subject, createAuthTokenDetails: { description: 'CI pipeline' } });
    const listed = await identity.listAuthTokens({ userId: subject });

    // Assess
    const token = created.authToken.token ?? '';
    expect(token).toMatch(/^[\x21-\x7e]{20}$/);
    expect(created.authToken).toMatchObject({ userId: subject, description: 'CI pipeline', lifecycleState: 'ACTIVE', timeExpires: null });
    expect(created.authToken.id).toMatch(/^ocid1\.credential\.oc1\.\./);
    expect(created.etag).toMatch(/\S+/);
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]?.id).toBe(created.authToken.id);
    expect(listed.items[0]).not.toHaveProperty('token');
    const stored = storedUser(subject).authTokens;
    expect(stored.map((record) => record.tokenSha256)).toEqual([sha256Hex(token)]);
    expect(JSON.stringify(harness.emulator.getState({ includeSecretContent: true }))).not.toContain(token);
  });

  it('replays the first response for a repeated opc-retry-token: same id, same token, one record', async () => {
    // Prepare
    const request = {
      userId: subject,
      createAuthTokenDetails: { description: 'retried' },
      opcRetryToken: `h2-identity-${newOcid('x').slice(-12)}`,
    };

    // Act
    const first = await harness.clients.identity.createAuthToken(request);
    const second = await harness.clients.identity.createAuthToken(request);
    const listed = await harness.clients.identity.listAuthTokens({ userId: subject });

    // Assess
    expect(second.authToken.id).toBe(first.authToken.id);
    expect(second.authToken.token).toBe(first.authToken.token);
    expect(first.authToken.token).toMatch(/\S{20}/);
    expect(listed.items.map((item) => item.id)).toEqual([first.authToken.id]);
  });

  it('refuses a third auth token with 400 LimitExceeded', async () => {
    // Prepare
    for (const description of ['one', 'two']) {
      await harness.clients.identity.createAuthToken({ userId: subject, createAuthTokenDetails: { description } });
    }

    // Act
    const failure = await ociFailure(
      harness.clients.identity.createAuthToken({ userId: subject, createAuthTokenDetails: { description: 'three' } }),
    );

    // Assess
    expect({ statusCode: failure.statusCode, serviceCode: failure.serviceCode, message: failure.message }).toEqual({
      statusCode: 400,
      serviceCode: 'LimitExceeded',
      message: `User ${subject} already has the maximum of 2 auth tokens.`,
    });
    expect(storedUser(subject).authTokens.map((record) => record.description)).toEqual(['one', 'two']);
  });

  it('deletes a token (then 404 on a second delete) and frees its slot', async () => {
    // Prepare
    const created = await harness.clients.identity.createAuthToken({ userId: subject, createAuthTokenDetails: { description: 'old' } });
    const authTokenId = created.authToken.id ?? '';

    // Act
    const deleted = await harness.clients.identity.deleteAuthToken({ userId: subject, authTokenId });
    const again = await ociFailure(harness.clients.identity.deleteAuthToken({ userId: subject, authTokenId }));
    const listed = await harness.clients.identity.listAuthTokens({ userId: subject });

    // Assess
    expect(deleted.opcRequestId).toMatch(/\S+/);
    expect(again).toMatchObject({ statusCode: 404, serviceCode: 'NotAuthorizedOrNotFound' });
    expect(listed.items).toEqual([]);
  });

  it('reports a new token CREATING while the activation delay runs', async () => {
    // Prepare
    resetState((state) => {
      state.settings.credentialActivationDelayMs = 30_000;
    });

    // Act
    const created = await harness.clients.identity.createAuthToken({ userId: subject, createAuthTokenDetails: { description: 'slow' } });
    clock.advance(30_000);
    const listed = await harness.clients.identity.listAuthTokens({ userId: subject });

    // Assess
    expect(created.authToken.lifecycleState).toBe('CREATING');
    expect(listed.items.map((item) => item.lifecycleState)).toEqual(['ACTIVE']);
  });
});

describe('customer secret keys', () => {
  it('returns the secret key only on create; a state dump holds it only when secrets are asked for', async () => {
    // Prepare
    const identity = harness.clients.identity;

    // Act
    const created = await identity.createCustomerSecretKey({ userId: subject, createCustomerSecretKeyDetails: { displayName: 'backup' } });
    const listed = await identity.listCustomerSecretKeys({ userId: subject });

    // Assess
    const secretKey = created.customerSecretKey.key ?? '';
    expect(secretKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(created.customerSecretKey.id).toMatch(/^[0-9a-f]{40}$/);
    expect(created.customerSecretKey).toMatchObject({ userId: subject, displayName: 'backup', lifecycleState: 'ACTIVE' });
    expect(listed.items.map((item) => item.id)).toEqual([created.customerSecretKey.id]);
    expect(listed.items[0]).not.toHaveProperty('key');
    expect(storedUser(subject).customerSecretKeys[0]?.keySha256).toBe(sha256Hex(secretKey));
    // Kept for S3 Signature V4 verification, which needs the key itself (object-storage.test.ts).
    expect(JSON.stringify(harness.emulator.getState())).not.toContain(secretKey);
    expect(storedUser(subject).customerSecretKeys[0]?.secretKey).toBeNull();
    expect(
      harness.emulator.getState({ includeSecretContent: true }).users.find((user) => user.id === subject)?.customerSecretKeys[0]?.secretKey,
    ).toBe(secretKey);
  });

  it('replays a repeated opc-retry-token with the same access key and secret', async () => {
    // Prepare
    const request = {
      userId: subject,
      createCustomerSecretKeyDetails: { displayName: 'retried' },
      opcRetryToken: `h2-identity-${newOcid('x').slice(-12)}`,
    };

    // Act
    const first = await harness.clients.identity.createCustomerSecretKey(request);
    const second = await harness.clients.identity.createCustomerSecretKey(request);

    // Assess
    expect(second.customerSecretKey.id).toBe(first.customerSecretKey.id);
    expect(second.customerSecretKey.key).toBe(first.customerSecretKey.key);
    expect(storedUser(subject).customerSecretKeys).toHaveLength(1);
  });

  it('refuses a third customer secret key with 400 LimitExceeded', async () => {
    // Prepare
    for (const displayName of ['one', 'two']) {
      await harness.clients.identity.createCustomerSecretKey({ userId: subject, createCustomerSecretKeyDetails: { displayName } });
    }

    // Act
    const failure = await ociFailure(
      harness.clients.identity.createCustomerSecretKey({ userId: subject, createCustomerSecretKeyDetails: { displayName: 'three' } }),
    );

    // Assess
    expect({ statusCode: failure.statusCode, serviceCode: failure.serviceCode, message: failure.message }).toEqual({
      statusCode: 400,
      serviceCode: 'LimitExceeded',
      message: `User ${subject} already has the maximum of 2 customer secret keys.`,
    });
    expect(storedUser(subject).customerSecretKeys).toHaveLength(2);
  });

  it('deletes a customer secret key, then answers 404 for it', async () => {
    // Prepare
    const created = await harness.clients.identity.createCustomerSecretKey({
      userId: subject,
      createCustomerSecretKeyDetails: { displayName: 'old' },
    });
    const customerSecretKeyId = created.customerSecretKey.id ?? '';

    // Act
    await harness.clients.identity.deleteCustomerSecretKey({ userId: subject, customerSecretKeyId });
    const again = await ociFailure(harness.clients.identity.deleteCustomerSecretKey({ userId: subject, customerSecretKeyId }));

    // Assess
    expect(again).toMatchObject({ statusCode: 404, serviceCode: 'NotAuthorizedOrNotFound' });
    expect(storedUser(subject).customerSecretKeys).toEqual([]);
  });
});

describe('console password', () => {
  it('resets the password, returns it once, and reports only its metadata afterwards', async () => {
    // Prepare
    const identity = harness.clients.identity;

    // Act
    const reset = await identity.createOrResetUIPassword({ userId: subject });
    const information = await identity.getUserUIPasswordInformation({ userId: subject });

    // Assess
    const password = reset.uIPassword.password ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(reset.uIPassword).toMatchObject({ userId: subject, lifecycleState: 'ACTIVE' });
    expect(information.uIPasswordInformation).toEqual({
      userId: subject,
      timeCreated: reset.uIPassword.timeCreated,
      lifecycleState: 'ACTIVE',
    });
    expect(information.etag).toMatch(/\S+/);
    expect(storedUser(subject).uiPassword?.passwordSha256).toBe(sha256Hex(password));
  });

  it('a second reset issues a different password and replaces the stored hash', async () => {
    // Prepare
    const first = await harness.clients.identity.createOrResetUIPassword({ userId: subject });

    // Act
    clock.advance(5_000);
    const second = await harness.clients.identity.createOrResetUIPassword({ userId: subject });

    // Assess
    expect(second.uIPassword.password).not.toBe(first.uIPassword.password);
    expect(storedUser(subject).uiPassword?.passwordSha256).toBe(sha256Hex(second.uIPassword.password ?? ''));
    expect(Date.parse(String(second.uIPassword.timeCreated))).toBeGreaterThan(Date.parse(String(first.uIPassword.timeCreated)));
  });

  it('answers 404 for password information of a user that never had one', async () => {
    // Prepare
    const userId = subject;

    // Act
    const failure = await ociFailure(harness.clients.identity.getUserUIPasswordInformation({ userId }));

    // Assess
    expect(failure).toMatchObject({ statusCode: 404, serviceCode: 'NotAuthorizedOrNotFound' });
  });

  it('refuses a reset when the user may not use a console password', async () => {
    // Prepare
    resetState((state) => {
      const user = state.users.find((candidate) => candidate.id === subject);
      if (user) user.capabilities.canUseConsolePassword = false;
    });

    // Act
    const failure = await ociFailure(harness.clients.identity.createOrResetUIPassword({ userId: subject }));

    // Assess
    expect(failure).toMatchObject({ statusCode: 400, serviceCode: 'InvalidParameter' });
    expect(failure.message).toContain('canUseConsolePassword');
    expect(storedUser(subject).uiPassword).toBeNull();
  });
});
