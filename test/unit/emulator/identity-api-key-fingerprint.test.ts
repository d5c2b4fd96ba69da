import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OciApiError } from '../../../emulator/http/oci-api-error.js';
import { apiKeyFingerprint, apiKeyFingerprintOfPem, parseApiPublicKey } from '../../../emulator/services/api-key-fingerprint.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { nextPooledKeyPair } from '../../support/key-pool.js';

/** 2048 bits from the run's key pool; other sizes made here (1024 is cheap). */
function rsaPublicKey(modulusLength: number) {
  return modulusLength === 2048 ? nextPooledKeyPair().publicKey : generateKeyPairSync('rsa', { modulusLength }).publicKey;
}

/** A public key only, so it is kept as a file: making a 4096-bit pair costs seconds of CPU. */
const RSA_4096_PUBLIC_PEM = readFileSync(new URL('../../fixtures/rsa-4096-public.pem', import.meta.url), 'utf8');

function caught(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('API key fingerprint', () => {
  it('is the colon-separated MD5 of the SubjectPublicKeyInfo DER', () => {
    // Prepare
    const publicKey = rsaPublicKey(2048);
    const spkiDer = publicKey.export({ type: 'spki', format: 'der' });
    const expected = createHash('md5').update(spkiDer).digest('hex').match(/../g)?.join(':');

    // Act
    const fingerprint = apiKeyFingerprint(publicKey);

    // Assess
    expect(fingerprint).toBe(expected);
    expect(fingerprint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
  });

  it('differs from an MD5 over the PKCS#1 DER (the forge default trap)', () => {
    // Prepare
    const publicKey = rsaPublicKey(2048);
    const pkcs1Md5 = createHash('md5')
      .update(publicKey.export({ type: 'pkcs1', format: 'der' }))
      .digest('hex')
      .match(/../g)
      ?.join(':');

    // Act
    const fingerprint = apiKeyFingerprint(publicKey);

    // Assess
    expect(fingerprint).not.toBe(pkcs1Md5);
  });

  it('matches the known vector of the sample tenancy key', () => {
    // Prepare
    const pem = sampleIds.apiPublicPem;

    // Act
    const fingerprint = apiKeyFingerprintOfPem(pem);
    const parsed = parseApiPublicKey(pem);

    // Assess
    expect(fingerprint).toBe(sampleIds.apiFingerprint);
    expect(parsed.fingerprint).toBe(sampleIds.apiFingerprint);
    expect(parsed.modulusBits).toBe(2048);
  });
});

describe('API public key validation', () => {
  it('accepts an SPKI PEM RSA key of 2048 bits and returns it in canonical form', () => {
    // Prepare
    const publicKey = rsaPublicKey(2048);
    const crlfPem = publicKey.export({ type: 'spki', format: 'pem' }).toString().replace(/\n/g, '\r\n');

    // Act
    const parsed = parseApiPublicKey(crlfPem);

    // Assess
    expect(parsed.spkiPem).toBe(publicKey.export({ type: 'spki', format: 'pem' }).toString());
    expect(parsed.fingerprint).toBe(apiKeyFingerprint(publicKey));
  });

  it('accepts a 4096-bit key', () => {
    // Prepare
    const publicKey = createPublicKey(RSA_4096_PUBLIC_PEM);

    // Act
    const parsed = parseApiPublicKey(publicKey.export({ type: 'spki', format: 'pem' }).toString());

    // Assess
    expect(parsed.modulusBits).toBe(4096);
  });

  it('rejects a 1024-bit RSA key with 400 InvalidParameter', () => {
    // Prepare
    const pem = rsaPublicKey(1024).export({ type: 'spki', format: 'pem' }).toString();

    // Act
    const error = caught(() => parseApiPublicKey(pem));

    // Assess
    expect(error).toBeInstanceOf(OciApiError);
    expect(error).toMatchObject({ status: 400, code: 'InvalidParameter' });
    expect((error as OciApiError).message).toContain('2048');
  });

  it('rejects a PKCS#1 "BEGIN RSA PUBLIC KEY" PEM although Node could parse it', () => {
    // Prepare
    const pkcs1Pem = rsaPublicKey(2048).export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(() => createPublicKey(pkcs1Pem)).not.toThrow();

    // Act
    const error = caught(() => parseApiPublicKey(pkcs1Pem));

    // Assess
    expect(error).toMatchObject({ status: 400, code: 'InvalidParameter' });
  });

  it('rejects a private key without repeating any of it in the message', () => {
    // Prepare
    const { privateKey } = nextPooledKeyPair();
    const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const bodyLine = privatePem.split('\n')[1] ?? '';

    // Act
    const error = caught(() => parseApiPublicKey(privatePem));

    // Assess
    expect(error).toMatchObject({ status: 400, code: 'InvalidParameter' });
    expect(bodyLine.length).toBeGreaterThan(20);
    expect((error as OciApiError).message).not.toContain(bodyLine.slice(0, 20));
  });

  it('rejects an EC public key', () => {
    // Prepare
    const ecPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

    // Act
    const error = caught(() => parseApiPublicKey(ecPem));

    // Assess
    expect(error).toMatchObject({ status: 400, code: 'InvalidParameter', message: 'The public key must be an RSA key.' });
  });

  it('rejects an SSH-format key and a corrupted PEM body', () => {
    // Prepare
    const sshKey = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 user@host';
    const corruptedPem = '-----BEGIN PUBLIC KEY-----\nAAAAnotakey==\n-----END PUBLIC KEY-----\n';

    // Act
    const sshError = caught(() => parseApiPublicKey(sshKey));
    const corruptedError = caught(() => parseApiPublicKey(corruptedPem));

    // Assess
    expect(sshError).toMatchObject({ status: 400, code: 'InvalidParameter' });
    expect(corruptedError).toMatchObject({ status: 400, code: 'InvalidParameter' });
  });
});
