import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newAuthTokenValue, newCustomerSecretKeyPair, newUiPassword, sha256Hex } from '../../../emulator/services/identity-credentials.js';

describe('once-only credential values', () => {
  it('auth tokens are 20 printable characters and differ every time', () => {
    // Prepare
    const count = 50;

    // Act
    const tokens = Array.from({ length: count }, () => newAuthTokenValue());

    // Assess
    for (const token of tokens) expect(token).toMatch(/^[\x21-\x7e]{20}$/);
    expect(new Set(tokens).size).toBe(count);
  });

  it('customer secret keys pair a 40-hex access key id with a 44-character Base64 secret', () => {
    // Prepare
    const pairs = Array.from({ length: 20 }, () => newCustomerSecretKeyPair());

    // Act
    const decodedLengths = pairs.map((pair) => Buffer.from(pair.secretKey, 'base64').length);

    // Assess
    for (const pair of pairs) {
      expect(pair.accessKeyId).toMatch(/^[0-9a-f]{40}$/);
      expect(pair.secretKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    }
    expect(decodedLengths).toEqual(pairs.map(() => 32));
    expect(new Set(pairs.map((pair) => pair.accessKeyId)).size).toBe(pairs.length);
  });

  it('console passwords are 20 characters with upper case, lower case, a digit and a symbol', () => {
    // Prepare
    const passwords = Array.from({ length: 50 }, () => newUiPassword());

    // Act
    const classesPresent = passwords.map((password) =>
      [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].every((pattern) => pattern.test(password)),
    );

    // Assess
    for (const password of passwords) expect(password).toHaveLength(20);
    expect(classesPresent.every(Boolean)).toBe(true);
    expect(new Set(passwords).size).toBe(passwords.length);
  });

  it('sha256Hex is the lowercase hex SHA-256 of the UTF-8 value', () => {
    // Prepare
    const value = 'a{;:(>token';

    // Act
    const digest = sha256Hex(value);

    // Assess
    expect(digest).toBe(createHash('sha256').update(Buffer.from(value, 'utf8')).digest('hex'));
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
