import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '../http/route.js';
import type { EmulatorState } from '../state/types.js';
import { parseSignatureHeader, SignatureRejectedError, verifyRequestSignature } from './http-signature.js';
import type { ResourcePrincipalTokens } from './resource-principal-tokens.js';

/**
 * Resolves who signed a request, as OCI does: an API key (`tenancy/user/fingerprint`, the
 * user's key with that fingerprint must be ACTIVE: a CREATING key cannot sign yet) or a
 * resource-principal session (`ST$<rpst>`). Throws SignatureRejectedError otherwise.
 */
export function authenticate(input: {
  state: EmulatorState;
  tokens: ResourcePrincipalTokens;
  method: string;
  requestTarget: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  wallClock: Date;
  now: Date;
}): Principal {
  const parsed = parseSignatureHeader(input.headers.authorization);
  const verifyWith = (publicKeyPem: string): void =>
    verifyRequestSignature({
      parsed,
      method: input.method,
      requestTarget: input.requestTarget,
      headers: input.headers,
      body: input.body,
      publicKeyPem,
      now: input.wallClock,
      maxClockSkewMs: input.state.settings.maxClockSkewMs,
    });

  if (parsed.keyId.startsWith('ST$')) {
    const sessionId = input.tokens.verify(parsed.keyId.slice(3), input.now);
    const session = sessionId ? input.state.resourcePrincipalSessions.find((candidate) => candidate.sessionId === sessionId) : undefined;
    if (!session || Date.parse(session.expiresAt) <= input.now.getTime()) throw new SignatureRejectedError('unknown or expired resource principal session');
    verifyWith(session.publicKeyPem);
    return { kind: 'resource', tenancyId: session.tenancyId, resourceId: session.resourceId, sessionId: session.sessionId };
  }

  const [tenancyId, userId, fingerprint, ...rest] = parsed.keyId.split('/');
  if (!tenancyId || !userId || !fingerprint || rest.length > 0) throw new SignatureRejectedError('keyId is not tenancy/user/fingerprint');
  const user = input.state.users.find((candidate) => candidate.id === userId);
  if (!user || user.compartmentId !== tenancyId) throw new SignatureRejectedError('unknown user or tenancy');
  if (user.lifecycleState !== 'ACTIVE') throw new SignatureRejectedError('user is not ACTIVE');
  const key = user.apiKeys.find((candidate) => candidate.fingerprint === fingerprint);
  if (!key || key.lifecycleState !== 'ACTIVE') throw new SignatureRejectedError('no ACTIVE API key with that fingerprint');
  verifyWith(key.keyValue);
  return { kind: 'user', tenancyId, userId, fingerprint };
}
