import { newOcid, realmOf } from '../ids.js';
import { OciApiError, invalidParameter, notFound } from '../http/oci-api-error.js';
import type { Route, ServiceModule } from '../http/route.js';
import { parseApiPublicKey } from './api-key-fingerprint.js';
import { initialCredentialLifecycle, objectStorageAcceptsAt, settleUserCredentials } from './credential-lifecycle.js';
import { newAuthTokenValue, newCustomerSecretKeyPair, newUiPassword, sha256Hex } from './identity-credentials.js';
import { apiKeyModel, authTokenModel, customerSecretKeySummaryModel, uiPasswordInformationModel } from './identity-models.js';
import { bodyObject, param, requireMatchingEtag, single } from './identity-requests.js';
import { getTenancy, listRegionSubscriptions } from './identity-tenancy.js';
import { findCredentialUser, getUser, requireBelowLimit, requireCanCreate, userOfCached } from './identity-users.js';
import { requiredString } from './request-fields.js';
import { resourceEtag } from './resource-etag.js';

/**
 * Classic IAM user credentials, API 20160918 (oci-behaviour §3). Paths and shapes follow
 * `oci-identity/lib/client.js` and `lib/model/*.d.ts` 2.139.1 (§3.1, §3.2).
 *
 * Documented behaviour implemented here:
 * - lists are bare JSON arrays, not paginated; single objects carry an `etag`; deletes answer 204 (§0.4);
 * - caps of 3 API keys, 2 auth tokens, 2 customer secret keys per user (§3.6), read from
 *   `settings.limits` so tests can change them;
 * - new credentials start CREATING and turn ACTIVE later (§3.2);
 * - `token`, `key` and `password` appear only in create responses (§3.3);
 * - fingerprint = MD5 of the SPKI DER; API keys are RSA PEM ≥ 2048 bits (§3.5);
 * - unknown user or credential: 404 NotAuthorizedOrNotFound (§8);
 * - `if-match` on deletes, 412 NoEtagMatch when it differs (§3.1 lists the header, §8 the code).
 *
 * Assumed (no public source; oci-behaviour open question 3):
 * - at the cap: 400 LimitExceeded (the common-errors table's closest code, §3.6, §8);
 * - duplicate API key fingerprint on the same user: 409 Conflict;
 * - creating a credential for a user that is not ACTIVE: 409 IncorrectState;
 * - creating a credential the user's `capabilities.canUse…` flag forbids: 400 InvalidParameter;
 * - console password resets are ACTIVE at once (no CREATING window) and have no cap;
 * - GetUserUIPasswordInformation for a user that never had a password: 404 NotAuthorizedOrNotFound.
 *
 * Identity domains (https://docs.oracle.com/en-us/iaas/Content/Identity/home.htm):
 * - in a tenancy with `tenancy.identityDomains`, CreateOrResetUIPassword returns no `password`:
 *   "(For tenancies that support identity domains) Resetting a user's password generates a reset
 *   password email with a link that the user must follow" (`oci-identity/lib/client.d.ts`
 *   `createOrResetUIPassword`). The state records the reset with `passwordSha256: null`;
 * - a user of a non-default domain (`domain` other than `Default`) is managed through the Identity
 *   Domains API (`https://<domainURL>/admin/v1/`, `oci-identitydomains` IdentityDomainsClient), so
 *   the classic credential calls answer 404 NotAuthorizedOrNotFound for it (assumed: OCI documents
 *   no such answer; 404 is its "missing or not permitted" code). GetUser still answers (assumed).
 *
 * Home region: every write here is refused outside the home region before it reaches a handler
 * (`http/regional-write-rules.ts`).
 *
 * No authorisation model: any authenticated principal may manage any user's credentials
 * (the emulator contract; real OCI needs tenancy-level `manage users`, §3.7).
 */

const AUTH_TOKEN_DESCRIPTION_MAX = 400; // CreateAuthTokenDetails.description, API reference max length
const CUSTOMER_SECRET_KEY_NAME_MAX = 400; // CreateCustomerSecretKeyDetails.displayName (assumed same bound)

