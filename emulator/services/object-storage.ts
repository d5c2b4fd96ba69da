import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  expectedSigV4Signature,
  MalformedSigV4Error,
  parseSigV4Authorization,
  signaturesMatch,
  type SigV4Authorization,
} from '../auth/aws-signature-v4.js';
import { notFound } from '../http/oci-api-error.js';
import type {
  Principal,
  RequestContext,
  Route,
  RouteResponse,
  SelfAuthenticatedRoute,
  ServiceModule,
  UnsignedRequestContext,
} from '../http/route.js';
import type { CustomerSecretKeyRecord, EmulatorState, UserRecord } from '../state/types.js';
import { s3ErrorResponse, s3ListAllMyBucketsResponse } from './s3-responses.js';

/**
 * Object Storage, as far as proving an auth token or a customer secret key needs it. In OCI these
 * are three hosts; the emulator serves them on its one port under these paths:
 *
 * | OCI                                                              | emulator                    |
 * | `https://objectstorage.<region>.oraclecloud.com/n`               | `GET /n` (and `/n/`)        |
 * | `https://swiftobjectstorage.<region>.oraclecloud.com/auth/v1.0`  | `GET /auth/v1.0`            |
 * | `https://<namespace>.compat.objectstorage.<region>.oraclecloud.com/` | `GET /s3/<region>/<namespace>/` |
 *
 * - GetNamespace: OCI-signed like every OCI API call; the SDK sends `GET /n` with an optional
 *   `compartmentId` query (oci-objectstorage lib/client.ts, ObjectStorageClient#getNamespace), the
 *   API reference writes `GET /n/`; both are served. The body is the namespace as a JSON string.
 * - Swift v1 auth: `X-Storage-User: <namespace>/<user name>` and `X-Storage-Pass: <auth token>`;
 *   200 with `X-Auth-Token`, `X-Storage-Token` and `X-Storage-Url` (`…/v1/<namespace>`) on success,
 *   401 otherwise ("Using the Swift API", https://docs.oracle.com/en-us/iaas/Content/Object/Tasks/usingswift.htm;
 *   Swift endpoints by region, https://docs.oracle.com/en-us/iaas/Content/Object/Tasks/swift-endpoints-curl.htm;
 *   auth tokens are the Swift password, https://docs.oracle.com/en-us/iaas/Content/Identity/access/managing-user-credentials.htm).
 * - S3 ListBuckets (GetService, listed as supported in
 *   https://docs.oracle.com/en-us/iaas/Content/Object/Tasks/s3compatibleapi_topic-Amazon_S3_Compatibility_API_Support.htm):
 *   AWS Signature V4 made with a customer secret key (access key id = the key's id), path-style
 *   URLs under the namespace's compat host, the region in the credential scope
 *   (https://docs.oracle.com/en-us/iaas/Content/Object/Tasks/s3compatibleapi.htm). Errors are S3's
 *   XML `<Error><Code>…` with S3's codes (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html):
 *   `InvalidAccessKeyId` (403) for a key S3 does not know, `SignatureDoesNotMatch` (403),
 *   `AccessDenied` (403) when the key authenticates but its user may not list buckets,
 *   `RequestTimeTooSkewed` (403) beyond 15 minutes, `AuthorizationHeaderMalformed` (400).
 *
 * A new token or key is accepted only once it is ACTIVE and `settings.credentialPropagationMs`
 * more have passed on the emulator clock (`objectStorageAcceptsAt`), so a test can see Identity
 * list a credential that Object Storage still refuses.
 *
 * Assumed (OCI's documentation is silent): the 401 body (`Unauthorized`, plain text), that only
 * the `X-Storage-*` header pair is read (OpenStack also knows `X-Auth-User`/`X-Auth-Key`), the
 * token format (`AUTH_tk` + 32 hex), anonymous ListBuckets answering `AccessDenied` as S3 does,
 * an unknown namespace in the compat path answering 404 `NoSuchNamespace`, a compat region that
 * differs from the credential scope answering `AuthorizationHeaderMalformed` as S3 does, a user
 * that is not ACTIVE being refused like an unknown credential, and every region being served.
 */

/** S3 refuses a request whose date is more than 15 minutes from its clock (RequestTimeTooSkewed). */
const S3_MAX_SKEW_MS = 15 * 60 * 1000;
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

