import { createSign, createVerify, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';

/**
 * Resource-principal session tokens (RPST) the emulator issues: JWTs signed RS256 with a key
 * only this emulator instance holds. The OCI SDK only decodes them (it reads `exp` and the
 * `res_*` claims) and signs requests with `keyId="ST$<token>"` and the session's private key;
 * the emulator checks its own signature on the token, then the request against the session key.
 */
export class ResourcePrincipalTokens {
  readonly #signingKey: KeyObject;
  readonly #verifyKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.#signingKey = pair.privateKey;
    this.#verifyKey = pair.publicKey;
  }

  issue(claims: { tenancyId: string; compartmentId: string; resourceId: string; expiresAt: Date }): { token: string; sessionId: string } {
    const sessionId = randomUUID();
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'cg-responder-emulator' }));
    const payload = base64url(
      JSON.stringify({
        jti: sessionId,
        sub: claims.resourceId,
        res_id: claims.resourceId,
        res_tenant: claims.tenancyId,
        res_compartment: claims.compartmentId,
        res_type: 'fnfunc',
        iss: 'authService.oracle.com',
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(claims.expiresAt.getTime() / 1000),
      }),
    );
    const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(this.#signingKey).toString('base64url');
    return { token: `${header}.${payload}.${signature}`, sessionId };
  }

  /** Returns the session id when the token is ours and unexpired, else null. */
  verify(token: string, now: Date): string | null {
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) return null;
    const ok = createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(this.#verifyKey, Buffer.from(signature, 'base64url'));
    if (!ok) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { jti?: unknown; exp?: unknown };
      if (typeof claims.jti !== 'string' || typeof claims.exp !== 'number' || claims.exp * 1000 <= now.getTime()) return null;
      return claims.jti;
    } catch {
      return null;
    }
  }
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
