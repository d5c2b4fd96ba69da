import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../emulator/index.js';
import { newOcid } from '../../../emulator/ids.js';
import type { EmulatorState, UserRecord } from '../../../emulator/state/types.js';
import { inspect } from 'node:util';
import { CredentialProofError } from '../../../functions/cloudguard-responder/src/errors/credential-proof-error.js';
import { OciCallError } from '../../../functions/cloudguard-responder/src/errors/oci-call-error.js';
import { createOciNamespaceReader } from '../../../functions/cloudguard-responder/src/adapters/oci/oci-namespace-reader.js';
import { createS3SigV4Probe } from '../../../functions/cloudguard-responder/src/adapters/oci/s3-sigv4-probe.js';
import { createSwiftAuthProbe } from '../../../functions/cloudguard-responder/src/adapters/oci/swift-auth-probe.js';
import type { CredentialProof, CredentialProofPort } from '../../../functions/cloudguard-responder/src/ports/credential-proof-port.js';
import { SecretValue } from '../../../functions/cloudguard-responder/src/secret-value.js';
import { startEmulatorHarness, type EmulatorHarness } from '../../support/emulator.js';

// Proof by use of a new auth token (Swift v1 auth) and customer secret key (S3 ListBuckets with
// Signature V4), through the responder's adapters over HTTP against the emulator. Credentials are
// made by the real IdentityClient; the emulator runs on a VirtualClock so propagation windows of
// seconds cost nothing. "The bound" is the caller's: while it lasts a refusal is `not-yet`.

const REGION = 'us-ashburn-1';
const SUBJECT_NAME = 'proof-subject@example.com';
const BOUND_MS = 30_000;

let harness: EmulatorHarness;
let baseline: EmulatorState;
let clock: VirtualClock;
let proofs: CredentialProofPort;
let namespace: string;
const subject = newOcid('user');

function subjectUser(compartmentId: string): UserRecord {
  return {
    id: subject,
    compartmentId,
    name: SUBJECT_NAME,
    description: 'proof-by-use test user',
    email: null,
    lifecycleState: 'ACTIVE',
    timeCreated: '2025-06-01T08:00:00.000Z',
    identityProviderId: null,
    capabilities: { canUseConsolePassword: true, canUseApiKeys: true, canUseAuthTokens: true, canUseCustomerSecretKeys: true },
    apiKeys: [],
    authTokens: [],
    customerSecretKeys: [],
    uiPassword: null,
  };
}

function resetState(propagationMs: number, changes: (state: EmulatorState) => void = () => undefined): void {
  const state = structuredClone(baseline);
  state.settings.credentialPropagationMs = propagationMs;
  changes(state);
  harness.emulator.setState(state);
}

async function newAuthToken(): Promise<{ id: string; value: SecretValue }> {
  const created = await harness.clients.identity.createAuthToken({
    userId: subject,
    createAuthTokenDetails: { description: 'proof test' },
  });
  return { id: created.authToken.id ?? '', value: SecretValue.fromString(created.authToken.token ?? '') };
}

async function newSecretKey(): Promise<{ id: string; value: SecretValue }> {
  const created = await harness.clients.identity.createCustomerSecretKey({
    userId: subject,
    createCustomerSecretKeyDetails: { displayName: 'proof test' },
  });
  return { id: created.customerSecretKey.id ?? '', value: SecretValue.fromString(created.customerSecretKey.key ?? '') };
}

/** A caller's bounded wait: one attempt every 10 s of emulator time until proven or the bound is over. */
async function proveWithinBound(attempt: (withinPropagationBound: boolean) => Promise<CredentialProof>): Promise<CredentialProof[]> {
  const started = clock.now().getTime();
  const seen: CredentialProof[] = [];
  for (;;) {
    const within = clock.now().getTime() - started < BOUND_MS;
    const proof = await attempt(within);
    seen.push(proof);
    if (proof !== 'not-yet') return seen;
    clock.advance(10_000);
  }
}

async function identityLists(kind: 'token' | 'key', id: string): Promise<string | undefined> {
  if (kind === 'token')
    return (await harness.clients.identity.listAuthTokens({ userId: subject })).items.find((token) => token.id === id)?.lifecycleState;
  return (await harness.clients.identity.listCustomerSecretKeys({ userId: subject })).items.find((key) => key.id === id)?.lifecycleState;
}

