import common from 'oci-common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidStateError } from '../../../emulator/index.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import type { EmulatorState } from '../../../emulator/state/types.js';
import {
  clientsAt,
  ociFailure,
  providerFor,
  sendRaw,
  startEmulatorHarness,
  type EmulatorClients,
  type EmulatorHarness,
} from '../../support/emulator.js';
import { pooledPublicKeyPem } from '../../support/key-pool.js';

// One port serves every subscribed region under `/<region-id>`: the sample tenancy's home region
// is us-ashburn-1, it is also subscribed to us-phoenix-1 and eu-frankfurt-1, and Cloud Guard
// reports in us-ashburn-1. Everything goes through the real SDK clients over HTTP.

let harness: EmulatorHarness;
let baseline: EmulatorState;
let phoenix: EmulatorClients;

function newPublicKeyPem(): string {
  return pooledPublicKeyPem();
}

beforeAll(async () => {
  harness = await startEmulatorHarness();
  baseline = harness.emulator.getState({ includeSecretContent: true });
  phoenix = clientsAt(harness.emulator.urlFor('us-phoenix-1'), harness.provider);
});

afterAll(async () => {
  await harness?.close();
});

beforeEach(() => {
  harness.emulator.setState(baseline);
  harness.emulator.clearCalls();
});

describe('region addressing', () => {
  it('serves a region under its path prefix: the SDK keeps the prefix in client.endpoint and signs it', async () => {
    // Act
    const answered = await phoenix.identity.getUser({ userId: sampleIds.alice });

    // Assess
    expect(harness.emulator.urlFor('us-phoenix-1')).toBe(`${harness.emulator.url}/us-phoenix-1`);
    expect(answered.user.id).toBe(sampleIds.alice);
    expect(harness.emulator.calls()).toEqual([
      expect.objectContaining({ operation: 'GetUser', status: 200, region: 'us-phoenix-1', path: `/20160918/users/${sampleIds.alice}` }),
    ]);
  });

  it('serves a request without a prefix as the home region (settings.defaultRegion)', async () => {
    // Act
    await harness.clients.identity.getUser({ userId: sampleIds.alice });

    // Assess
    expect(harness.emulator.calls().map((call) => call.region)).toEqual(['us-ashburn-1']);
  });

  it('refuses a request signed for one region and sent to another: the prefix is part of the signature', async () => {
    // Prepare
    const signedFor = `${harness.emulator.urlFor('us-phoenix-1')}/20160918/users/${sampleIds.alice}`;
    const headers = new Headers({ 'content-type': 'application/json' });
    await new common.DefaultRequestSigner(providerFor(harness.identity)).signHttpRequest({
      method: 'GET',
      uri: signedFor,
      headers,
    } as common.HttpRequest);

    // Act
    const sentElsewhere = await sendRaw(`${harness.emulator.urlFor('eu-frankfurt-1')}/20160918/users/${sampleIds.alice}`, {
      headers: Object.fromEntries(headers.entries()),
    });
    const sentAsSigned = await sendRaw(signedFor, { headers: Object.fromEntries(headers.entries()) });

    // Assess
    expect(sentElsewhere.status).toBe(401);
    expect(sentAsSigned.status).toBe(200);
  });

  it('answers 401 NotAuthenticated (assumed) in a region the tenancy is not subscribed to', async () => {
    // Prepare
    const tokyo = clientsAt(harness.emulator.urlFor('ap-tokyo-1'), harness.provider);

    // Act
    const failure = await ociFailure(tokyo.identity.getUser({ userId: sampleIds.alice }));

    // Assess
    expect([failure.statusCode, failure.serviceCode]).toEqual([401, 'NotAuthenticated']);
  });

  it('serves requests without a prefix as settings.defaultRegion when one is set', async () => {
    // Prepare
    const state = structuredClone(baseline);
    state.settings.defaultRegion = 'us-phoenix-1';
    harness.emulator.setState(state);

    // Act
    const failure = await ociFailure(
      harness.clients.identity.createAuthToken({ userId: sampleIds.bob, createAuthTokenDetails: { description: 'default region' } }),
    );

    // Assess
    expect([failure.statusCode, failure.serviceCode]).toEqual([403, 'NotAllowed']);
    expect(harness.emulator.calls().map((call) => call.region)).toEqual(['us-phoenix-1']);
  });

  it('refuses a region id that is not of the region form in urlFor', () => {
    // Act
    const misuse = (): string => harness.emulator.urlFor('20160918');

    // Assess
    expect(misuse).toThrow(/Not a region identifier/);
  });
});

