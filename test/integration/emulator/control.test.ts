import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../emulator/index.js';
import ids from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import type { EmulatorState } from '../../../emulator/state/types.js';
import { sendRaw, sendSigned, startEmulatorHarness, type EmulatorHarness, ociFailure } from '../../support/emulator.js';

// The emulator core seen from outside: the control API under /_emulator/, fault injection, the
// call log, opc-retry-token replay, routing errors and request serialisation, with the real SDK
// clients for the OCI side.

const OPC_REQUEST_ID = /^[A-Za-z0-9-]{1,32}\/[0-9A-F]{32}\/[0-9A-F]{32}$/;

let harness: EmulatorHarness;
let baseline: EmulatorState;
/** Emulator time: a VirtualClock restarted at the wall clock before each test and moved forward by the test (signatures still use real time). */
let clock = new VirtualClock();

beforeAll(async () => {
  // One emulator for the file, a fresh clock for each test: the emulator reads whichever is current.
  const followingTestClock = { now: () => clock.now() };
  harness = await startEmulatorHarness({ clock: followingTestClock });
  baseline = harness.emulator.getState({ includeSecretContent: true });
});

afterAll(async () => {
  await harness.close();
});

afterEach(() => {
  clock = new VirtualClock();
  harness.emulator.clearFaults();
  harness.emulator.setTraffic({});
  harness.emulator.setState(baseline);
  harness.emulator.clearCalls();
});

const control = (path: string, init: RequestInit = {}): Promise<Response> => fetch(`${harness.emulator.url}/_emulator/${path}`, init);

describe('control API', () => {
  it('answers health with opc-request-id and a JSON content type', async () => {
    // Act
    const response = await control('health');

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('opc-request-id')).toMatch(OPC_REQUEST_ID);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('returns the state with secret contents replaced by null unless ?secrets=include', async () => {
    // Act
    const redacted = (await (await control('state')).json()) as EmulatorState;
    const full = (await (await control('state?secrets=include')).json()) as EmulatorState;

    // Assess
    const contents = redacted.secrets.flatMap((secret) => secret.versions.map((version) => version.content));
    expect(contents).toHaveLength(full.secrets.flatMap((secret) => secret.versions).length);
    expect(contents.every((content) => content === null)).toBe(true);
    expect(full.secrets.flatMap((secret) => secret.versions).every((version) => typeof version.content === 'string')).toBe(true);
    expect(redacted.secrets.map((secret) => secret.versions[0]?.contentSha256)).toEqual(
      full.secrets.map((secret) => secret.versions[0]?.contentSha256),
    );
    expect(full).toEqual(baseline);
  });

  it('settles lifecycles before returning the state, with no request in between', async () => {
    // Prepare: with the opt-in activation window (OCI answers ACTIVE at once).
    harness.emulator.setState({ ...baseline, settings: { ...baseline.settings, credentialActivationDelayMs: 3_000 } });
    const created = await harness.clients.identity.createAuthToken({ userId: ids.bob, createAuthTokenDetails: { description: 'settles' } });

    // Act
    clock.advance(3_000);
    const state = (await (await control('state')).json()) as EmulatorState;

    // Assess
    expect(created.authToken.lifecycleState).toBe('CREATING');
    expect(state.users.find((user) => user.id === ids.bob)?.authTokens.map((token) => token.lifecycleState)).toEqual(['ACTIVE']);
  });

  it('replaces the state with PUT, and the OCI API answers from the new state', async () => {
    // Prepare
    const next = structuredClone(baseline);
    next.users[0]!.description = 'replaced through the control API';

    // Act
    const response = await control('state', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(next) });
    const user = await harness.clients.identity.getUser({ userId: ids.alice });

    // Assess
    expect(response.status).toBe(204);
    expect(response.headers.get('opc-request-id')).toMatch(OPC_REQUEST_ID);
    expect(user.user.description).toBe('replaced through the control API');
  });

  it('refuses an invalid state with 400 InvalidParameter naming the JSON path, and keeps the old state', async () => {
    // Prepare
    const broken = structuredClone(baseline) as unknown as { users: Array<{ apiKeys: Array<{ fingerprint: string }> }> };
    broken.users[0]!.apiKeys[0]!.fingerprint = 'not-a-fingerprint';

    // Act
    const response = await control('state', { method: 'PUT', body: JSON.stringify(broken) });
    const body = (await response.json()) as { code: string; message: string };

    // Assess
    expect(response.status).toBe(400);
    expect(body.code).toBe('InvalidParameter');
    expect(body.message).toContain('/users/0/apiKeys/0/fingerprint');
    expect(harness.emulator.getState().users[0]?.apiKeys[0]?.fingerprint).toBe(ids.apiFingerprint);
  });

  it('refuses a body that is not JSON with 400 CannotParseRequest', async () => {
    // Act
    const response = await control('state', { method: 'PUT', body: '{"version":1,' });

    // Assess
    expect(response.status).toBe(400);
    expect(((await response.json()) as { code: string }).code).toBe('CannotParseRequest');
  });

  it('answers 404 NotFound for an unknown control operation', async () => {
    // Act
    const response = await control('reset', { method: 'POST' });

    // Assess
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ code: 'NotFound', message: 'No such control operation: POST /_emulator/reset.' });
  });

  it('lists the calls with operation, status, request id, retry token and principal, and clears them', async () => {
    // Prepare
    const answered = await harness.clients.identity.getUser({ userId: ids.alice });

    // Act
    const calls = (await (await control('calls')).json()) as unknown[];
    const cleared = await control('calls', { method: 'DELETE' });
    const after = (await (await control('calls')).json()) as unknown[];

    // Assess
    expect(calls).toEqual([
      {
        operation: 'GetUser',
        method: 'GET',
        path: `/20160918/users/${ids.alice}`,
        region: 'us-ashburn-1',
        status: 200,
        opcRequestId: answered.opcRequestId,
        retryToken: null,
        principal: ids.operator,
        time: expect.any(String),
        faulted: false,
      },
    ]);
    expect(cleared.status).toBe(204);
    expect(after).toEqual([]);
  });

  it('refuses requests from a browser page (Origin header) and requests naming another host (DNS rebinding)', async () => {
    // Prepare
    const { port } = harness.emulator;

    // Act
    const fromPage = await sendRaw(`${harness.emulator.url}/_emulator/faults`, {
      method: 'POST',
      headers: { origin: 'https://attacker.example' },
      body: '{"operation":"GetUser","status":500}',
    });
    const rebound = await sendRaw(`${harness.emulator.url}/_emulator/state?secrets=include`, {
      headers: { host: `attacker.example:${port}` },
    });
    const localhostName = await sendRaw(`${harness.emulator.url}/_emulator/health`, { headers: { host: `localhost:${port}` } });

    // Assess
    expect([fromPage.status, rebound.status, localhostName.status]).toEqual([403, 403, 200]);
    expect(rebound.body).toEqual({ code: 'NotAllowed', message: expect.any(String) });
    expect(await harness.clients.identity.getUser({ userId: ids.alice })).toBeDefined();
  });
});