const listApiKeys: Route = {
  service: 'identity',
  operation: 'ListApiKeys',
  method: 'GET',
  path: '/users/{userId}/apiKeys',
  handle(context) {
    const user = findCredentialUser(context.state, param(context, 'userId'));
    return { status: 200, body: user.apiKeys.map((apiKey) => apiKeyModel(context.state.tenancy, user, apiKey)) };
  },
};

const uploadApiKey: Route = {
  service: 'identity',
  operation: 'UploadApiKey',
  method: 'POST',
  path: '/users/{userId}/apiKeys',
  honoursRetryToken: true,
  retryTokenResourceExists(state, cached) {
    const found = userOfCached(state, cached);
    // The same public key uploaded again after a delete is a new resource: timeCreated tells them apart.
    return (
      found?.user.apiKeys.some(
        (apiKey) =>
          apiKey.fingerprint === found.body['fingerprint'] &&
          apiKey.timeCreated === found.body['timeCreated'] &&
          apiKey.lifecycleState !== 'DELETED',
      ) ?? false
    );
  },
  handle(context) {
    const { state, now } = context;
    const user = findCredentialUser(state, param(context, 'userId'));
    const pem = requiredString(bodyObject(context, 'key'), 'key');
    const parsed = parseApiPublicKey(pem);
    requireCanCreate(user, 'canUseApiKeys', 'API keys');
    if (user.apiKeys.some((apiKey) => apiKey.fingerprint === parsed.fingerprint && apiKey.lifecycleState !== 'DELETED')) {
      // Assumed code (oci-behaviour open question 3).
      throw new OciApiError(409, 'Conflict', `User ${user.id} already has an API key with fingerprint ${parsed.fingerprint}.`);
    }
    requireBelowLimit(user, user.apiKeys, state.settings.limits.apiKeysPerUser, 'API keys');
    const record = {
      fingerprint: parsed.fingerprint,
      // Stored and returned as canonical SPKI PEM rather than the caller's exact text (assumed).
      keyValue: parsed.spkiPem,
      timeCreated: now.toISOString(),
      ...initialCredentialLifecycle(now, state.settings.credentialActivationDelayMs),
    };
    user.apiKeys.push(record);
    return single(apiKeyModel(state.tenancy, user, record));
  },
};

const deleteApiKey: Route = {
  service: 'identity',
  operation: 'DeleteApiKey',
  method: 'DELETE',
  // The SDK percent-encodes the fingerprint (`12%3A34…`, oci-behaviour §0.3); params arrive decoded.
  path: '/users/{userId}/apiKeys/{fingerprint}',
  handle(context) {
    const user = findCredentialUser(context.state, param(context, 'userId'));
    const fingerprint = param(context, 'fingerprint').toLowerCase();
    const index = user.apiKeys.findIndex((apiKey) => apiKey.fingerprint === fingerprint && apiKey.lifecycleState !== 'DELETED');
    const apiKey = user.apiKeys[index];
    if (!apiKey) throw notFound(`API key ${fingerprint} of user ${user.id}`);
    requireMatchingEtag(context, apiKeyModel(context.state.tenancy, user, apiKey));
    user.apiKeys.splice(index, 1);
    return { status: 204 };
  },
};

const listAuthTokens: Route = {
  service: 'identity',
  operation: 'ListAuthTokens',
  method: 'GET',
  path: '/users/{userId}/authTokens',
  handle(context) {
    const user = findCredentialUser(context.state, param(context, 'userId'));
    return { status: 200, body: user.authTokens.map((authToken) => authTokenModel(user, authToken)) };
  },
};

