import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import common from 'oci-common';
import { IdentityClient } from 'oci-identity';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSampleTenancy, VirtualClock } from '../../../emulator/index.js';
import ids from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import type { EmulatorState } from '../../../emulator/state/types.js';
import { sendSigned, startEmulatorHarness, withoutPolicies, type EmulatorHarness, ociFailure } from '../../support/emulator.js';
import { nextPooledKeyPair } from '../../support/key-pool.js';

// Request authentication, driven by the real OCI SDK signers over HTTP (oci-behaviour §0.2): API keys
// (Simple and ConfigFile providers) and resource principals (the provider a Function uses).

const NOT_AUTHENTICATED = 'The required information to complete authentication was not provided or was incorrect.';
const OPC_REQUEST_ID = /^[A-Za-z0-9-]{1,32}\/[0-9A-F]{32}\/[0-9A-F]{32}$/;

let harness: EmulatorHarness;
let baseline: EmulatorState;
/** Emulator time: a VirtualClock restarted at the wall clock before each test and moved forward by the test (signatures still use real time). */
let clock = new VirtualClock();

beforeAll(async () => {
  // One emulator for the file, a fresh clock for each test: the emulator reads whichever is current.
  const followingTestClock = { now: () => clock.now() };
  harness = await startEmulatorHarness({ state: withoutPolicies(createSampleTenancy()), clock: followingTestClock });
  baseline = harness.emulator.getState({ includeSecretContent: true });
});

afterAll(async () => {
  await harness.close();
});

afterEach(() => {
  clock = new VirtualClock();
  harness.emulator.setState(baseline);
  harness.emulator.clearCalls();
});

function identityClient(provider: common.AuthenticationDetailsProvider): IdentityClient {
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

function newKeyPair(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKeyPem, privateKeyPem } = nextPooledKeyPair();
  return { publicKeyPem, privateKeyPem };
}

