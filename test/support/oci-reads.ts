import { createHash, createPublicKey } from 'node:crypto';
import type { requests } from 'oci-secrets';
import type { EmulatorHarness } from './emulator.js';

/** The decoded content of a secret version, read through the real Secrets API. */
export async function secretText(
  harness: EmulatorHarness,
  secretId: string,
  selector: { stage: 'CURRENT' | 'PENDING' | 'PREVIOUS' } | { versionNumber: number } = { stage: 'CURRENT' },
): Promise<{ text: string; versionNumber: number; stages: string[] }> {
  const request =
    'stage' in selector
      ? { secretId, stage: selector.stage as requests.GetSecretBundleRequest.Stage }
      : { secretId, versionNumber: selector.versionNumber };
  const { secretBundle } = await harness.clients.secrets.getSecretBundle(request);
  const content = secretBundle.secretBundleContent as { content?: string };
  return {
    text: Buffer.from(content.content ?? '', 'base64').toString('utf8'),
    versionNumber: secretBundle.versionNumber,
    stages: (secretBundle.stages ?? []) as string[],
  };
}

/** OCI's fingerprint of the public half of a private key PEM (MD5 of the SPKI DER); null when it is no key. */
export function fingerprintOfPrivateKey(privateKeyPem: string): string | null {
  try {
    const der = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' });
    return createHash('md5').update(der).digest('hex').match(/../g)?.join(':') ?? null;
  } catch {
    return null;
  }
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}