describe('Identity writes outside the home region', () => {
  it.each([
    [
      'UploadApiKey',
      (clients: EmulatorClients) =>
        clients.identity.uploadApiKey({ userId: sampleIds.bob, createApiKeyDetails: { key: newPublicKeyPem() } }),
    ],
    [
      'DeleteApiKey',
      (clients: EmulatorClients) => clients.identity.deleteApiKey({ userId: sampleIds.alice, fingerprint: sampleIds.apiFingerprint }),
    ],
    [
      'CreateAuthToken',
      (clients: EmulatorClients) =>
        clients.identity.createAuthToken({ userId: sampleIds.bob, createAuthTokenDetails: { description: 'x' } }),
    ],
    [
      'DeleteAuthToken',
      (clients: EmulatorClients) => clients.identity.deleteAuthToken({ userId: sampleIds.alice, authTokenId: sampleIds.authToken }),
    ],
    [
      'CreateCustomerSecretKey',
      (clients: EmulatorClients) =>
        clients.identity.createCustomerSecretKey({ userId: sampleIds.bob, createCustomerSecretKeyDetails: { displayName: 'x' } }),
    ],
    [
      'DeleteCustomerSecretKey',
      (clients: EmulatorClients) =>
        clients.identity.deleteCustomerSecretKey({ userId: sampleIds.alice, customerSecretKeyId: sampleIds.customerSecretKeyId }),
    ],
    ['CreateOrResetUIPassword', (clients: EmulatorClients) => clients.identity.createOrResetUIPassword({ userId: sampleIds.alice })],
  ])('%s sent to us-phoenix-1 answers 403 NotAllowed and changes nothing', async (operation, send) => {
    // Act
    const failure = await ociFailure(send(phoenix));

    // Assess
    expect([failure.statusCode, failure.serviceCode]).toEqual([403, 'NotAllowed']);
    expect(failure.message).toContain('must be directed at the home region');
    expect(failure.message).toContain(operation);
    expect(harness.emulator.getState({ includeSecretContent: true }).users).toEqual(baseline.users);
  });

  it('still serves Identity reads in another region, and the same write in the home region', async () => {
    // Act
    const keys = await phoenix.identity.listApiKeys({ userId: sampleIds.alice });
    const created = await clientsAt(harness.emulator.urlFor('us-ashburn-1'), harness.provider).identity.createAuthToken({
      userId: sampleIds.bob,
      createAuthTokenDetails: { description: 'home' },
    });

    // Assess
    expect(keys.items.map((key) => key.fingerprint)).toEqual([sampleIds.apiFingerprint]);
    expect(created.authToken.userId).toBe(sampleIds.bob);
  });
});

describe('GetTenancy and ListRegionSubscriptions', () => {
  it('GetTenancy reports the home region key, from any region', async () => {
    // Act
    const home = await harness.clients.identity.getTenancy({ tenancyId: sampleIds.tenancy });
    const elsewhere = await phoenix.identity.getTenancy({ tenancyId: sampleIds.tenancy });

    // Assess
    expect(home.tenancy).toMatchObject({ id: sampleIds.tenancy, name: 'acme-sample', homeRegionKey: 'IAD' });
    expect(elsewhere.tenancy.homeRegionKey).toBe('IAD');
  });

  it('ListRegionSubscriptions lists every subscribed region and marks the home region', async () => {
    // Act
    const { items } = await phoenix.identity.listRegionSubscriptions({ tenancyId: sampleIds.tenancy });

    // Assess
    expect(items).toEqual([
      { regionKey: 'IAD', regionName: 'us-ashburn-1', status: 'READY', isHomeRegion: true },
      { regionKey: 'PHX', regionName: 'us-phoenix-1', status: 'READY', isHomeRegion: false },
      { regionKey: 'FRA', regionName: 'eu-frankfurt-1', status: 'READY', isHomeRegion: false },
    ]);
  });

  it('reports the home region alone, with its key, for a state that lists no subscriptions', async () => {
    // Prepare
    const state = structuredClone(baseline);
    delete state.tenancy.regionSubscriptions;
    harness.emulator.setState(state);

    // Act
    const { items } = await harness.clients.identity.listRegionSubscriptions({ tenancyId: sampleIds.tenancy });
    const failure = await ociFailure(phoenix.identity.getUser({ userId: sampleIds.alice }));

    // Assess
    expect(items).toEqual([{ regionKey: 'IAD', regionName: 'us-ashburn-1', status: 'READY', isHomeRegion: true }]);
    expect(failure.statusCode).toBe(401);
  });

  it('answers 404 NotAuthorizedOrNotFound for another tenancy', async () => {
    // Act
    const failure = await ociFailure(harness.clients.identity.getTenancy({ tenancyId: 'ocid1.tenancy.oc1..aaaaaaaaother' }));

    // Assess
    expect([failure.statusCode, failure.serviceCode]).toEqual([404, 'NotAuthorizedOrNotFound']);
  });
});

