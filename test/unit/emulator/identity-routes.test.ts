import { describe, expect, it } from 'vitest';
import type { OciApiError } from '../../../emulator/http/oci-api-error.js';
import type { RequestContext, Route, RouteResponse } from '../../../emulator/http/route.js';
import { apiKeyFingerprint } from '../../../emulator/services/api-key-fingerprint.js';
import { identityService } from '../../../emulator/services/identity.js';
import { sha256Hex } from '../../../emulator/services/identity-credentials.js';
import type { EmulatorState, UserRecord } from '../../../emulator/state/types.js';
import { nextPooledKeyPair, pooledPublicKeyPem } from '../../support/key-pool.js';

// Handler-level checks of the edge cases the SDK cannot easily produce (bad bodies, seeded
// DELETED records, if-match). The SDK round trips live in test/integration/emulator/identity.test.ts.

const NOW = new Date('2026-11-22T10:00:00.000Z');
const TENANCY = 'ocid1.tenancy.oc1..aaaaaaaaroutestenancy';

function user(id: string, overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id,
    compartmentId: TENANCY,
    name: id.slice(-6),
    description: 'route test user',
    email: `${id.slice(-6)}@example.com`,
    lifecycleState: 'ACTIVE',
    timeCreated: '2025-01-01T00:00:00.000Z',
    identityProviderId: null,
    capabilities: { canUseConsolePassword: true, canUseApiKeys: true, canUseAuthTokens: true, canUseCustomerSecretKeys: true },
    apiKeys: [],
    authTokens: [],
    customerSecretKeys: [],
    uiPassword: null,
    ...overrides,
  };
}

const ACTIVE_USER = 'ocid1.user.oc1..aaaaaaaaactiveuser';
const BLOCKED_USER = 'ocid1.user.oc1..aaaaaaaainactiveuser';
const NO_CAPS_USER = 'ocid1.user.oc1..aaaaaaaanocapsuser';

function freshState(): EmulatorState {
  return {
    version: 1,
    tenancy: { id: TENANCY, name: 'routes', homeRegion: 'us-ashburn-1' },
    settings: {
      credentialActivationDelayMs: 2_000,
      secretUpdatingMs: 0,
      limits: { apiKeysPerUser: 3, authTokensPerUser: 2, customerSecretKeysPerUser: 2, secretVersionsPerSecret: 30 },
      maxClockSkewMs: 300_000,
    },
    users: [
      user(ACTIVE_USER),
      user(BLOCKED_USER, { lifecycleState: 'INACTIVE' }),
      user(NO_CAPS_USER, {
        capabilities: { canUseConsolePassword: false, canUseApiKeys: false, canUseAuthTokens: false, canUseCustomerSecretKeys: false },
      }),
    ],
    vaults: [],
    secrets: [],
    topics: [],
    problems: [],
    resourcePrincipalSessions: [],
  };
}

function route(operation: string): Route {
  const found = identityService.routes.find((candidate) => candidate.operation === operation);
  if (!found) throw new Error(`no route ${operation}`);
  return found;
}

function call(
  state: EmulatorState,
  operation: string,
  params: Record<string, string>,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): RouteResponse {
  const target = route(operation);
  const context: RequestContext = {
    state,
    now: NOW,
    method: target.method,
    params,
    query: new URLSearchParams(),
    headers: options.headers ?? {},
    body: options.body,
    principal: { kind: 'user', tenancyId: TENANCY, userId: ACTIVE_USER, fingerprint: '00' },
    region: 'us-ashburn-1',
  };
  return target.handle(context);
}

function failure(action: () => unknown): Pick<OciApiError, 'status' | 'code' | 'message'> {
  try {
    action();
  } catch (error) {
    const { status, code, message } = error as OciApiError;
    return { status, code, message };
  }
  throw new Error('expected the handler to throw');
}

function publicPem(): string {
  return pooledPublicKeyPem();
}