const createAuthToken: Route = {
  service: 'identity',
  operation: 'CreateAuthToken',
  method: 'POST',
  path: '/users/{userId}/authTokens',
  honoursRetryToken: true,
  retryTokenResourceExists(state, cached) {
    const found = userOfCached(state, cached);
    return found?.user.authTokens.some((authToken) => authToken.id === found.body['id'] && authToken.lifecycleState !== 'DELETED') ?? false;
  },
  handle(context) {
    const { state, now } = context;
    const user = findCredentialUser(state, param(context, 'userId'));
    // Required, but may be empty in identity-domain tenancies (oci-behaviour §3.1, §3.8).
    const description = requiredString(bodyObject(context, 'description'), 'description');
    if (description.length > AUTH_TOKEN_DESCRIPTION_MAX) {
      throw invalidParameter(`'description' must be at most ${AUTH_TOKEN_DESCRIPTION_MAX} characters.`);
    }
    requireCanCreate(user, 'canUseAuthTokens', 'auth tokens');
    requireBelowLimit(user, user.authTokens, state.settings.limits.authTokensPerUser, 'auth tokens');
    const token = newAuthTokenValue();
    const record = {
      id: newOcid('credential', '', realmOf(user.id)),
      description,
      timeCreated: now.toISOString(),
      // Auth tokens do not expire in classic IAM (oci-behaviour §3.6).
      timeExpires: null,
      ...initialCredentialLifecycle(now, state.settings.credentialActivationDelayMs),
      tokenSha256: sha256Hex(token),
      objectStorageAcceptsAt: objectStorageAcceptsAt(
        now,
        state.settings.credentialActivationDelayMs,
        state.settings.credentialPropagationMs,
      ),
    };
    user.authTokens.push(record);
    const model = authTokenModel(user, record);
    // The etag describes the resource, not the once-only value, so it matches later reads.
    return { status: 200, body: { token, ...model }, headers: { etag: resourceEtag(model) } };
  },
};

const deleteAuthToken: Route = {
  service: 'identity',
  operation: 'DeleteAuthToken',
  method: 'DELETE',
  path: '/users/{userId}/authTokens/{authTokenId}',
  handle(context) {
    const user = findCredentialUser(context.state, param(context, 'userId'));
    const authTokenId = param(context, 'authTokenId');
    const index = user.authTokens.findIndex((authToken) => authToken.id === authTokenId && authToken.lifecycleState !== 'DELETED');
    const authToken = user.authTokens[index];
    if (!authToken) throw notFound(`auth token ${authTokenId}`);
    requireMatchingEtag(context, authTokenModel(user, authToken));
    user.authTokens.splice(index, 1);
    return { status: 204 };
  },
};

const listCustomerSecretKeys: Route = {
  service: 'identity',
  operation: 'ListCustomerSecretKeys',
  method: 'GET',
  path: '/users/{userId}/customerSecretKeys',
  handle(context) {
    const user = findCredentialUser(context.state, param(context, 'userId'));
    return { status: 200, body: user.customerSecretKeys.map((secretKey) => customerSecretKeySummaryModel(user, secretKey)) };
  },
};

const createCustomerSecretKey: Route = {
  service: 'identity',
  operation: 'CreateCustomerSecretKey',
  method: 'POST',
  path: '/users/{userId}/customerSecretKeys',
  honoursRetryToken: true,
  retryTokenResourceExists(state, cached) {
    const found = userOfCached(state, cached);
    return (
      found?.user.customerSecretKeys.some((secretKey) => secretKey.id === found.body['id'] && secretKey.lifecycleState !== 'DELETED') ??
      false
    );
  },
  handle(context) {
    const { state, now } = context;
    const user = findCredentialUser(state, param(context, 'userId'));
    const displayName = requiredString(bodyObject(context, 'displayName'), 'displayName');
    if (displayName.length > CUSTOMER_SECRET_KEY_NAME_MAX) {
      throw invalidParameter(`'displayName' must be at most ${CUSTOMER_SECRET_KEY_NAME_MAX} characters.`);
    }
    requireCanCreate(user, 'canUseCustomerSecretKeys', 'customer secret keys');
    requireBelowLimit(user, user.customerSecretKeys, state.settings.limits.customerSecretKeysPerUser, 'customer secret keys');
    const { accessKeyId, secretKey } = newCustomerSecretKeyPair();
    const record = {
      id: accessKeyId,
      displayName,
      timeCreated: now.toISOString(),
      timeExpires: null,
      ...initialCredentialLifecycle(now, state.settings.credentialActivationDelayMs),
      keySha256: sha256Hex(secretKey),
      // Kept (unlike every other once-only value): S3 verifies Signature V4 with the key itself.
      secretKey,
      objectStorageAcceptsAt: objectStorageAcceptsAt(
        now,
        state.settings.credentialActivationDelayMs,
        state.settings.credentialPropagationMs,
      ),
    };
    user.customerSecretKeys.push(record);
    const model = customerSecretKeySummaryModel(user, record);
    return { status: 200, body: { key: secretKey, ...model }, headers: { etag: resourceEtag(model) } };
  },
};

