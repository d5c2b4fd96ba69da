import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { apiKeyFingerprint } from '../services/api-key-fingerprint.js';
import type { EmulatorState } from '../state/types.js';

/** Everything an OCI SDK API-key provider needs to sign as a user of the emulated tenancy. */
export interface ApiKeyIdentity {
  tenancyId: string;
  userId: string;
  fingerprint: string;
  privateKeyPem: string;
  /** `tenancy/user/fingerprint`, the signature's keyId (oci-behaviour §0.2). */
  keyId: string;
}

export class UnknownEmulatorUserError extends Error {
  override name = 'UnknownEmulatorUserError';

  constructor(readonly userId: string) {
    super(`No user ${userId} in the emulator state`);
  }
}

/** Where set-up identities get their RSA-2048 key pairs. */
export type KeyPairSource = () => { publicKey: KeyObject; privateKey: KeyObject };

export const freshKeyPair: KeyPairSource = () => generateKeyPairSync('rsa', { modulusLength: 2048 });

/**
 * Takes an RSA-2048 key pair (a fresh one unless `keyPairs` says otherwise) and registers its
 * public half ACTIVE on the user; a pair the user already has is skipped (after a few, a fresh
 * one is made). It goes into the state directly, not through UploadApiKey: a test or CLI identity is set-up, so it neither
 * waits for activation nor is refused by the per-user cap, though it counts toward the cap for
 * later uploads like any other key.
 */
export function addApiKeyIdentity(state: EmulatorState, userId: string, now: Date, keyPairs: KeyPairSource = freshKeyPair): ApiKeyIdentity {
  const user = state.users.find((candidate) => candidate.id === userId);
  if (!user) throw new UnknownEmulatorUserError(userId);
  let { publicKey, privateKey } = keyPairs();
  let fingerprint = apiKeyFingerprint(publicKey);
  for (let tries = 1; user.apiKeys.some((key) => key.fingerprint === fingerprint); tries += 1) {
    ({ publicKey, privateKey } = tries < 8 ? keyPairs() : freshKeyPair());
    fingerprint = apiKeyFingerprint(publicKey);
  }
  user.apiKeys.push({
    fingerprint,
    keyValue: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    timeCreated: now.toISOString(),
    lifecycleState: 'ACTIVE',
    activatesAt: null,
  });
  const tenancyId = user.compartmentId;
  return {
    tenancyId,
    userId,
    fingerprint,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    keyId: `${tenancyId}/${userId}/${fingerprint}`,
  };
}
