import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import type forgeModule from 'node-forge';
import type { GeneratedKeyPair, KeyPairPort } from '../../ports/key-pair-port.js';
import { SecretValue } from '../../secret-value.js';

type Forge = typeof forgeModule;
let forgeLoading: Promise<Forge> | null = null;

/**
 * node-forge is loaded on the first API-key generation, not at cold start: only one rotation
 * type in four needs it, and initialising it costs every cold start time and heap (measured by
 * `npm run bench`). A dynamic import keeps it in the bundle but runs its module code only here.
 */
function loadForge(): Promise<Forge> {
  forgeLoading ??= import('node-forge').then((module) => ('default' in module ? module.default : module) as Forge);
  return forgeLoading;
}

/**
 * RSA-2048 key pairs for OCI API signing, with node-forge. forge hands generation to Node's
 * native RSA (no `prng` option, runtime-notes §3), and the callback form runs it off the event loop.
 * The private key is exported as PKCS#8 PEM straight into a SecretValue and is never written
 * anywhere but the Vault version.
 */
export function createForgeKeyPairs(): KeyPairPort {
  return {
    generate: async () => {
      const forge = await loadForge();
      return new Promise<GeneratedKeyPair>((resolve, reject) => {
        forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 }, (error, keyPair) => {
          if (error) {
            reject(new Error('RSA key generation failed', { cause: error }));
            return;
          }
          const privateKeyInfo = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyPair.privateKey));
          resolve(
            describe(
              // forge writes CRLF line ends; LF is what OCI's own tools and the config-file loader produce.
              forge.pki.publicKeyToPem(keyPair.publicKey).replace(/\r\n/g, '\n'),
              SecretValue.fromString(forge.pki.privateKeyInfoToPem(privateKeyInfo).replace(/\r\n/g, '\n')),
            ),
          );
        });
      });
    },
    // Synchronous and needed when resuming a staged rotation, possibly before any generate():
    // Node's own key parser gives the same SubjectPublicKeyInfo without loading forge.
    fromPrivateKey: (privateKeyPem) => {
      const privateKey = createPrivateKey(privateKeyPem.reveal());
      const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
      return describe(publicKeyPem, SecretValue.fromString(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()));
    },
  };
}

function describe(publicKeyPem: string, privateKeyPem: SecretValue): GeneratedKeyPair {
  return { publicKeyPem, privateKeyPem, fingerprint: ociFingerprint(publicKeyPem) };
}

/**
 * OCI's fingerprint: MD5 of the SubjectPublicKeyInfo DER, colon-separated hex (forge's default
 * would hash PKCS#1, which OCI would not match, runtime-notes gotcha 9).
 */
export function ociFingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return (createHash('md5').update(der).digest('hex').match(/../g) ?? []).join(':');
}
