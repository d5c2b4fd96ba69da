import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';

/**
 * How many distinct RSA-2048 pairs the whole run shares, handed out in turn. A pair handed out
 * twice to one user (after the pool wrapped) would be refused by the emulator with 409, so a test
 * that ever needed more than this many at once would fail loudly, not pass by mistake.
 */
const PAIRS_PER_RUN = 12;

export interface TestKeyPairPems {
  publicKeyPem: string;
  privateKeyPem: string;
}

/**
 * Made once per `npm test` by the global set-up and handed to every worker: one pair costs
 * 100–300 ms of CPU on the 2-core machine, and the tests used to make about 150 of them. Generated
 * in Node's thread pool, so both cores share the work. They live only in memory.
 */
export async function generateTestKeyPairs(): Promise<TestKeyPairPems[]> {
  const generate = promisify(generateKeyPair);
  const pairs = await Promise.all(
    Array.from({ length: PAIRS_PER_RUN }, () =>
      generate('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      }),
    ),
  );
  return pairs.map(({ publicKey, privateKey }) => ({ publicKeyPem: publicKey, privateKeyPem: privateKey }));
}