function userIn(state: EmulatorState, id: string): UserRecord {
  const found = state.users.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no user ${id}`);
  return found;
}

describe('identity routes', () => {
  it('declares every operation of oci-behaviour §3.1 this project uses, creates honouring retry tokens', () => {
    // Prepare
    const expected = [
      'GET /users/{userId} GetUser',
      'GET /users/{userId}/apiKeys ListApiKeys',
      'POST /users/{userId}/apiKeys UploadApiKey retry',
      'DELETE /users/{userId}/apiKeys/{fingerprint} DeleteApiKey',
      'GET /users/{userId}/authTokens ListAuthTokens',
      'POST /users/{userId}/authTokens CreateAuthToken retry',
      'DELETE /users/{userId}/authTokens/{authTokenId} DeleteAuthToken',
      'GET /users/{userId}/customerSecretKeys ListCustomerSecretKeys',
      'POST /users/{userId}/customerSecretKeys CreateCustomerSecretKey retry',
      'DELETE /users/{userId}/customerSecretKeys/{customerSecretKeyId} DeleteCustomerSecretKey',
      'POST /users/{userId}/uiPassword CreateOrResetUIPassword retry',
      'GET /users/{userId}/uiPassword GetUserUIPasswordInformation',
      'GET /tenancies/{tenancyId} GetTenancy',
      'GET /tenancies/{tenancyId}/regionSubscriptions ListRegionSubscriptions',
    ];

    // Act
    const declared = identityService.routes.map(
      (candidate) => `${candidate.method} ${candidate.path} ${candidate.operation}${candidate.honoursRetryToken ? ' retry' : ''}`,
    );

    // Assess
    expect(declared).toEqual(expected);
    expect(identityService.routes.every((candidate) => candidate.service === 'identity')).toBe(true);
  });

  it('GetUser renders the User model with all seven capability flags and an etag', () => {
    // Prepare
    const state = freshState();

    // Act
    const response = call(state, 'GetUser', { userId: NO_CAPS_USER });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: NO_CAPS_USER,
      compartmentId: TENANCY,
      lifecycleState: 'ACTIVE',
      emailVerified: true,
      externalIdentifier: null,
      isMfaActivated: false,
      capabilities: {
        canUseConsolePassword: false,
        canUseApiKeys: false,
        canUseAuthTokens: false,
        canUseSmtpCredentials: true,
        canUseDbCredentials: true,
        canUseCustomerSecretKeys: false,
        canUseOAuth2ClientCredentials: true,
      },
    });
    expect(response.headers?.etag).toMatch(/^[0-9a-f]{32}$/);
  });

  it('new credentials start CREATING with activatesAt = now + the configured delay', () => {
    // Prepare
    const state = freshState();

    // Act
    const response = call(state, 'CreateAuthToken', { userId: ACTIVE_USER }, { body: { description: 'ci' } });

    // Assess
    expect(response.body).toMatchObject({ lifecycleState: 'CREATING', description: 'ci', userId: ACTIVE_USER, timeExpires: null });
    expect(userIn(state, ACTIVE_USER).authTokens[0]).toMatchObject({ activatesAt: '2026-11-22T10:00:02.000Z', lifecycleState: 'CREATING' });
  });

  it('rejects a create with no body or a non-string field', () => {
    // Prepare
    const state = freshState();

    // Act
    const noBody = failure(() => call(state, 'UploadApiKey', { userId: ACTIVE_USER }));
    const numberKey = failure(() => call(state, 'UploadApiKey', { userId: ACTIVE_USER }, { body: { key: 42 } }));
    const noName = failure(() => call(state, 'CreateCustomerSecretKey', { userId: ACTIVE_USER }, { body: {} }));

    // Assess
    expect(noBody).toMatchObject({ status: 400, code: 'MissingParameter' });
    expect(numberKey).toMatchObject({ status: 400, code: 'InvalidParameter' });
    expect(noName).toMatchObject({ status: 400, code: 'MissingParameter', message: "Missing required parameter 'displayName'." });
    expect(userIn(state, ACTIVE_USER).apiKeys).toHaveLength(0);
  });

  it('accepts an empty auth token description but not one over 400 characters', () => {
    // Prepare
    const state = freshState();

    // Act
    const empty = call(state, 'CreateAuthToken', { userId: ACTIVE_USER }, { body: { description: '' } });
    const tooLong = failure(() => call(state, 'CreateAuthToken', { userId: ACTIVE_USER }, { body: { description: 'x'.repeat(401) } }));

    // Assess
    expect(empty.status).toBe(200);
    expect(tooLong).toMatchObject({ status: 400, code: 'InvalidParameter' });
    expect(userIn(state, ACTIVE_USER).authTokens).toHaveLength(1);
  });

  it('refuses creates for a user that is not ACTIVE with 409 IncorrectState', () => {
    // Prepare
    const state = freshState();

    // Act
    const token = failure(() => call(state, 'CreateAuthToken', { userId: BLOCKED_USER }, { body: { description: 'x' } }));
    const password = failure(() => call(state, 'CreateOrResetUIPassword', { userId: BLOCKED_USER }));

    // Assess
    expect(token).toMatchObject({ status: 409, code: 'IncorrectState' });
    expect(token.message).toContain('INACTIVE');
    expect(password).toMatchObject({ status: 409, code: 'IncorrectState' });
  });

  it('refuses each credential type the user capabilities forbid with 400 InvalidParameter', () => {
    // Prepare
    const state = freshState();
    const params = { userId: NO_CAPS_USER };

    // Act
    const errors = [
      failure(() => call(state, 'UploadApiKey', params, { body: { key: publicPem() } })),
      failure(() => call(state, 'CreateAuthToken', params, { body: { description: 'x' } })),
      failure(() => call(state, 'CreateCustomerSecretKey', params, { body: { displayName: 'x' } })),
      failure(() => call(state, 'CreateOrResetUIPassword', params)),
    ];

    // Assess
    expect(errors.map((error) => `${error.status} ${error.code}`)).toEqual(Array(4).fill('400 InvalidParameter'));
    expect(errors.map((error) => /canUse\w+/.exec(error.message)?.[0])).toEqual([
      'canUseApiKeys',
      'canUseAuthTokens',
      'canUseCustomerSecretKeys',
      'canUseConsolePassword',
    ]);
  });

  it('does not count DELETED records toward the cap, and names the limit when reached', () => {
    // Prepare
    const state = freshState();
    state.settings.credentialActivationDelayMs = 0;
    userIn(state, ACTIVE_USER).customerSecretKeys.push({
      id: 'd'.repeat(40),
      displayName: 'old',
      timeCreated: '2025-01-01T00:00:00.000Z',
      timeExpires: null,
      lifecycleState: 'DELETED',
      activatesAt: null,
      keySha256: sha256Hex('old'),
    });

    // Act
    const first = call(state, 'CreateCustomerSecretKey', { userId: ACTIVE_USER }, { body: { displayName: 'a' } });
    const second = call(state, 'CreateCustomerSecretKey', { userId: ACTIVE_USER }, { body: { displayName: 'b' } });
    const third = failure(() => call(state, 'CreateCustomerSecretKey', { userId: ACTIVE_USER }, { body: { displayName: 'c' } }));

    // Assess
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(third).toEqual({
      status: 400,
      code: 'LimitExceeded',
      message: `User ${ACTIVE_USER} already has the maximum of 2 customer secret keys.`,
    });
  });

  it('honours a lowered cap from settings.limits', () => {
    // Prepare
    const state = freshState();
    state.settings.limits.apiKeysPerUser = 1;
    call(state, 'UploadApiKey', { userId: ACTIVE_USER }, { body: { key: publicPem() } });

    // Act
    const second = failure(() => call(state, 'UploadApiKey', { userId: ACTIVE_USER }, { body: { key: publicPem() } }));

    // Assess
    expect(second).toMatchObject({
      status: 400,
      code: 'LimitExceeded',
      message: `User ${ACTIVE_USER} already has the maximum of 1 API keys.`,
    });
  });

  it('deletes an API key addressed by an upper-case fingerprint and honours if-match', () => {
    // Prepare
    const state = freshState();
    const pem = publicPem();
    const uploaded = call(state, 'UploadApiKey', { userId: ACTIVE_USER }, { body: { key: pem } });
    const fingerprint = apiKeyFingerprint(nextPooledKeyPair().publicKey);
    const uploadedFingerprint = (uploaded.body as { fingerprint: string }).fingerprint;
    const etag = uploaded.headers?.etag ?? '';

    // Act
    const staleEtag = failure(() =>
      call(state, 'DeleteApiKey', { userId: ACTIVE_USER, fingerprint: uploadedFingerprint }, { headers: { 'if-match': 'stale' } }),
    );
    const unknown = failure(() => call(state, 'DeleteApiKey', { userId: ACTIVE_USER, fingerprint }));
    const deleted = call(
      state,
      'DeleteApiKey',
      { userId: ACTIVE_USER, fingerprint: uploadedFingerprint.toUpperCase() },
      { headers: { 'if-match': etag } },
    );

    // Assess
    expect(staleEtag).toMatchObject({ status: 412, code: 'NoEtagMatch' });
    expect(unknown).toMatchObject({ status: 404, code: 'NotAuthorizedOrNotFound' });
    expect(deleted).toEqual({ status: 204 });
    expect(userIn(state, ACTIVE_USER).apiKeys).toEqual([]);
  });

  it('answers 404 for console password information before any reset, and the record after', () => {
    // Prepare
    const state = freshState();
    const before = failure(() => call(state, 'GetUserUIPasswordInformation', { userId: ACTIVE_USER }));

    // Act
    const reset = call(state, 'CreateOrResetUIPassword', { userId: ACTIVE_USER });
    const after = call(state, 'GetUserUIPasswordInformation', { userId: ACTIVE_USER });

    // Assess
    const password = (reset.body as { password: string }).password;
    expect(before).toMatchObject({ status: 404, code: 'NotAuthorizedOrNotFound' });
    expect(after.body).toEqual({ userId: ACTIVE_USER, timeCreated: NOW.toISOString(), lifecycleState: 'ACTIVE' });
    expect(userIn(state, ACTIVE_USER).uiPassword?.passwordSha256).toBe(sha256Hex(password));
    expect(JSON.stringify(state)).not.toContain(password);
  });

  it('answers 404 NotAuthorizedOrNotFound for an unknown user on every operation', () => {
    // Prepare
    const state = freshState();
    const params = {
      userId: 'ocid1.user.oc1..aaaaaaaanobody',
      fingerprint: 'aa:bb',
      authTokenId: 'ocid1.credential.oc1..x',
      customerSecretKeyId: 'e'.repeat(40),
    };
    const bodies: Record<string, unknown> = {
      UploadApiKey: { key: publicPem() },
      CreateAuthToken: { description: 'x' },
      CreateCustomerSecretKey: { displayName: 'x' },
    };

    // Act
    const codes = identityService.routes.map((candidate) => {
      const error = failure(() => call(state, candidate.operation, params, { body: bodies[candidate.operation] }));
      return `${error.status} ${error.code}`;
    });

    // Assess
    expect(codes).toEqual(Array(identityService.routes.length).fill('404 NotAuthorizedOrNotFound'));
  });
});