describe('faults', () => {
  it('injects a fault through the control API for the next N calls of an operation', async () => {
    // Prepare
    const added = await control('faults', {
      method: 'POST',
      body: JSON.stringify({ operation: 'getuser', status: 429, code: 'TooManyRequests', message: 'slow down', count: 1 }),
    });

    // Act
    const first = await ociFailure(harness.clients.identity.getUser({ userId: ids.alice }));
    const second = await harness.clients.identity.getUser({ userId: ids.alice });

    // Assess
    expect(added.status).toBe(201);
    expect(((await added.json()) as { id: string }).id).toEqual(expect.any(String));
    expect([first.statusCode, first.serviceCode, first.message]).toEqual([429, 'TooManyRequests', 'slow down']);
    expect(first.opcRequestId).toMatch(OPC_REQUEST_ID);
    expect(second.user.id).toBe(ids.alice);
    expect(harness.emulator.calls().map((call) => [call.status, call.faulted])).toEqual([
      [429, true],
      [200, false],
    ]);
  });

  it('refuses an invalid fault with 400 InvalidParameter saying why', async () => {
    // Act
    const response = await control('faults', { method: 'POST', body: JSON.stringify({ operation: 'GetUser', status: 200 }) });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 'InvalidParameter', message: 'status must be an integer from 400 to 599.' });
  });

  it('refuses a fault on an operation no route serves, naming it, since it could never fire', async () => {
    // Act: a typo of UploadApiKey.
    const response = await control('faults', { method: 'POST', body: JSON.stringify({ operation: 'UplaodApiKey', status: 500 }) });
    const casedOtherwise = await control('faults', { method: 'POST', body: JSON.stringify({ operation: 'uploadapikey', status: 500 }) });
    await control('faults', { method: 'DELETE' });

    // Assess
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('InvalidParameter');
    expect(body.message).toMatch(/^Unknown operation "UplaodApiKey": the emulator serves .*\bUploadApiKey\b/);
    expect(casedOtherwise.status).toBe(201);
  });

  it('keeps a fault without count until the faults are cleared', async () => {
    // Prepare
    harness.emulator.addFault({ operation: 'ListApiKeys', status: 503, code: 'ServiceUnavailable' });
    const failures = [
      await ociFailure(harness.clients.identity.listApiKeys({ userId: ids.alice })),
      await ociFailure(harness.clients.identity.listApiKeys({ userId: ids.alice })),
    ];

    // Act
    const cleared = await control('faults', { method: 'DELETE' });
    const afterClear = await harness.clients.identity.listApiKeys({ userId: ids.alice });

    // Assess
    expect(failures.map((failure) => failure.statusCode)).toEqual([503, 503]);
    expect(cleared.status).toBe(204);
    expect(afterClear.items).toHaveLength(1);
  });

  it("'before' rejects without a side effect", async () => {
    // Prepare
    harness.emulator.addFault({ operation: 'CreateAuthToken', status: 500, count: 1 });

    // Act
    const failure = await ociFailure(
      harness.clients.identity.createAuthToken({ userId: ids.bob, createAuthTokenDetails: { description: 'before' } }),
    );

    // Assess
    expect([failure.statusCode, failure.serviceCode]).toEqual([500, 'InternalServerError']);
    expect(harness.emulator.getState().users.find((user) => user.id === ids.bob)?.authTokens).toEqual([]);
  });

  it("'after' keeps the side effect and loses the answer; a retry with the same opc-retry-token recovers it", async () => {
    // Prepare
    harness.emulator.addFault({ operation: 'CreateAuthToken', status: 500, count: 1, phase: 'after' });
    const request = { userId: ids.bob, createAuthTokenDetails: { description: 'after' }, opcRetryToken: 'lost-response-retry-token' };

    // Act
    const failure = await ociFailure(harness.clients.identity.createAuthToken(request));
    const tokensAfterFailure = harness.emulator.getState().users.find((user) => user.id === ids.bob)?.authTokens ?? [];
    const retried = await harness.clients.identity.createAuthToken(request);

    // Assess
    expect(failure.statusCode).toBe(500);
    expect(tokensAfterFailure).toHaveLength(1);
    expect(retried.authToken.id).toBe(tokensAfterFailure[0]?.id);
    expect(
      createHash('sha256')
        .update(retried.authToken.token ?? '')
        .digest('hex'),
    ).toBe(tokensAfterFailure[0]?.tokenSha256);
    expect(harness.emulator.getState().users.find((user) => user.id === ids.bob)?.authTokens).toHaveLength(1);
  });

  it('delays a call without holding up the others, then answers it normally', async () => {
    // Prepare
    harness.emulator.addFault({ operation: 'GetUser', delayMs: 1000, count: 1 });
    const finished: string[] = [];

    // Act
    const slow = harness.clients.identity.getUser({ userId: ids.alice }).then((response) => {
      finished.push('GetUser');
      return response;
    });
    const fast = harness.clients.identity.listApiKeys({ userId: ids.alice }).then((response) => {
      finished.push('ListApiKeys');
      return response;
    });
    const [user, keys] = await Promise.all([slow, fast]);

    // Assess
    expect(finished).toEqual(['ListApiKeys', 'GetUser']);
    expect(user.user.id).toBe(ids.alice);
    expect(keys.items).toHaveLength(1);
    expect(harness.emulator.calls().find((call) => call.operation === 'GetUser')).toMatchObject({ status: 200, faulted: false });
  });
});

