import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorState } from '../../../emulator/state/types.js';
import { assertValidState, InvalidStateError } from '../../../emulator/state/validate-state.js';
import { EMPTY_PAYLOAD_SHA256, signSigV4 } from '../../../functions/cloudguard-responder/src/adapters/oci/aws-sigv4-signer.js';
import { SecretValue } from '../../../functions/cloudguard-responder/src/secret-value.js';
import { sendSigned, startEmulatorHarness, type EmulatorHarness } from '../../support/emulator.js';

// The emulator's Object Storage on the wire: GetNamespace (OCI-signed), Swift v1 auth and S3
// ListBuckets (their own credentials, no OCI signature), the strictness of each, and that the one
// secret value the emulator now keeps (a customer secret key) leaves it only when asked for.

const REGION = 'us-ashburn-1';
const NAMESPACE = 'acmesample';

let harness: EmulatorHarness;
let baseline: EmulatorState;
let aliceName: string;
let aliceId: string;

interface TextResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A plain request whose body is read as text (S3 answers XML); Host can be set. */
function sendText(url: string, headers: Record<string, string> = {}): Promise<TextResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'GET', headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function createToken(): Promise<string> {
  const created = await harness.clients.identity.createAuthToken({ userId: aliceId, createAuthTokenDetails: { description: 'wire test' } });
  return created.authToken.token ?? '';
}

async function createKey(): Promise<{ id: string; secret: string }> {
  const created = await harness.clients.identity.createCustomerSecretKey({
    userId: aliceId,
    createCustomerSecretKeyDetails: { displayName: 'wire test' },
  });
  return { id: created.customerSecretKey.id ?? '', secret: created.customerSecretKey.key ?? '' };
}

function s3Url(region = REGION, namespace = NAMESPACE): URL {
  return new URL(`${harness.emulator.url}/s3/${region}/${namespace}/`);
}

function s3Headers(
  key: { id: string; secret: string },
  options: { url?: URL; region?: string; date?: Date; extra?: Record<string, string> } = {},
): Record<string, string> {
  return signSigV4({
    method: 'GET',
    url: options.url ?? s3Url(),
    region: options.region ?? REGION,
    service: 's3',
    accessKeyId: key.id,
    secretKey: SecretValue.fromString(key.secret),
    date: options.date ?? new Date(),
    payloadSha256: EMPTY_PAYLOAD_SHA256,
    ...(options.extra ? { headers: options.extra } : {}),
  });
}

function s3Code(response: TextResponse): string | undefined {
  return /<Code>([^<]+)<\/Code>/.exec(response.text)?.[1];
}

beforeAll(async () => {
  harness = await startEmulatorHarness();
  const state = harness.emulator.getState({ includeSecretContent: true });
  state.settings.credentialActivationDelayMs = 0;
  // alice has one token and one key in the sample; make room for one more of each.
  const alice = state.users.find((user) => user.name === 'alice@example.com');
  if (!alice) throw new Error('sample tenancy lacks alice');
  alice.authTokens = [];
  alice.customerSecretKeys = [];
  aliceName = alice.name;
  aliceId = alice.id;
  baseline = state;
  harness.emulator.setState(baseline);
});

afterAll(async () => {
  await harness?.close();
});

afterEach(() => {
  harness.emulator.clearFaults();
  harness.emulator.setState(baseline);
  harness.emulator.clearCalls();
});

describe('GetNamespace', () => {
  it.each(['/n', '/n/'])('answers %s, signed, with the namespace as a JSON string', async (path) => {
    // Act
    const response = await sendSigned(harness.emulator.url, harness.identity, 'GET', path);

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toBe(NAMESPACE);
  });

  it('refuses an unsigned GetNamespace with 401 NotAuthenticated, as every OCI call', async () => {
    // Act
    const response = await sendText(`${harness.emulator.url}/n`);

    // Assess
    expect(response.status).toBe(401);
    expect(JSON.parse(response.text)).toMatchObject({ code: 'NotAuthenticated' });
  });

  it('answers the namespace set in the state', async () => {
    // Prepare
    harness.emulator.setState({ ...baseline, tenancy: { ...baseline.tenancy, objectStorageNamespace: 'axaxnpcrorw5' } });

    // Act
    const response = await sendSigned(harness.emulator.url, harness.identity, 'GET', '/n');

    // Assess
    expect(response.body).toBe('axaxnpcrorw5');
  });
});