const deleteCustomerSecretKey: Route = {
  service: 'identity',
  operation: 'DeleteCustomerSecretKey',
  method: 'DELETE',
  path: '/users/{userId}/customerSecretKeys/{customerSecretKeyId}',
  handle(context) {
    const user = findCredentialUser(context.state, param(context, 'userId'));
    const secretKeyId = param(context, 'customerSecretKeyId');
    const index = user.customerSecretKeys.findIndex((key) => key.id === secretKeyId && key.lifecycleState !== 'DELETED');
    const secretKey = user.customerSecretKeys[index];
    if (!secretKey) throw notFound(`customer secret key ${secretKeyId}`);
    requireMatchingEtag(context, customerSecretKeySummaryModel(user, secretKey));
    user.customerSecretKeys.splice(index, 1);
    return { status: 204 };
  },
};

const createOrResetUiPassword: Route = {
  service: 'identity',
  operation: 'CreateOrResetUIPassword',
  method: 'POST',
  path: '/users/{userId}/uiPassword',
  honoursRetryToken: true,
  // A later reset replaces the password this token created (assumed to invalidate the token like a delete).
  retryTokenResourceExists(state, cached) {
    const found = userOfCached(state, cached);
    const current = found?.user.uiPassword;
    if (!found || !current || current.timeCreated !== found.body['timeCreated']) return false;
    const password = found.body['password'];
    return typeof password === 'string' ? current.passwordSha256 === sha256Hex(password) : current.passwordSha256 === null;
  },
  handle(context) {
    const { state, now } = context;
    const user = findCredentialUser(state, param(context, 'userId'));
    requireCanCreate(user, 'canUseConsolePassword', 'a console password');
    const model = { userId: user.id, timeCreated: now.toISOString(), lifecycleState: 'ACTIVE' as const, inactiveStatus: null };
    if (state.tenancy.identityDomains === true) {
      // OCI emails the user a reset link; no password exists until they follow it.
      user.uiPassword = { timeCreated: model.timeCreated, lifecycleState: model.lifecycleState, passwordSha256: null };
      return { status: 200, body: model, headers: { etag: resourceEtag(model) } };
    }
    const password = newUiPassword();
    user.uiPassword = { timeCreated: model.timeCreated, lifecycleState: model.lifecycleState, passwordSha256: sha256Hex(password) };
    return { status: 200, body: { password, ...model }, headers: { etag: resourceEtag(model) } };
  },
};

const getUserUiPasswordInformation: Route = {
  service: 'identity',
  operation: 'GetUserUIPasswordInformation',
  method: 'GET',
  path: '/users/{userId}/uiPassword',
  handle(context) {
    const user = findCredentialUser(context.state, param(context, 'userId'));
    if (!user.uiPassword) throw notFound(`console password of user ${user.id}`);
    return single(uiPasswordInformationModel(user, user.uiPassword));
  },
};

export const identityService: ServiceModule = {
  routes: [
    getUser,
    listApiKeys,
    uploadApiKey,
    deleteApiKey,
    listAuthTokens,
    createAuthToken,
    deleteAuthToken,
    listCustomerSecretKeys,
    createCustomerSecretKey,
    deleteCustomerSecretKey,
    createOrResetUiPassword,
    getUserUiPasswordInformation,
    getTenancy,
    listRegionSubscriptions,
  ],
  settle: settleUserCredentials,
};