describe('opc-retry-token', () => {
  it('returns the first answer again, once-only value included, with a new opc-request-id', async () => {
    // Prepare
    const request = { userId: ids.bob, createAuthTokenDetails: { description: 'idempotent' }, opcRetryToken: 'same-token-twice' };

    // Act
    const first = await harness.clients.identity.createAuthToken(request);
    const second = await harness.clients.identity.createAuthToken(request);

    // Assess
    expect(second.authToken).toEqual(first.authToken);
    expect(second.opcRequestId).not.toBe(first.opcRequestId);
    expect(harness.emulator.getState().users.find((user) => user.id === ids.bob)?.authTokens).toHaveLength(1);
    expect(harness.emulator.calls().map((call) => call.retryToken)).toEqual(['same-token-twice', 'same-token-twice']);
  });

  it('creates a second resource for a different token', async () => {
    // Act
    await harness.clients.identity.createAuthToken({
      userId: ids.bob,
      createAuthTokenDetails: { description: 'one' },
      opcRetryToken: 'token-one',
    });
    await harness.clients.identity.createAuthToken({
      userId: ids.bob,
      createAuthTokenDetails: { description: 'two' },
      opcRetryToken: 'token-two',
    });

    // Assess
    expect(
      harness.emulator
        .getState()
        .users.find((user) => user.id === ids.bob)
        ?.authTokens.map((token) => token.description),
    ).toEqual(['one', 'two']);
  });

  it('forgets a token after 24 hours of emulator time', async () => {
    // Prepare
    const request = { userId: ids.bob, createAuthTokenDetails: { description: 'expiring' }, opcRetryToken: 'expires-after-a-day' };
    const first = await harness.clients.identity.createAuthToken(request);

    // Act
    clock.advance(24 * 60 * 60 * 1000);
    const later = await harness.clients.identity.createAuthToken(request);

    // Assess
    expect(later.authToken.id).not.toBe(first.authToken.id);
  });
});

