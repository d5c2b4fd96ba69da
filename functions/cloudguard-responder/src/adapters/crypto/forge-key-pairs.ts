import forge from 'node-forge';
import type { GeneratedKeyPair, KeyPairPort } from '../../ports/key-pair-port.js';
import { SecretValue } from '../../secret-value.js';

/**
 * RSA-2048 key pairs for OCI API signing, with node-forge. forge hands generation to Node's
 * native RSA (no `prng` option, runtime-notes §3), and the callback form runs it off the event loop.
 * The private key is exported as PKCS#8 PEM straight into a SecretValue and is never written
 * anywhere but the Vault version.
 */
export function createForgeKeyPairs(): KeyPairPort {
  return {
    generate: () =>
      new Promise<GeneratedKeyPair>((resolve, reject) => {
        forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 }, (error, keyPair) => {
          if (error) {
            reject(new Error('RSA key generation failed', { cause: error }));
            return;
          }
          resolve(describe(keyPair.privateKey, keyPair.publicKey));
        });
      }),
    fromPrivateKey: (privateKeyPem) => {
      const privateKey = forge.pki.privateKeyFromPem(privateKeyPem.reveal()) as forge.pki.rsa.PrivateKey;
      const publicKey = forge.pki.setRsaPublicKey(privateKey.n, privateKey.e);
      return describe(privateKey, publicKey);
    },
  };
}

function describe(privateKey: forge.pki.rsa.PrivateKey, publicKey: forge.pki.rsa.PublicKey): GeneratedKeyPair {
  const privateKeyInfo = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(privateKey));
  return {
    // forge writes CRLF line ends; LF is what OCI's own tools and the config-file loader produce.
    publicKeyPem: forge.pki.publicKeyToPem(publicKey).replace(/\r\n/g, '\n'),
    privateKeyPem: SecretValue.fromString(forge.pki.privateKeyInfoToPem(privateKeyInfo).replace(/\r\n/g, '\n')),
    fingerprint: ociFingerprint(publicKey),
  };
}

/** MD5 of the SubjectPublicKeyInfo DER; forge's default hashes PKCS#1, which OCI would not match (runtime-notes gotcha 9). */
export function ociFingerprint(publicKey: forge.pki.rsa.PublicKey): string {
  return forge.pki.getPublicKeyFingerprint(publicKey, {
    md: forge.md.md5.create(),
    type: 'SubjectPublicKeyInfo',
    encoding: 'hex',
    delimiter: ':',
  });
}
