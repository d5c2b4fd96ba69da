import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { KeyPairSource } from '../../emulator/index.js';

/**
 * RSA-2048 pairs for test set-up (the emulator's operator identities, resource-principal
 * sessions), made once per test process and handed out in turn. Generating one costs 100–300 ms
 * of CPU on the 2-core machine, and set-up used to make about 400 per `npm test`. The key pairs
 * the responder itself generates (API-key rotation) never come from here.
 */
const POOL_SIZE = 16;
const pool: Array<{ publicKey: KeyObject; privateKey: KeyObject }> = [];
let next = 0;

export const pooledKeyPair: KeyPairSource = () => {
  const index = next++ % POOL_SIZE;
  pool[index] ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  return pool[index];
};