beforeAll(async () => {
  clock = new VirtualClock(Date.now());
  harness = await startEmulatorHarness({ clock });
  baseline = harness.emulator.getState({ includeSecretContent: true });
  baseline.settings.credentialActivationDelayMs = 0;
  baseline.users.push(subjectUser(baseline.tenancy.id));
  proofs = {
    ...createSwiftAuthProbe({ region: REGION, endpoint: harness.emulator.url }),
    ...createS3SigV4Probe({ endpoint: harness.emulator.url }),
  };
  namespace = await createOciNamespaceReader({ provider: harness.provider, region: REGION, endpoint: harness.emulator.url }).getNamespace();
});

afterAll(async () => {
  await harness?.close();
});

beforeEach(() => {
  harness.emulator.clearCalls();
});

describe('GetNamespace reader', () => {
  it('reads the tenancy namespace with a signed GET /n, as ObjectStorageClient#getNamespace sends it', async () => {
    // Prepare
    const reader = createOciNamespaceReader({ provider: harness.provider, region: REGION, endpoint: harness.emulator.url });

    // Act
    const first = await reader.getNamespace();
    const second = await reader.getNamespace();

    // Assess
    expect(first).toBe('acmesample');
    expect(second).toBe(first);
    const calls = harness.emulator.calls().filter((call) => call.operation === 'GetNamespace');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'GET', path: '/n', status: 200, principal: harness.identity.userId });
  });
});

describe('auth token proof (Swift)', () => {
  it('proves a new token Swift accepts, with the opc-request-id the emulator logged', async () => {
    // Prepare
    resetState(0);
    const token = await newAuthToken();

    // Act
    const result = await proofs.proveAuthToken({ namespace, userName: SUBJECT_NAME, token: token.value, withinPropagationBound: false });

    // Assess
    const call = harness.emulator.calls().find((record) => record.operation === 'SwiftAuth');
    expect(result).toEqual({ proof: 'proven', protocol: 'Swift', evidence: 'authenticated', opcRequestId: call?.opcRequestId });
    expect(call).toMatchObject({ method: 'GET', path: '/auth/v1.0', status: 200, principal: subject });
  });

  it('answers not-yet while the token propagates within the bound, then proven', async () => {
    // Prepare
    resetState(15_000);
    const token = await newAuthToken();

    // Act
    const seen = await proveWithinBound((within) =>
      proofs.proveAuthToken({ namespace, userName: SUBJECT_NAME, token: token.value, withinPropagationBound: within }).then((r) => r.proof),
    );

    // Assess
    expect(seen).toEqual(['not-yet', 'not-yet', 'proven']);
    expect(
      harness.emulator
        .calls()
        .filter((call) => call.operation === 'SwiftAuth')
        .map((call) => call.status),
    ).toEqual([401, 401, 200]);
  });

  it('answers not-yet until the bound, then rejected, for a token that propagates beyond it; Identity lists it ACTIVE all along', async () => {
    // Prepare
    resetState(60_000);
    const token = await newAuthToken();

    // Act
    const seen = await proveWithinBound((within) =>
      proofs.proveAuthToken({ namespace, userName: SUBJECT_NAME, token: token.value, withinPropagationBound: within }).then((r) => r.proof),
    );
    const listedAtTheBound = await identityLists('token', token.id);
    clock.advance(30_000);
    const later = await proofs.proveAuthToken({ namespace, userName: SUBJECT_NAME, token: token.value, withinPropagationBound: false });

    // Assess
    expect(seen).toEqual(['not-yet', 'not-yet', 'not-yet', 'rejected']);
    expect(listedAtTheBound).toBe('ACTIVE');
    expect(later.proof).toBe('proven');
  });

  it('rejects a wrong token value once the bound is over (and cannot tell it from propagation before)', async () => {
    // Prepare
    resetState(0);
    const token = await newAuthToken();
    const genuine = token.value.reveal();
    const wrong = SecretValue.fromString(`${genuine.slice(0, -1)}${genuine.endsWith('x') ? 'y' : 'x'}`);

    // Act
    const after = await proofs.proveAuthToken({ namespace, userName: SUBJECT_NAME, token: wrong, withinPropagationBound: false });
    const during = await proofs.proveAuthToken({ namespace, userName: SUBJECT_NAME, token: wrong, withinPropagationBound: true });
    const otherUser = await proofs.proveAuthToken({
      namespace,
      userName: 'alice@example.com',
      token: token.value,
      withinPropagationBound: false,
    });

    // Assess
    expect(after).toMatchObject({ proof: 'rejected', protocol: 'Swift', evidence: 'Unauthorized' });
    expect(during.proof).toBe('not-yet');
    expect(otherUser.proof).toBe('rejected');
  });
});

