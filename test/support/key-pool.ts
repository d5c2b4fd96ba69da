import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { inject } from 'vitest';
import type { KeyPairSource } from '../../emulator/index.js';
import { createForgeKeyPairs, type GeneratedKeyPair, type KeyPairPort } from '../../functions/cloudguard-responder/src/index.js';

export interface PooledKeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
  publicKeyPem: string;
  privateKeyPem: string;
}

/**
 * RSA-2048 pairs for test set-up (the emulator's operator identities, resource-principal
 * sessions and signing keys, keys a test uploads or plants as "old"), made once per run by
 * the global set-up (`test-key-pairs.ts`) and handed out in turn, so consecutive calls in one test give
 * distinct pairs. The key pairs the responder itself generates (API-key rotation) never come from
 * here, except in the fault matrix (`recycledResponderKeyPairs`).
 */
const pems = inject('testKeyPairs');
const parsed: PooledKeyPair[] = [];
let next = 0;

export function nextPooledKeyPair(): PooledKeyPair {
  const index = next++ % pems.length;
  const pem = pems[index];
  if (!pem) throw new Error('the test key pool is empty: is global-setup.ts in vitest.config.ts?');
  const pair = parsed[index] ?? { ...pem, publicKey: createPublicKey(pem.publicKeyPem), privateKey: createPrivateKey(pem.privateKeyPem) };
  parsed[index] = pair;
  return pair;
}

/** The pool as the emulator's `keyPairs` option. */
export const pooledKeyPair: KeyPairSource = () => nextPooledKeyPair();

/** A public key in PEM (SubjectPublicKeyInfo), as UploadApiKey takes it. */
export const pooledPublicKeyPem = (): string => nextPooledKeyPair().publicKeyPem;

/**
 * The responder's own API-key generator (node-forge, as in the Function) for tests that reset the
 * emulator's state before each case, like the fault matrix: it generates `size` pairs for real,
 * then hands them out again in turn. Within one case (a rotation and its replay need at most
 * three) every pair is distinct, so OCI's duplicate-key rule still applies; a pair handed out
 * twice in one state would be refused by UploadApiKey (409) and fail the case, not pass it.
 */
export function recycledResponderKeyPairs(size = 4): KeyPairPort {
  const forge = createForgeKeyPairs();
  const made: Promise<GeneratedKeyPair>[] = [];
  let next = 0;
  return {
    generate: () => {
      const index = next++ % size;
      made[index] ??= forge.generate();
      return made[index];
    },
    fromPrivateKey: (privateKeyPem) => forge.fromPrivateKey(privateKeyPem),
  };
}
