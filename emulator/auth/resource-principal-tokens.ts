import { createPublicKey, createSign, createVerify, randomUUID, type KeyObject } from 'node:crypto';
import { freshKeyPair, type KeyPairSource } from './api-key-identity.js';

export interface ResourcePrincipalClaims {
  tenancyId: string;
  compartmentId: string;
  resourceId: string;
  /** The session's public key: requests signed with `ST$<token>` must verify against it. */
  sessionPublicKeyPem: string;
  expiresAt: Date;
}

/**
 * Resource-principal session tokens (RPST) the emulator issues: JWTs signed RS256 with a key
 * only this emulator instance holds, so a token from another instance, or an edited one, fails.
 *
 * The OCI SDK only decodes the token (`jsonwebtoken.decode`, no signature check): it reads
 * `exp` to decide when to refresh and exposes `res_tenant` / `res_compartment` through
 * `getStringClaim` (runtime-notes "Auth providers"), then signs requests with `keyId="ST$<token>"`
 * and the session's private key. Like OCI's tokens, the session public key travels in the
 * `jwk` claim (a JSON string); the emulator still checks requests against the key it recorded
 * in `resourcePrincipalSessions`, so a session can be revoked by editing the state.
 */
export class ResourcePrincipalTokens {
  #pair: { privateKey: KeyObject; publicKey: KeyObject } | null = null;

  /** `keyPairs`: where the signing key comes from (the emulator's `keyPairs` option; default a fresh pair). */
  constructor(private readonly keyPairs: KeyPairSource = freshKeyPair) {}

  /** Made on the first token: an RSA-2048 pair costs 100–300 ms, and most emulators never issue one. */
  get #keys(): { privateKey: KeyObject; publicKey: KeyObject } {
    this.#pair ??= this.keyPairs();
    return this.#pair;
  }

  issue(claims: ResourcePrincipalClaims, issuedAt: Date): { token: string; sessionId: string } {
    const sessionId = randomUUID();
    const jwk = { ...createPublicKey(claims.sessionPublicKeyPem).export({ format: 'jwk' }), kid: sessionId, alg: 'RS256', use: 'sig' };
    const header = base64urlJson({ alg: 'RS256', typ: 'JWT', kid: 'cg-responder-emulator' });
    const payload = base64urlJson({
      jti: sessionId,
      sub: claims.resourceId,
      iss: 'authService.oracle.com',
      aud: 'oci',
      iat: Math.floor(issuedAt.getTime() / 1000),
      exp: Math.floor(claims.expiresAt.getTime() / 1000),
      res_id: claims.resourceId,
      res_tenant: claims.tenancyId,
      res_compartment: claims.compartmentId,
      // assumed: OCI's RPSTs for functions carry res_type "fnfunc" (oci-behaviour open question 13).
      res_type: 'fnfunc',
      ttype: 'res',
      jwk: JSON.stringify(jwk),
    });
    const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(this.#keys.privateKey).toString('base64url');
    return { token: `${header}.${payload}.${signature}`, sessionId };
  }

  /**
   * The session id (`jti`) when the token carries this emulator's signature and has not expired
   * at `wallClock`, else null. Real time, not the emulator clock: `exp` was set from real time
   * and the SDK compares it with real time too.
   */
  verify(token: string, wallClock: Date): string | null {
    const [header, payload, signature, ...rest] = token.split('.');
    if (!header || !payload || !signature || rest.length > 0) return null;
    const signedByUs = createVerify('RSA-SHA256')
      .update(`${header}.${payload}`)
      .verify(this.#keys.publicKey, Buffer.from(signature, 'base64url'));
    if (!signedByUs) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { jti?: unknown; exp?: unknown };
      if (typeof claims.jti !== 'string' || typeof claims.exp !== 'number' || claims.exp * 1000 <= wallClock.getTime()) return null;
      return claims.jti;
    } catch {
      return null;
    }
  }
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