describe('customer secret key proof (S3)', () => {
  it('proves a new key whose Signature V4 S3 verifies, with the opc-request-id the emulator logged', async () => {
    // Prepare
    resetState(0);
    const key = await newSecretKey();

    // Act
    const result = await proofs.proveCustomerSecretKey({
      namespace,
      region: REGION,
      accessKeyId: key.id,
      secretKey: key.value,
      withinPropagationBound: false,
    });

    // Assess
    const call = harness.emulator.calls().find((record) => record.operation === 'S3ListBuckets');
    expect(result).toEqual({ proof: 'proven', protocol: 'S3', evidence: 'authenticated', opcRequestId: call?.opcRequestId });
    expect(call).toMatchObject({ path: `/s3/${REGION}/${namespace}/`, status: 200, principal: subject });
  });

  it('proves a key whose user may not list buckets: AccessDenied comes only after the signature checked out', async () => {
    // Prepare
    resetState(0, (state) => {
      const user = state.users.find((candidate) => candidate.id === subject);
      if (user) user.mayListBuckets = false;
    });
    const key = await newSecretKey();

    // Act
    const result = await proofs.proveCustomerSecretKey({
      namespace,
      region: REGION,
      accessKeyId: key.id,
      secretKey: key.value,
      withinPropagationBound: false,
    });

    // Assess
    expect(result).toMatchObject({ proof: 'proven', protocol: 'S3' });
    expect(result.evidence).toMatch(/^AccessDenied/);
    expect(harness.emulator.calls().find((record) => record.operation === 'S3ListBuckets')?.status).toBe(403);
  });

  it('answers not-yet while the key propagates within the bound, then proven', async () => {
    // Prepare
    resetState(15_000);
    const key = await newSecretKey();

    // Act
    const seen = await proveWithinBound((within) =>
      proofs
        .proveCustomerSecretKey({ namespace, region: REGION, accessKeyId: key.id, secretKey: key.value, withinPropagationBound: within })
        .then((r) => r.proof),
    );

    // Assess
    expect(seen).toEqual(['not-yet', 'not-yet', 'proven']);
  });

  it('answers not-yet until the bound, then rejected (InvalidAccessKeyId), for a key that propagates beyond it; Identity lists it ACTIVE all along', async () => {
    // Prepare
    resetState(60_000);
    const key = await newSecretKey();

    // Act
    const results = [];
    const started = clock.now().getTime();
    for (;;) {
      const within = clock.now().getTime() - started < BOUND_MS;
      const result = await proofs.proveCustomerSecretKey({
        namespace,
        region: REGION,
        accessKeyId: key.id,
        secretKey: key.value,
        withinPropagationBound: within,
      });
      results.push(result);
      if (result.proof !== 'not-yet') break;
      clock.advance(10_000);
    }
    const listedAtTheBound = await identityLists('key', key.id);

    // Assess
    expect(results.map((result) => result.proof)).toEqual(['not-yet', 'not-yet', 'not-yet', 'rejected']);
    expect(new Set(results.map((result) => result.evidence))).toEqual(new Set(['InvalidAccessKeyId']));
    expect(listedAtTheBound).toBe('ACTIVE');
  });

  it('rejects a wrong secret (SignatureDoesNotMatch) and a wrong access key id (InvalidAccessKeyId) once the bound is over', async () => {
    // Prepare
    resetState(0);
    const key = await newSecretKey();
    const genuine = key.value.reveal();
    const wrongSecret = SecretValue.fromString(`${genuine.slice(0, -2)}${genuine.endsWith('AA') ? 'BB' : 'AA'}`);

    // Act
    const badSecret = await proofs.proveCustomerSecretKey({
      namespace,
      region: REGION,
      accessKeyId: key.id,
      secretKey: wrongSecret,
      withinPropagationBound: false,
    });
    const badId = await proofs.proveCustomerSecretKey({
      namespace,
      region: REGION,
      accessKeyId: 'f'.repeat(40),
      secretKey: key.value,
      withinPropagationBound: false,
    });
    const badSecretDuring = await proofs.proveCustomerSecretKey({
      namespace,
      region: REGION,
      accessKeyId: key.id,
      secretKey: wrongSecret,
      withinPropagationBound: true,
    });

    // Assess
    expect(badSecret).toMatchObject({ proof: 'rejected', protocol: 'S3', evidence: 'SignatureDoesNotMatch' });
    expect(badId).toMatchObject({ proof: 'rejected', evidence: 'InvalidAccessKeyId' });
    expect(badSecretDuring.proof).toBe('not-yet');
  });

  it('rejects a key deleted in Identity', async () => {
    // Prepare
    resetState(0);
    const key = await newSecretKey();
    await harness.clients.identity.deleteCustomerSecretKey({ userId: subject, customerSecretKeyId: key.id });

    // Act
    const result = await proofs.proveCustomerSecretKey({
      namespace,
      region: REGION,
      accessKeyId: key.id,
      secretKey: key.value,
      withinPropagationBound: false,
    });

    // Assess
    expect(result).toMatchObject({ proof: 'rejected', evidence: 'InvalidAccessKeyId' });
  });
});

