import type { IncomingHttpHeaders } from 'node:http';
import common from 'oci-common';
import { describe, expect, it } from 'vitest';
import { parseSignatureHeader, SignatureRejectedError, verifyRequestSignature } from '../../../emulator/auth/http-signature.js';
import { nextPooledKeyPair, pooledPublicKeyPem } from '../../support/key-pool.js';

// Requests are signed by the OCI SDK's own signer (oci-common DefaultRequestSigner), so the
// verifier is checked against the exact wire format the SDK produces (oci-behaviour §0.2).

const HOST = '127.0.0.1:40123';
const MAX_SKEW_MS = 300_000;
const { publicKeyPem, privateKeyPem } = nextPooledKeyPair();
const otherPublicKeyPem = pooledPublicKeyPem();

interface SignedRequest {
  method: string;
  requestTarget: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

async function signWithSdk(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: { body?: string; xDate?: string; excludeBody?: boolean } = {},
): Promise<SignedRequest> {
  const provider = new common.SimpleAuthenticationDetailsProvider(
    'ocid1.tenancy.oc1..t',
    'ocid1.user.oc1..u',
    'aa:bb',
    privateKeyPem,
    null,
    common.Region.US_ASHBURN_1,
  );
  const headers = new Headers();
  if (options.xDate) headers.set('x-date', options.xDate);
  const request = {
    method,
    uri: `http://${HOST}${path}`,
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
  } as common.HttpRequest;
  await new common.DefaultRequestSigner(provider).signHttpRequest(request, options.excludeBody ?? false);
  // Node hands the server lower-cased header names, as here.
  const received: IncomingHttpHeaders = {};
  headers.forEach((value, name) => {
    received[name] = value;
  });
  return { method, requestTarget: path, headers: received, body: Buffer.from(options.body ?? '') };
}

function verify(request: SignedRequest, overrides: { publicKeyPem?: string; now?: Date } = {}): void {
  verifyRequestSignature({
    parsed: parseSignatureHeader(request.headers.authorization),
    method: request.method,
    requestTarget: request.requestTarget,
    headers: request.headers,
    body: request.body,
    publicKeyPem: overrides.publicKeyPem ?? publicKeyPem,
    now: overrides.now ?? new Date(),
    maxClockSkewMs: MAX_SKEW_MS,
  });
}

describe('parseSignatureHeader', () => {
  it('reads keyId, algorithm and the signed header names, lower-casing the SDK’s mixed-case list', async () => {
    // Prepare
    const request = await signWithSdk('POST', '/20160918/users/ocid1.user.oc1..u/authTokens', { body: '{"description":"x"}' });

    // Act
    const parsed = parseSignatureHeader(request.headers.authorization);

    // Assess
    expect(request.headers.authorization).toContain('Content-Type Content-Length');
    expect(parsed.keyId).toBe('ocid1.tenancy.oc1..t/ocid1.user.oc1..u/aa:bb');
    expect(parsed.algorithm).toBe('rsa-sha256');
    expect(parsed.headers).toEqual(['x-date', '(request-target)', 'host', 'content-type', 'content-length', 'x-content-sha256']);
  });

  it.each([
    ['no header', undefined],
    ['another scheme', 'Bearer abc'],
    ['a signature without keyId', 'Signature headers="host",signature="abc"'],
  ])('rejects %s', (_name, header) => {
    // Act
    const parse = (): unknown => parseSignatureHeader(header);

    // Assess
    expect(parse).toThrow(SignatureRejectedError);
  });
});

describe('verifyRequestSignature', () => {
  it('accepts a GET with a query string signed by the SDK', async () => {
    // Prepare
    const request = await signWithSdk(
      'GET',
      '/20200131/problems/ocid1.cloudguardproblem.oc1.iad.p/histories?compartmentId=ocid1.tenancy.oc1..t&limit=10',
    );

    // Act
    const check = (): void => verify(request);

    // Assess
    expect(check).not.toThrow();
  });

  it('accepts a POST whose body hash and length match', async () => {
    // Prepare
    const request = await signWithSdk('POST', '/20181201/topics/ocid1.onstopic.oc1.iad.t/messages', {
      body: '{"title":"é","body":"ünïcode"}',
    });

    // Act
    const check = (): void => verify(request);

    // Assess
    expect(check).not.toThrow();
  });

  it('rejects a body changed after signing', async () => {
    // Prepare
    const request = await signWithSdk('PUT', '/20180608/secrets/ocid1.vaultsecret.oc1.iad.s', { body: '{"currentVersionNumber":2}' });
    const tampered = { ...request, body: Buffer.from('{"currentVersionNumber":3}') };

    // Act
    const check = (): void => verify(tampered);

    // Assess
    expect(check).toThrow(/x-content-sha256/);
  });

  it('rejects a request sent to another path than the one signed', async () => {
    // Prepare
    const request = await signWithSdk('DELETE', '/20160918/users/ocid1.user.oc1..u/authTokens/ocid1.credential.oc1..a');
    const redirected = { ...request, requestTarget: '/20160918/users/ocid1.user.oc1..u/authTokens/ocid1.credential.oc1..b' };

    // Act
    const check = (): void => verify(redirected);

    // Assess
    expect(check).toThrow(/does not verify/);
  });

  it('rejects a signature made with another key than the registered one', async () => {
    // Prepare
    const request = await signWithSdk('GET', '/20160918/users/ocid1.user.oc1..u');

    // Act
    const check = (): void => verify(request, { publicKeyPem: otherPublicKeyPem });

    // Assess
    expect(check).toThrow(/does not verify/);
  });

  it('rejects a date further from real time than the allowed skew, and accepts one within it', async () => {
    // Prepare
    const signedAt = new Date('2026-11-20T10:00:00.000Z');
    const request = await signWithSdk('GET', '/20160918/users/ocid1.user.oc1..u', { xDate: signedAt.toUTCString() });

    // Act
    const late = (): void => verify(request, { now: new Date(signedAt.getTime() + MAX_SKEW_MS + 1000) });
    const early = (): void => verify(request, { now: new Date(signedAt.getTime() - MAX_SKEW_MS - 1000) });
    const within = (): void => verify(request, { now: new Date(signedAt.getTime() + MAX_SKEW_MS - 1000) });

    // Assess
    expect(late).toThrow(/clock skew/);
    expect(early).toThrow(/clock skew/);
    expect(within).not.toThrow();
  });

  it('rejects a POST whose signature does not cover the body headers', async () => {
    // Prepare
    const request = await signWithSdk('POST', '/20160918/users/ocid1.user.oc1..u/authTokens', {
      body: '{"description":"x"}',
      excludeBody: true,
    });

    // Act
    const check = (): void => verify(request);

    // Assess
    expect(check).toThrow(/content-type is not signed/);
  });

  it('rejects an algorithm other than rsa-sha256', async () => {
    // Prepare
    const request = await signWithSdk('GET', '/20160918/users/ocid1.user.oc1..u');
    const downgraded = {
      ...request,
      headers: { ...request.headers, authorization: String(request.headers.authorization).replace('rsa-sha256', 'hmac-sha256') },
    };

    // Act
    const check = (): void => verify(downgraded);

    // Assess
    expect(check).toThrow(/unsupported algorithm/);
  });
});