describe('Swift v1 auth', () => {
  it('answers 200 with X-Auth-Token and X-Storage-Url for <namespace>/<user name> and an ACTIVE token', async () => {
    // Prepare
    const token = await createToken();

    // Act
    const response = await sendText(`${harness.emulator.url}/auth/v1.0`, {
      'x-storage-user': `${NAMESPACE}/${aliceName}`,
      'x-storage-pass': token,
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers['x-auth-token']).toMatch(/^AUTH_tk[0-9a-f]{32}$/);
    expect(response.headers['x-storage-url']).toBe(`http://${new URL(harness.emulator.url).host}/v1/${NAMESPACE}`);
    expect(response.headers['opc-request-id']).toMatch(/\S/);
  });

  it.each([
    ['no headers', (_token: string): Record<string, string> => ({})],
    ['another namespace', (token: string): Record<string, string> => ({ 'x-storage-user': `other/${aliceName}`, 'x-storage-pass': token })],
    ['no namespace', (token: string): Record<string, string> => ({ 'x-storage-user': aliceName, 'x-storage-pass': token })],
    [
      'the user OCID instead of its name',
      (token: string): Record<string, string> => ({ 'x-storage-user': `${NAMESPACE}/${aliceId}`, 'x-storage-pass': token }),
    ],
    [
      "OpenStack's X-Auth-User/X-Auth-Key pair",
      (token: string): Record<string, string> => ({ 'x-auth-user': `${NAMESPACE}/${aliceName}`, 'x-auth-key': token }),
    ],
  ])('answers 401 for %s', async (_name, headersFor) => {
    // Prepare
    const token = await createToken();

    // Act
    const response = await sendText(`${harness.emulator.url}/auth/v1.0`, headersFor(token));

    // Assess
    expect(response.status).toBe(401);
    expect(response.headers['x-auth-token']).toBeUndefined();
  });

  it('keeps the host check: a request addressed to another host is refused before Swift sees it', async () => {
    // Prepare
    const token = await createToken();
    const port = new URL(harness.emulator.url).port;

    // Act
    const response = await sendText(`${harness.emulator.url}/auth/v1.0`, {
      host: `attacker.example:${port}`,
      'x-storage-user': `${NAMESPACE}/${aliceName}`,
      'x-storage-pass': token,
    });

    // Assess
    expect(response.status).toBe(403);
    expect(harness.emulator.calls().some((call) => call.operation === 'SwiftAuth')).toBe(false);
  });

  it('applies injected faults and logs the call like any operation', async () => {
    // Prepare
    const token = await createToken();
    harness.emulator.addFault({ operation: 'SwiftAuth', status: 503, code: 'ServiceUnavailable', count: 1 });
    const headers = { 'x-storage-user': `${NAMESPACE}/${aliceName}`, 'x-storage-pass': token };

    // Act
    const faulted = await sendText(`${harness.emulator.url}/auth/v1.0`, headers);
    const next = await sendText(`${harness.emulator.url}/auth/v1.0`, headers);

    // Assess
    expect([faulted.status, next.status]).toEqual([503, 200]);
    expect(
      harness.emulator
        .calls()
        .filter((call) => call.operation === 'SwiftAuth')
        .map((call) => [call.status, call.faulted, call.principal]),
    ).toEqual([
      [503, true, null],
      [200, false, aliceId],
    ]);
  });
});

describe('S3 ListBuckets', () => {
  it('answers 200 with an XML ListAllMyBucketsResult for a valid Signature V4', async () => {
    // Prepare
    const key = await createKey();

    // Act
    const response = await sendText(s3Url().toString(), s3Headers(key));

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/xml');
    expect(response.text).toContain('<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">');
    expect(response.text).toContain(`<ID>${aliceId}</ID>`);
  });

  it('answers 403 AccessDenied to an anonymous request', async () => {
    // Act
    const response = await sendText(s3Url().toString());

    // Assess
    expect([response.status, s3Code(response)]).toEqual([403, 'AccessDenied']);
  });

  it('answers 400 AuthorizationHeaderMalformed when the scope names another region than the endpoint', async () => {
    // Prepare
    const key = await createKey();

    // Act
    const response = await sendText(s3Url().toString(), s3Headers(key, { region: 'eu-frankfurt-1' }));

    // Assess
    expect([response.status, s3Code(response)]).toEqual([400, 'AuthorizationHeaderMalformed']);
  });

  it('answers 403 RequestTimeTooSkewed for a request signed 20 minutes ago', async () => {
    // Prepare
    const key = await createKey();

    // Act
    const response = await sendText(s3Url().toString(), s3Headers(key, { date: new Date(Date.now() - 20 * 60_000) }));

    // Assess
    expect([response.status, s3Code(response)]).toEqual([403, 'RequestTimeTooSkewed']);
  });

  it('answers 403 SignatureDoesNotMatch when a signed header is changed after signing', async () => {
    // Prepare
    const key = await createKey();
    const headers = s3Headers(key, { extra: { 'x-amz-meta-note': 'one' } });

    // Act
    const response = await sendText(s3Url().toString(), { ...headers, 'x-amz-meta-note': 'two' });

    // Assess
    expect([response.status, s3Code(response)]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it('answers 403 AccessDenied when an x-amz-* header was sent but not signed', async () => {
    // Prepare
    const key = await createKey();

    // Act
    const response = await sendText(s3Url().toString(), { ...s3Headers(key), 'x-amz-meta-extra': 'unsigned' });

    // Assess
    expect([response.status, s3Code(response)]).toEqual([403, 'AccessDenied']);
    expect(response.text).toContain('x-amz-meta-extra');
  });

  it('answers 404 NoSuchNamespace for a namespace the tenancy does not have', async () => {
    // Prepare
    const key = await createKey();
    const url = s3Url(REGION, 'someoneelse');

    // Act
    const response = await sendText(url.toString(), s3Headers(key, { url }));

    // Assess
    expect([response.status, s3Code(response)]).toEqual([404, 'NoSuchNamespace']);
  });

  it('cannot verify, so refuses, a key whose value the state does not hold (restored from a dump without secrets)', async () => {
    // Prepare
    const key = await createKey();
    harness.emulator.setState(harness.emulator.getState());

    // Act
    const response = await sendText(s3Url().toString(), s3Headers(key));

    // Assess
    expect([response.status, s3Code(response)]).toEqual([403, 'SignatureDoesNotMatch']);
  });
});

describe('state', () => {
  it('exports a customer secret key value only with ?secrets=include', async () => {
    // Prepare
    const key = await createKey();

    // Act
    const redacted = (await (await fetch(`${harness.emulator.url}/_emulator/state`)).json()) as EmulatorState;
    const full = (await (await fetch(`${harness.emulator.url}/_emulator/state?secrets=include`)).json()) as EmulatorState;

    // Assess
    const find = (state: EmulatorState) =>
      state.users.find((user) => user.id === aliceId)?.customerSecretKeys.find((candidate) => candidate.id === key.id);
    expect(find(redacted)?.secretKey).toBeNull();
    expect(find(full)?.secretKey).toBe(key.secret);
    expect(JSON.stringify(redacted)).not.toContain(key.secret);
  });

  it.each([
    [
      'a negative propagation delay',
      (state: EmulatorState) => (state.settings.credentialPropagationMs = -1),
      '/settings/credentialPropagationMs',
    ],
    [
      'a namespace with upper case',
      (state: EmulatorState) => (state.tenancy.objectStorageNamespace = 'Acme'),
      '/tenancy/objectStorageNamespace',
    ],
    [
      'a non-boolean mayListBuckets',
      (state: EmulatorState) => ((state.users[0] as unknown as Record<string, unknown>)['mayListBuckets'] = 'no'),
      '/users/0/mayListBuckets',
    ],
  ])('refuses %s in a state, naming it', (_name, change, path) => {
    // Prepare
    const state = structuredClone(baseline);
    change(state);

    // Act
    const check = (): void => assertValidState(state);

    // Assess
    expect(check).toThrow(InvalidStateError);
    try {
      check();
    } catch (error) {
      expect((error as InvalidStateError).path).toBe(path);
    }
  });
});