describe('answers that neither accept nor refuse the credential', () => {
  async function failureOf(call: Promise<unknown>): Promise<Error> {
    try {
      await call;
    } catch (error) {
      if (error instanceof Error) return error;
      throw error;
    }
    throw new Error('expected the call to fail');
  }

  it('turns a Swift 503 into a retryable CredentialProofError that names the request and holds no token', async () => {
    // Prepare
    resetState(0);
    const token = await newAuthToken();
    harness.emulator.addFault({ operation: 'SwiftAuth', status: 503, code: 'ServiceUnavailable', count: 1 });

    // Act
    const error = await failureOf(
      proofs.proveAuthToken({ namespace, userName: SUBJECT_NAME, token: token.value, withinPropagationBound: true }),
    );

    // Assess
    harness.emulator.clearFaults();
    const call = harness.emulator.calls().find((record) => record.operation === 'SwiftAuth');
    expect(error).toBeInstanceOf(CredentialProofError);
    expect(error).toMatchObject({
      operation: 'Swift auth',
      resourceId: `${namespace}/${SUBJECT_NAME}`,
      statusCode: 503,
      opcRequestId: call?.opcRequestId,
      retryable: true,
    });
    expect(`${error.message} ${inspect(error)} ${JSON.stringify(error)}`).not.toContain(token.value.reveal());
  });

  it('turns S3 RequestTimeTooSkewed (a signing clock 20 minutes off) into a CredentialProofError, not a verdict on the key', async () => {
    // Prepare
    resetState(0);
    const key = await newSecretKey();
    const skewed = createS3SigV4Probe({ endpoint: harness.emulator.url, now: () => new Date(Date.now() - 20 * 60_000) });

    // Act
    const error = await failureOf(
      skewed.proveCustomerSecretKey({
        namespace,
        region: REGION,
        accessKeyId: key.id,
        secretKey: key.value,
        withinPropagationBound: false,
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(CredentialProofError);
    expect(error).toMatchObject({
      operation: 'S3 ListBuckets',
      resourceId: key.id,
      statusCode: 403,
      serviceCode: 'RequestTimeTooSkewed',
      retryable: false,
    });
    expect(`${error.message} ${inspect(error)}`).not.toContain(key.value.reveal());
  });

  it('turns an unreachable Object Storage into a retryable CredentialProofError', async () => {
    // Prepare
    const closed = createSwiftAuthProbe({ region: REGION, endpoint: 'http://127.0.0.1:9', timeoutMs: 2_000 });

    // Act
    const error = await failureOf(
      closed.proveAuthToken({ namespace, userName: SUBJECT_NAME, token: SecretValue.fromString('x'), withinPropagationBound: true }),
    );

    // Assess
    expect(error).toMatchObject({ name: 'CredentialProofError', statusCode: null, retryable: true });
  });

  it('turns a refused GetNamespace into an OciCallError with the opc-request-id', async () => {
    // Prepare
    harness.emulator.addFault({ operation: 'GetNamespace', status: 500, code: 'InternalServerError', count: 1 });
    const reader = createOciNamespaceReader({ provider: harness.provider, region: REGION, endpoint: harness.emulator.url });

    // Act
    const error = await failureOf(reader.getNamespace());
    const retried = await reader.getNamespace();

    // Assess
    const call = harness.emulator.calls().find((record) => record.operation === 'GetNamespace');
    expect(error).toBeInstanceOf(OciCallError);
    expect(error).toMatchObject({
      operation: 'GetNamespace',
      statusCode: 500,
      serviceCode: 'InternalServerError',
      opcRequestId: call?.opcRequestId,
      retryable: true,
    });
    expect(retried).toBe(namespace);
  });
});
