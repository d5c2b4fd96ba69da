import { notFound } from '../http/oci-api-error.js';
import type { EmulatorState, SecretRecord, SecretVersionRecord } from '../state/types.js';

/** Missing and not-permitted look the same in OCI: 404 `NotAuthorizedOrNotFound` (oci-behaviour §8). */
export function secretOrThrow(state: EmulatorState, secretId: string): SecretRecord {
  const secret = state.secrets.find((candidate) => candidate.id === secretId);
  if (secret === undefined) throw notFound(`secret ${secretId}`);
  return secret;
}

/** A path's `{secretVersionNumber}`; anything but a positive integer names no version (404, assumed). */
export function secretVersionOrThrow(secret: SecretRecord, versionNumberText: string): SecretVersionRecord {
  const versionNumber = /^\d+$/.test(versionNumberText) ? Number(versionNumberText) : Number.NaN;
  const version = secret.versions.find((candidate) => candidate.versionNumber === versionNumber);
  if (version === undefined) throw notFound(`version ${versionNumberText} of secret ${secret.id}`);
  return version;
}
