import { namedSecretIds, type RemediationRequest } from '../domain/remediation-request.js';
import type { IdentityPort } from '../ports/identity-port.js';
import type { SecretVersionInfo } from '../ports/secret-store-port.js';
import { isLive } from '../rotation/preflight-checks.js';
import type { RotationMarker } from '../rotation/rotation-marker.js';
import { findVersion, isCurrent } from '../rotation/secret-versions.js';

/** What Identity and Vault hold about one resolve's rotation, read after it failed or was refused. */
export interface RotationTruth {
  /** The credential the problem names is still on the user (for a password: not reset since the resolve). */
  staleExists: boolean;
  /** This resolve's rotation is complete: the stale credential is gone and this resolve's version is CURRENT everywhere. */
  completed: boolean;
  /** What of this resolve's rotation is there (a tagged credential in flight, a staged version), for the report; empty when nothing. */
  traces: string[];
}

export interface TruthReadDependencies {
  identity: IdentityPort;
  /** Vault's versions of a secret, waiting (bounded) while the secret is UPDATING from a write. */
  listVersions(secretId: string): Promise<SecretVersionInfo[]>;
  /** A credential younger than this may belong to a delivery still running. */
  inFlightWindowMs: number;
  nowMs: number;
}

interface Held {
  id: string;
  label: string;
  live: boolean;
  timeCreated: string;
}

async function credentialsOf(identity: IdentityPort, request: RemediationRequest): Promise<Held[]> {
  switch (request.credentialType) {
    case 'API_KEY':
      return (await identity.listApiKeys(request.userId)).map((key) => ({
        id: key.fingerprint,
        label: '',
        live: isLive(key.lifecycleState),
        timeCreated: key.timeCreated,
      }));
    case 'AUTH_TOKEN':
      return (await identity.listAuthTokens(request.userId)).map((token) => ({
        id: token.id,
        label: token.description,
        live: isLive(token.lifecycleState),
        timeCreated: token.timeCreated,
      }));
    case 'CUSTOMER_SECRET_KEY':
      return (await identity.listCustomerSecretKeys(request.userId)).map((key) => ({
        id: key.id,
        label: key.displayName,
        live: isLive(key.lifecycleState),
        timeCreated: key.timeCreated,
      }));
    case 'UI_PASSWORD':
      return [];
  }
}

/**
 * One definite read of the truth: every call must answer, or this throws and the caller is in
 * doubt. Only this resolve's marker counts (an earlier resolve's leftovers are not this one's
 * rotation).
 */
export async function readRotationTruth(
  deps: TruthReadDependencies,
  request: RemediationRequest,
  marker: RotationMarker,
  resolvedAt: string | null,
): Promise<RotationTruth> {
  const traces: string[] = [];
  let everyVersionCurrent = true;
  const secretIds = namedSecretIds(request.secrets);
  for (const secretId of secretIds) {
    const version = findVersion(await deps.listVersions(secretId), marker.versionName);
    if (!version) everyVersionCurrent = false;
    else if (!isCurrent(version)) {
      everyVersionCurrent = false;
      traces.push(`version ${version.versionNumber} of ${secretId} is staged for this resolve`);
    }
  }

  if (request.credentialType === 'UI_PASSWORD') {
    const info = await deps.identity.getUiPasswordInfo(request.userId);
    const resetSinceResolve = info !== null && resolvedAt !== null && Date.parse(info.timeCreated) >= Date.parse(resolvedAt);
    if (resetSinceResolve) traces.push(`the console password was reset at ${info.timeCreated}, after the resolve`);
    const completed = secretIds.length > 0 ? everyVersionCurrent : resetSinceResolve;
    return { staleExists: info !== null && !resetSinceResolve, completed, traces };
  }

  const credentials = await credentialsOf(deps.identity, request);
  const staleExists = credentials.some((credential) => credential.id === request.credentialId && credential.live);
  for (const credential of credentials) {
    const young = deps.nowMs - Date.parse(credential.timeCreated) < deps.inFlightWindowMs;
    if (credential.live && young && credential.label.includes(marker.credentialTag))
      traces.push(`credential ${credential.id} was created for this resolve`);
  }
  return { staleExists, completed: !staleExists && secretIds.length > 0 && everyVersionCurrent, traces };
}