/** The tenancy's namespace: the state's, or the tenancy name in lower case (older tenancies). */
export function objectStorageNamespace(state: EmulatorState): string {
  return state.tenancy.objectStorageNamespace ?? (state.tenancy.name.toLowerCase().replace(/[^a-z0-9]/g, '') || 'namespace');
}

function acceptedNow(credential: { lifecycleState: string; objectStorageAcceptsAt?: string | null | undefined }, now: Date): boolean {
  if (credential.lifecycleState !== 'ACTIVE') return false;
  const from = credential.objectStorageAcceptsAt;
  return from === undefined || from === null || Date.parse(from) <= now.getTime();
}

function header(context: UnsignedRequestContext, name: string): string | undefined {
  const value = context.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sha256(value: string | Buffer): Buffer {
  return createHash('sha256').update(value).digest();
}

function getNamespaceRoute(path: '/n' | '/n/'): Route {
  return {
    service: 'objectstorage',
    operation: 'GetNamespace',
    method: 'GET',
    path,
    handle(context: RequestContext): RouteResponse {
      const compartmentId = context.query.get('compartmentId');
      // With compartmentId, the namespace of that compartment's tenancy (SDK doc comment); the
      // emulator has one tenancy, so only an id it knows of is answered (assumed 404 otherwise).
      if (compartmentId !== null && compartmentId !== context.state.tenancy.id && !knownCompartment(context.state, compartmentId)) {
        throw notFound(`compartment ${compartmentId}`);
      }
      return { status: 200, body: objectStorageNamespace(context.state) };
    },
  };
}

function knownCompartment(state: EmulatorState, compartmentId: string): boolean {
  return [...state.users, ...state.vaults, ...state.secrets, ...state.topics, ...state.problems].some(
    (record) => record.compartmentId === compartmentId,
  );
}

const UNAUTHORIZED: RouteResponse = { status: 401, text: { contentType: 'text/plain; charset=UTF-8', content: 'Unauthorized' } };

const swiftAuth: SelfAuthenticatedRoute = {
  service: 'objectstorage',
  operation: 'SwiftAuth',
  method: 'GET',
  path: '/auth/v1.0',
  handle(context) {
    const refused = { response: UNAUTHORIZED, principal: null };
    const storageUser = header(context, 'x-storage-user');
    const storagePass = header(context, 'x-storage-pass');
    if (!storageUser || !storagePass) return refused;
    const slash = storageUser.indexOf('/');
    if (slash < 0) return refused;
    const namespace = storageUser.slice(0, slash);
    const userName = storageUser.slice(slash + 1);
    const { state } = context;
    if (namespace !== objectStorageNamespace(state)) return refused;
    const user = state.users.find((candidate) => candidate.name === userName && candidate.compartmentId === state.tenancy.id);
    if (user?.lifecycleState !== 'ACTIVE') return refused;
    const given = sha256(storagePass);
    const token = user.authTokens.find(
      (candidate) => timingSafeEqual(Buffer.from(candidate.tokenSha256, 'hex'), given) && acceptedNow(candidate, context.now),
    );
    if (!token) return refused;
    const principal: Principal = { kind: 'storage-credential', tenancyId: state.tenancy.id, userId: user.id, credentialId: token.id };
    const sessionToken = `AUTH_tk${randomBytes(16).toString('hex')}`;
    const host = header(context, 'host') ?? 'localhost';
    return {
      response: {
        status: 200,
        headers: { 'x-auth-token': sessionToken, 'x-storage-token': sessionToken, 'x-storage-url': `http://${host}/v1/${namespace}` },
      },
      principal,
    };
  },
};

interface KeyOwner {
  user: UserRecord;
  key: CustomerSecretKeyRecord;
}

function findKey(state: EmulatorState, accessKeyId: string): KeyOwner | null {
  for (const user of state.users) {
    if (user.compartmentId !== state.tenancy.id) continue;
    const key = user.customerSecretKeys.find((candidate) => candidate.id === accessKeyId);
    if (key) return { user, key };
  }
  return null;
}

/** `yyyymmddThhmmssZ` → Date, or null. */
function parseAmzDate(value: string | undefined): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

const s3ListBuckets: SelfAuthenticatedRoute = {
  service: 'objectstorage',
  operation: 'S3ListBuckets',
  method: 'GET',
  path: '/s3/{region}/{namespace}/',
  handle(context) {
    const refuse = (status: number, code: string, message: string): { response: RouteResponse; principal: null } => ({
      response: s3ErrorResponse(status, code, message),
      principal: null,
    });
    const { state } = context;
    const region = context.params['region'] ?? '';
    if (context.params['namespace'] !== objectStorageNamespace(state))
      return refuse(404, 'NoSuchNamespace', 'The namespace in the request does not exist.');

    let authorization: SigV4Authorization | null;
    try {
      authorization = parseSigV4Authorization(header(context, 'authorization'));
    } catch (error) {
      if (!(error instanceof MalformedSigV4Error)) throw error;
      return refuse(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed: ${error.message}.`);
    }
    if (!authorization) return refuse(403, 'AccessDenied', 'Anonymous access is not allowed.');
    if (authorization.service !== 's3')
      return refuse(400, 'AuthorizationHeaderMalformed', `The credential scope names service '${authorization.service}'; expecting 's3'.`);
    if (authorization.region !== region)
      return refuse(
        400,
        'AuthorizationHeaderMalformed',
        `The authorization header is malformed; the region '${authorization.region}' is wrong; expecting '${region}'.`,
      );

    const amzDateText = header(context, 'x-amz-date');
    const amzDate = parseAmzDate(amzDateText);
    if (!amzDate || !amzDateText) return refuse(403, 'AccessDenied', 'AWS authentication requires a valid x-amz-date header.');
    if (amzDateText.slice(0, 8) !== authorization.scopeDate)
      return refuse(400, 'AuthorizationHeaderMalformed', 'The credential scope date does not match x-amz-date.');
    if (Math.abs(amzDate.getTime() - context.wallClock.getTime()) > S3_MAX_SKEW_MS)
      return refuse(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');

    const payloadHash = header(context, 'x-amz-content-sha256');
    if (!payloadHash) return refuse(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256.');
    const bodyHash = context.rawBody.length === 0 ? EMPTY_SHA256 : sha256(context.rawBody).toString('hex');
    if (payloadHash !== UNSIGNED_PAYLOAD && payloadHash !== bodyHash)
      return refuse(400, 'XAmzContentSHA256Mismatch', 'The provided x-amz-content-sha256 header does not match what was computed.');
    // S3 wants the host and every x-amz-* header inside the signature.
    const mustSign = ['host', ...Object.keys(context.headers).filter((name) => name.startsWith('x-amz-'))];
    const unsigned = mustSign.filter((name) => !authorization.signedHeaders.includes(name));
    if (unsigned.length > 0)
      return refuse(403, 'AccessDenied', `There were headers present in the request which were not signed: ${unsigned.join(', ')}.`);

    const found = findKey(state, authorization.accessKeyId);
    if (found?.user.lifecycleState !== 'ACTIVE' || !acceptedNow(found.key, context.now)) {
      return refuse(403, 'InvalidAccessKeyId', 'The access key ID you provided does not exist in our records.');
    }
    // Without the value (a seeded key, or a state restored from a dump) no signature can be
    // verified, so none is accepted: never kinder than OCI.
    const secretKey = found.key.secretKey;
    const expected =
      secretKey === undefined || secretKey === null
        ? null
        : expectedSigV4Signature({
            method: context.method,
            requestTarget: context.requestTarget,
            headers: context.headers,
            authorization,
            amzDate: amzDateText,
            payloadHash,
            secretKey,
          });
    if (expected === null || !signaturesMatch(expected, authorization.signature)) {
      return refuse(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    }

    const principal: Principal = {
      kind: 'storage-credential',
      tenancyId: state.tenancy.id,
      userId: found.user.id,
      credentialId: found.key.id,
    };
    if (found.user.mayListBuckets === false) return { response: s3ErrorResponse(403, 'AccessDenied', 'Access Denied'), principal };
    return { response: s3ListAllMyBucketsResponse({ ownerId: found.user.id, ownerName: found.user.name }), principal };
  },
};

export const objectStorageService: ServiceModule = {
  routes: [getNamespaceRoute('/n'), getNamespaceRoute('/n/')],
  selfAuthenticatedRoutes: [swiftAuth, s3ListBuckets],
};