describe('API key signatures', () => {
  it('accepts the operator’s key and records the caller as principal', async () => {
    // Act
    const user = await harness.clients.identity.getUser({ userId: ids.alice });
    const keys = await harness.clients.identity.listApiKeys({ userId: ids.alice });

    // Assess
    expect(user.user.name).toBe('alice@example.com');
    expect(keys.items.map((key) => key.fingerprint)).toEqual([ids.apiFingerprint]);
    expect(harness.emulator.calls().map((call) => [call.operation, call.status, call.principal])).toEqual([
      ['GetUser', 200, ids.operator],
      ['ListApiKeys', 200, ids.operator],
    ]);
  });

  it('answers 401 NotAuthenticated, with the generic message and an opc-request-id, for an unregistered key', async () => {
    // Prepare
    const stranger = { ...harness.identity, ...newKeyPair(), fingerprint: '00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff' };

    // Act
    const failure = await ociFailure(harness.clientsFor(stranger).identity.getUser({ userId: ids.alice }));

    // Assess
    expect([failure.statusCode, failure.serviceCode, failure.message]).toEqual([401, 'NotAuthenticated', NOT_AUTHENTICATED]);
    expect(failure.opcRequestId).toMatch(OPC_REQUEST_ID);
    expect(harness.emulator.calls()).toEqual([
      expect.objectContaining({ operation: 'GetUser', status: 401, principal: null, faulted: false }),
    ]);
  });

  it('answers 401 when the registered fingerprint is used with another private key', async () => {
    // Prepare
    const impostor = { ...harness.identity, privateKeyPem: newKeyPair().privateKeyPem };

    // Act
    const failure = await ociFailure(harness.clientsFor(impostor).identity.getUser({ userId: ids.alice }));

    // Assess
    expect(failure.statusCode).toBe(401);
  });

  it('answers 401 when the keyId names another tenancy than the user’s', async () => {
    // Prepare
    const elsewhere = { ...harness.identity, tenancyId: 'ocid1.tenancy.oc1..aaaaaaaaotherotherotherotherotherotherotherotherotherothe' };

    // Act
    const failure = await ociFailure(harness.clientsFor(elsewhere).identity.getUser({ userId: ids.alice }));

    // Assess
    expect(failure.statusCode).toBe(401);
  });

  it('refuses a key while it is CREATING (the opt-in activation window) and accepts it once ACTIVE', async () => {
    // Prepare: OCI answers ACTIVE at once; the window is a fault a test turns on.
    harness.emulator.setState({ ...baseline, settings: { ...baseline.settings, credentialActivationDelayMs: 3_000 } });
    const pair = newKeyPair();
    const uploaded = await harness.clients.identity.uploadApiKey({ userId: ids.bob, createApiKeyDetails: { key: pair.publicKeyPem } });
    const bob = identityClient(
      new common.SimpleAuthenticationDetailsProvider(
        ids.tenancy,
        ids.bob,
        uploaded.apiKey.fingerprint ?? '',
        pair.privateKeyPem,
        null,
        common.Region.US_ASHBURN_1,
      ),
    );

    // Act
    const whileCreating = await ociFailure(bob.getUser({ userId: ids.bob }));
    clock.advance(3_000);
    const onceActive = await bob.getUser({ userId: ids.bob });

    // Assess
    expect(uploaded.apiKey.lifecycleState).toBe('CREATING');
    expect(whileCreating.statusCode).toBe(401);
    expect(onceActive.user.id).toBe(ids.bob);
  });

  it('refuses a key once it is deleted', async () => {
    // Prepare
    const second = harness.emulator.createApiKeyIdentity(ids.operator);
    const secondClients = harness.clientsFor(second);
    await secondClients.identity.getUser({ userId: ids.operator });

    // Act
    await harness.clients.identity.deleteApiKey({ userId: ids.operator, fingerprint: second.fingerprint });
    const afterDelete = await ociFailure(secondClients.identity.getUser({ userId: ids.operator }));

    // Assess
    expect(afterDelete.statusCode).toBe(401);
  });

  it('refuses an ACTIVE key of a user who is no longer ACTIVE', async () => {
    // Prepare
    const state = harness.emulator.getState({ includeSecretContent: true });
    const operator = state.users.find((user) => user.id === ids.operator);
    if (operator) operator.lifecycleState = 'INACTIVE';
    harness.emulator.setState(state);

    // Act
    const failure = await ociFailure(harness.clients.identity.getUser({ userId: ids.operator }));

    // Assess
    expect(failure.statusCode).toBe(401);
  });

  it('signs with a ConfigFile provider reading the config the emulator wrote', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'cgr-auth-config-'));
    try {
      const files = await harness.emulator.writeOciConfig(dir, { profile: 'EMULATOR' });
      const client = identityClient(new common.ConfigFileAuthenticationDetailsProvider(files.configFile, files.profile));

      // Act
      const keys = await client.listApiKeys({ userId: files.userId });

      // Assess
      expect(files.userId).toBe(ids.operator);
      expect(keys.items.map((key) => key.fingerprint)).toContain(files.fingerprint);
      expect(keys.items.find((key) => key.fingerprint === files.fingerprint)?.lifecycleState).toBe('ACTIVE');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('what a signature must cover', () => {
  it('answers 401 to a request with no Authorization header, with opc-request-id and a JSON body', async () => {
    // Act
    const response = await fetch(`${harness.emulator.url}/20160918/users/${ids.alice}`);

    // Assess
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('opc-request-id')).toMatch(OPC_REQUEST_ID);
    expect(await response.json()).toEqual({ code: 'NotAuthenticated', message: NOT_AUTHENTICATED });
  });

  it('accepts an untouched SDK-signed POST and refuses the same request with a changed body', async () => {
    // Prepare
    const path = `/20181201/topics/${ids.topic}/messages`;
    const body = JSON.stringify({ title: 'hello', body: 'signed body' });

    // Act
    const untouched = await sendSigned(harness.emulator.url, harness.identity, 'POST', path, { body });
    const tampered = await sendSigned(harness.emulator.url, harness.identity, 'POST', path, {
      body,
      sentBody: JSON.stringify({ title: 'hello', body: 'other body!' }),
    });

    // Assess: PublishMessage answers 202 Accepted, as OCI does.
    expect(untouched.status).toBe(202);
    expect(tampered.status).toBe(401);
    expect(harness.emulator.getState().topics[0]?.messages.map((message) => message.body)).toEqual(['signed body']);
  });

  it('refuses a signature dated further from real time than settings.maxClockSkewMs', async () => {
    // Prepare
    const stale = new Date(Date.now() - baseline.settings.maxClockSkewMs - 60_000).toUTCString();

    // Act
    const response = await sendSigned(harness.emulator.url, harness.identity, 'GET', `/20160918/users/${ids.alice}`, { xDate: stale });

    // Assess
    expect(response.status).toBe(401);
  });

  it('checks the date against real time, not the emulator clock', async () => {
    // Prepare
    clock.advance(7 * 24 * 60 * 60 * 1000);

    // Act
    const user = await harness.clients.identity.getUser({ userId: ids.alice });

    // Assess
    expect(user.user.id).toBe(ids.alice);
  });
});

describe('resource principal sessions', () => {
  const RP_VARIABLES = [
    'OCI_RESOURCE_PRINCIPAL_VERSION',
    'OCI_RESOURCE_PRINCIPAL_RPST',
    'OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM',
    'OCI_RESOURCE_PRINCIPAL_REGION',
  ] as const;
  const functionId = 'ocid1.fnfunc.oc1.iad.aaaaaaaacgresponderauthtest';

  /** The provider a Function gets, built from the four variables Fn sets; the environment is restored at once. */
  function resourcePrincipalProvider(
    rpst: string,
    privateKeyPem: string,
    region = 'us-ashburn-1',
  ): common.ResourcePrincipalAuthenticationDetailsProvider {
    const saved = RP_VARIABLES.map((name) => [name, process.env[name]] as const);
    Object.assign(process.env, {
      OCI_RESOURCE_PRINCIPAL_VERSION: '2.2',
      OCI_RESOURCE_PRINCIPAL_RPST: rpst,
      OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM: privateKeyPem,
      OCI_RESOURCE_PRINCIPAL_REGION: region,
    });
    try {
      return common.ResourcePrincipalAuthenticationDetailsProvider.builder();
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  }

  function resourcePrincipalClient(rpst: string, privateKeyPem: string): IdentityClient {
    return identityClient(resourcePrincipalProvider(rpst, privateKeyPem));
  }

  it('accepts a Function signing with its session key and the RPST the emulator issued', async () => {
    // Prepare
    const session = newKeyPair();
    const rpst = harness.emulator.issueResourcePrincipalToken({ publicKeyPem: session.publicKeyPem, resourceId: functionId });
    const client = resourcePrincipalClient(rpst, session.privateKeyPem);

    // Act
    const user = await client.getUser({ userId: ids.alice });
    const keys = await client.listApiKeys({ userId: ids.alice });

    // Assess
    expect(user.user.id).toBe(ids.alice);
    expect(keys.items).toHaveLength(1);
    expect(harness.emulator.calls().map((call) => [call.operation, call.status, call.principal])).toEqual([
      ['GetUser', 200, functionId],
      ['ListApiKeys', 200, functionId],
    ]);
    expect(process.env['OCI_RESOURCE_PRINCIPAL_RPST']).toBeUndefined();
  });

  it('exposes the tenancy and compartment claims to the SDK provider', async () => {
    // Prepare
    const session = newKeyPair();
    const compartmentId = 'ocid1.compartment.oc1..aaaaaaaafunctions';
    const rpst = harness.emulator.issueResourcePrincipalToken({
      publicKeyPem: session.publicKeyPem,
      resourceId: functionId,
      compartmentId,
    });
    const provider = resourcePrincipalProvider(rpst, session.privateKeyPem, 'iad');

    // Act
    const claims = [
      await provider.getStringClaim('res_tenant'),
      await provider.getStringClaim('res_compartment'),
      await provider.getKeyId(),
    ];

    // Assess
    expect(claims).toEqual([ids.tenancy, compartmentId, `ST$${rpst}`]);
    expect(provider.getRegion().regionId).toBe('us-ashburn-1');
  });

  it('answers 401 to a token whose claims were edited', async () => {
    // Prepare
    const session = newKeyPair();
    const [header, payload, signature] = harness.emulator
      .issueResourcePrincipalToken({ publicKeyPem: session.publicKeyPem, resourceId: functionId })
      .split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const edited = Buffer.from(JSON.stringify({ ...claims, res_compartment: 'ocid1.compartment.oc1..aaaaaaaaelsewhere' })).toString(
      'base64url',
    );
    const client = resourcePrincipalClient(`${header}.${edited}.${signature}`, session.privateKeyPem);

    // Act
    const failure = await ociFailure(client.getUser({ userId: ids.alice }));

    // Assess
    expect([failure.statusCode, failure.serviceCode]).toEqual([401, 'NotAuthenticated']);
  });

  it('answers 401 when the request is signed with another key than the session’s', async () => {
    // Prepare
    const session = newKeyPair();
    const rpst = harness.emulator.issueResourcePrincipalToken({ publicKeyPem: session.publicKeyPem, resourceId: functionId });
    const client = resourcePrincipalClient(rpst, newKeyPair().privateKeyPem);

    // Act
    const failure = await ociFailure(client.getUser({ userId: ids.alice }));

    // Assess
    expect(failure.statusCode).toBe(401);
  });

  it('answers 401 to an expired token', async () => {
    // Prepare
    const session = newKeyPair();
    const rpst = harness.emulator.issueResourcePrincipalToken({
      publicKeyPem: session.publicKeyPem,
      resourceId: functionId,
      ttlSeconds: 0,
    });
    const client = resourcePrincipalClient(rpst, session.privateKeyPem);

    // Act
    const failure = await ociFailure(client.getUser({ userId: ids.alice }));

    // Assess
    expect(failure.statusCode).toBe(401);
  });

  it('answers 401 once the session is removed from the state (revoked)', async () => {
    // Prepare
    const session = newKeyPair();
    const rpst = harness.emulator.issueResourcePrincipalToken({ publicKeyPem: session.publicKeyPem, resourceId: functionId });
    const client = resourcePrincipalClient(rpst, session.privateKeyPem);
    await client.getUser({ userId: ids.alice });

    // Act
    harness.emulator.setState({ ...harness.emulator.getState({ includeSecretContent: true }), resourcePrincipalSessions: [] });
    const failure = await ociFailure(client.getUser({ userId: ids.alice }));

    // Assess
    expect(failure.statusCode).toBe(401);
  });
});
