import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { KeyPairSource } from '../../emulator/index.js';
import { createForgeKeyPairs, type GeneratedKeyPair, type KeyPairPort } from '../../functions/cloudguard-responder/src/index.js';

/**
 * RSA-2048 pairs for test set-up (the emulator's operator identities, resource-principal
 * sessions), made once per vitest worker and handed out in turn. Generating one costs 100–300 ms
 * of CPU on the 2-core machine, and set-up used to make about 400 per `npm test`. The key pairs
 * the responder itself generates (API-key rotation) never come from here.
 */
const POOL_SIZE = 6;
const pool: Array<{ publicKey: KeyObject; privateKey: KeyObject }> = [];
let next = 0;

export const pooledKeyPair: KeyPairSource = () => {
  const index = next++ % POOL_SIZE;
  pool[index] ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  return pool[index];
};

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
