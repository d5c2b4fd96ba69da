import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '../http/route.js';
import type { EmulatorState } from '../state/types.js';
import { parseSignatureHeader, SignatureRejectedError, verifyRequestSignature } from './http-signature.js';
import type { ResourcePrincipalTokens } from './resource-principal-tokens.js';

/**
 * Resolves who signed a request, as OCI does (oci-behaviour §0.2): an API key
 * (`keyId="tenancy/user/fingerprint"`: the user must be ACTIVE, in that tenancy, with an ACTIVE
 * key of that fingerprint; a CREATING key cannot sign yet) or a resource-principal session
 * (`keyId="ST$<rpst>"`: a token this emulator issued, unexpired, whose session is still in the
 * state). Throws SignatureRejectedError, whose reason is for the emulator's log only.
 *
 * Authentication only: the emulator has no authorisation model, so any authenticated principal
 * may call any operation on any resource (policies are the deployment's concern, oci-behaviour §7).
 */
export function authenticate(input: {
  state: EmulatorState;
  tokens: ResourcePrincipalTokens;
  method: string;
  /** Path and query exactly as received. */
  requestTarget: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Real time: date skew and token expiry are checked against it, never the emulator clock. */
  wallClock: Date;
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
    const sessionId = input.tokens.verify(parsed.keyId.slice('ST$'.length), input.wallClock);
    if (!sessionId) throw new SignatureRejectedError('resource principal token not issued by this emulator, or expired');
    const session = input.state.resourcePrincipalSessions.find((candidate) => candidate.sessionId === sessionId);
    if (!session || Date.parse(session.expiresAt) <= input.wallClock.getTime())
      throw new SignatureRejectedError('resource principal session unknown or expired');
    verifyWith(session.publicKeyPem);
    return { kind: 'resource', tenancyId: session.tenancyId, resourceId: session.resourceId, sessionId: session.sessionId };
  }

  const [tenancyId, userId, fingerprint, ...rest] = parsed.keyId.split('/');
  if (!tenancyId || !userId || !fingerprint || rest.length > 0) throw new SignatureRejectedError('keyId is not tenancy/user/fingerprint');
  const user = input.state.users.find((candidate) => candidate.id === userId);
  if (!user || user.compartmentId !== tenancyId) throw new SignatureRejectedError('unknown user, or user not in that tenancy');
  if (user.lifecycleState !== 'ACTIVE') throw new SignatureRejectedError('user is not ACTIVE');
  const key = user.apiKeys.find((candidate) => candidate.fingerprint === fingerprint.toLowerCase());
  if (key?.lifecycleState !== 'ACTIVE') throw new SignatureRejectedError('no ACTIVE API key with that fingerprint');
  verifyWith(key.keyValue);
  return { kind: 'user', tenancyId, userId, fingerprint: key.fingerprint };
}