describe('routing', () => {
  it('answers 404 NotFound for a path no service serves, and logs it as UnknownRoute', async () => {
    // Act
    const response = await sendSigned(harness.emulator.url, harness.identity, 'GET', '/20160918/compartments');

    // Assess
    expect(response.status).toBe(404);
    expect((response.body as { code: string }).code).toBe('NotFound');
    expect(response.headers['opc-request-id']).toMatch(OPC_REQUEST_ID);
    expect(harness.emulator.calls()).toEqual([
      expect.objectContaining({ operation: 'UnknownRoute', status: 404, path: '/20160918/compartments' }),
    ]);
  });

  it('answers 400 CannotParseRequest to a signed body that is not JSON, changing nothing', async () => {
    // Act
    const response = await sendSigned(harness.emulator.url, harness.identity, 'POST', `/20181201/topics/${ids.topic}/messages`, {
      body: 'title=hello',
    });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ code: 'CannotParseRequest', message: 'The request body is not valid JSON.' });
    expect(harness.emulator.getState().topics[0]?.messages).toEqual([]);
  });

  it('handles concurrent writes one at a time, losing none', async () => {
    // Act
    const published = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        harness.clients.notifications.publishMessage({
          topicId: ids.topic,
          messageDetails: { title: `t${index}`, body: `message ${index}` },
        }),
      ),
    );

    // Assess
    const stored = harness.emulator.getState().topics[0]?.messages ?? [];
    expect(new Set(published.map((response) => response.publishResult.messageId)).size).toBe(12);
    expect(stored.map((message) => message.body).sort()).toEqual(Array.from({ length: 12 }, (_, index) => `message ${index}`).sort());
  });
});

describe('traffic: latency and a 429 rate limit', () => {
  it("answers calls over the configured rate with 429 TooManyRequests, which the SDK sees as OCI's throttling, and counts them", async () => {
    // Prepare
    const set = await control('traffic', { method: 'PUT', body: JSON.stringify({ maxRequestsPerSecond: 3 }) });

    // Act: six reads at once, well within one second
    const answers = await Promise.allSettled(Array.from({ length: 6 }, () => harness.clients.identity.getUser({ userId: ids.alice })));
    const stats = (await (await control('traffic')).json()) as { throttled: number; admitted: number };

    // Assess
    expect(set.status).toBe(204);
    expect(answers.filter((answer) => answer.status === 'fulfilled')).toHaveLength(3);
    const refusals = answers.flatMap((answer) =>
      answer.status === 'rejected' ? [answer.reason as { statusCode: number; serviceCode: string }] : [],
    );
    expect(refusals.map((error) => `${error.statusCode} ${error.serviceCode}`)).toEqual([
      '429 TooManyRequests',
      '429 TooManyRequests',
      '429 TooManyRequests',
    ]);
    expect(stats).toMatchObject({ throttled: 3, admitted: 3 });
    expect(harness.emulator.calls().filter((call) => call.status === 429 && call.faulted)).toHaveLength(3);
  });

  it('adds a latency from the configured range to every call', async () => {
    // Prepare
    harness.emulator.setTraffic({ latency: { minMs: 120, maxMs: 150 } });

    // Act
    const started = performance.now();
    await harness.clients.identity.getUser({ userId: ids.alice });
    const elapsed = performance.now() - started;

    // Assess
    expect(elapsed).toBeGreaterThanOrEqual(115);
  });

  it('refuses a malformed traffic spec with 400 InvalidParameter naming the field, and keeps the one in force', async () => {
    // Prepare
    harness.emulator.setTraffic({ maxRequestsPerSecond: 50 });

    // Act
    const response = await control('traffic', { method: 'PUT', body: JSON.stringify({ latency: { minMs: 200, maxMs: 100 } }) });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 'InvalidParameter', message: 'latency.minMs must not exceed latency.maxMs.' });
    expect(harness.emulator.traffic().spec).toEqual({ maxRequestsPerSecond: 50 });
  });
});
