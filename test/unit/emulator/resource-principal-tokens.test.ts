import { createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ResourcePrincipalTokens, type ResourcePrincipalClaims } from '../../../emulator/auth/resource-principal-tokens.js';
import { pooledKeyPair, pooledPublicKeyPem } from '../../support/key-pool.js';

const sessionKey = pooledPublicKeyPem();
const issuedAt = new Date('2026-11-20T10:00:00.000Z');

function claims(overrides: Partial<ResourcePrincipalClaims> = {}): ResourcePrincipalClaims {
  return {
    tenancyId: 'ocid1.tenancy.oc1..t',
    compartmentId: 'ocid1.compartment.oc1..c',
    resourceId: 'ocid1.fnfunc.oc1.iad.f',
    sessionPublicKeyPem: sessionKey,
    expiresAt: new Date(issuedAt.getTime() + 3600_000),
    ...overrides,
  };
}

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('ResourcePrincipalTokens', () => {
  it('issues a JWT carrying the claims the OCI SDK reads and the session key as jwk', () => {
    // Prepare
    const tokens = new ResourcePrincipalTokens(pooledKeyPair);

    // Act
    const { token, sessionId } = tokens.issue(claims(), issuedAt);

    // Assess
    const payload = payloadOf(token);
    expect(payload).toMatchObject({
      jti: sessionId,
      res_tenant: 'ocid1.tenancy.oc1..t',
      res_compartment: 'ocid1.compartment.oc1..c',
      res_id: 'ocid1.fnfunc.oc1.iad.f',
      iat: issuedAt.getTime() / 1000,
      exp: issuedAt.getTime() / 1000 + 3600,
    });
    const jwk = JSON.parse(String(payload['jwk'])) as { kty: string; n: string; e: string; kid: string };
    expect(jwk.kid).toBe(sessionId);
    expect(createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' })).toBe(sessionKey);
  });

  it('verifies its own unexpired token to the session id', () => {
    // Prepare
    const tokens = new ResourcePrincipalTokens(pooledKeyPair);
    const { token, sessionId } = tokens.issue(claims(), issuedAt);

    // Act
    const verified = tokens.verify(token, new Date(issuedAt.getTime() + 60_000));

    // Assess
    expect(verified).toBe(sessionId);
  });

  it('refuses an expired token', () => {
    // Prepare
    const tokens = new ResourcePrincipalTokens(pooledKeyPair);
    const { token } = tokens.issue(claims(), issuedAt);

    // Act
    const verified = tokens.verify(token, new Date(issuedAt.getTime() + 3600_000));

    // Assess
    expect(verified).toBeNull();
  });

  it('refuses a token whose claims were edited, even with a later expiry', () => {
    // Prepare
    const tokens = new ResourcePrincipalTokens(pooledKeyPair);
    const { token } = tokens.issue(claims(), issuedAt);
    const [header, , signature] = token.split('.');
    const payload = payloadOf(token);
    const edited = Buffer.from(
      JSON.stringify({ ...payload, res_tenant: 'ocid1.tenancy.oc1..other', exp: (payload['exp'] as number) + 86_400 }),
    ).toString('base64url');

    // Act
    const verified = tokens.verify(`${header}.${edited}.${signature}`, issuedAt);

    // Assess
    expect(verified).toBeNull();
  });

  it('refuses a token another emulator instance issued', () => {
    // Prepare
    const ours = new ResourcePrincipalTokens(pooledKeyPair);
    const theirs = new ResourcePrincipalTokens(pooledKeyPair);
    const { token } = theirs.issue(claims(), issuedAt);

    // Act
    const verified = ours.verify(token, issuedAt);

    // Assess
    expect(verified).toBeNull();
  });

  it.each(['', 'not-a-jwt', 'a.b', 'a.b.c.d'])('refuses the malformed token %j', (token) => {
    // Prepare
    const tokens = new ResourcePrincipalTokens(pooledKeyPair);

    // Act
    const verified = tokens.verify(token, issuedAt);

    // Assess
    expect(verified).toBeNull();
  });
});