describe('Cloud Guard reporting region', () => {
  it('GetConfiguration returns the reporting region, from any region', async () => {
    // Act
    const { configuration } = await phoenix.cloudGuard.getConfiguration({ compartmentId: sampleIds.tenancy });

    // Assess
    expect(configuration).toEqual({ reportingRegion: 'us-ashburn-1', status: 'ENABLED', selfManageResources: false });
  });

  it('GetConfiguration needs the tenancy (root compartment) id', async () => {
    // Act
    const failure = await ociFailure(
      harness.clients.cloudGuard.getConfiguration({ compartmentId: 'ocid1.compartment.oc1..aaaaaaaaother' }),
    );

    // Assess
    expect([failure.statusCode, failure.serviceCode]).toEqual([404, 'NotAuthorizedOrNotFound']);
  });

  it('UpdateProblemStatus outside the reporting region answers 409 Conflict (assumed) and changes nothing; reads work there', async () => {
    // Act
    const failure = await ociFailure(
      phoenix.cloudGuard.updateProblemStatus({ problemId: sampleIds.probApi, updateProblemStatusDetails: { status: 'OPEN' as never } }),
    );
    const read = await phoenix.cloudGuard.getProblem({ problemId: sampleIds.probApi });

    // Assess
    expect([failure.statusCode, failure.serviceCode]).toEqual([409, 'Conflict']);
    expect(failure.message).toContain('reporting region us-ashburn-1');
    expect(read.problem.lifecycleDetail).toBe('RESOLVED');
    expect(harness.emulator.getState().problems).toEqual(baseline.problems);
  });

  it('accepts UpdateProblemStatus in a reporting region other than the home region', async () => {
    // Prepare
    const state = structuredClone(baseline);
    state.cloudGuard = { reportingRegion: 'eu-frankfurt-1' };
    harness.emulator.setState(state);
    const frankfurt = clientsAt(harness.emulator.urlFor('eu-frankfurt-1'), harness.provider);

    // Act
    const atHome = await ociFailure(
      harness.clients.cloudGuard.updateProblemStatus({
        problemId: sampleIds.probApi,
        updateProblemStatusDetails: { status: 'OPEN' as never },
      }),
    );
    const atReporting = await frankfurt.cloudGuard.updateProblemStatus({
      problemId: sampleIds.probApi,
      updateProblemStatusDetails: { status: 'OPEN' as never },
    });

    // Assess
    expect(atHome.statusCode).toBe(409);
    expect(atReporting.problem.lifecycleDetail).toBe('OPEN');
  });
});

describe('region state validation', () => {
  it.each([
    [
      'subscriptions without the home region',
      (state: EmulatorState) => (state.tenancy.regionSubscriptions = [{ regionName: 'us-phoenix-1', regionKey: 'PHX', status: 'READY' }]),
      '/tenancy/regionSubscriptions',
    ],
    ['a default region not subscribed', (state: EmulatorState) => (state.settings.defaultRegion = 'ap-tokyo-1'), '/settings/defaultRegion'],
    [
      'a reporting region not subscribed',
      (state: EmulatorState) => (state.cloudGuard = { reportingRegion: 'ap-tokyo-1' }),
      '/cloudGuard/reportingRegion',
    ],
    [
      'a lower-case region key',
      (state: EmulatorState) => (state.tenancy.regionSubscriptions![0]!.regionKey = 'iad'),
      '/tenancy/regionSubscriptions/0/regionKey',
    ],
  ])('refuses %s', (_name, spoil, path) => {
    // Prepare
    const state = structuredClone(baseline);
    spoil(state);

    // Act
    let error: unknown;
    try {
      harness.emulator.setState(state);
    } catch (caught) {
      error = caught;
    }

    // Assess
    expect(error).toBeInstanceOf(InvalidStateError);
    expect((error as InvalidStateError).path).toBe(path);
  });
});
