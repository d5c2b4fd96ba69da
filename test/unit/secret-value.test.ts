import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SecretValue } from '../../functions/cloudguard-responder/src/secret-value.js';

const PLAIN = 'tok3n-Value:with;symbols<>_é';

describe('SecretValue: a secret that cannot be printed by accident', () => {
  it('prints as [redacted] through every accidental path', () => {
    // Prepare
    const secret = SecretValue.fromString(PLAIN);

    // Act
    const outputs = [
      String(secret),
      `${secret}`,
      `${secret as unknown as string}`,
      secret.toString(),
      JSON.stringify(secret),
      JSON.stringify({ nested: [secret] }),
      inspect(secret),
      inspect({ deep: { secret } }, { depth: 10, showHidden: true }),
      Object.keys(secret).join(','),
      JSON.stringify(structuredClone({ secret: Object.assign({}, secret) })),
      `${secret}`,
    ];

    // Assess
    for (const output of outputs) expect(output).not.toContain(PLAIN);
    expect(outputs.slice(0, 4)).toEqual(['[redacted]', '[redacted]', '[redacted]', '[redacted]']);
    expect(outputs[4]).toBe('"[redacted]"');
    expect(outputs[6]).toBe('[redacted]');
  });

  it('reveals the value, its bytes, its Base64 and its SHA-256 on purpose', () => {
    // Prepare
    const secret = SecretValue.fromString(PLAIN);

    // Act
    const revealed = [secret.reveal(), secret.revealBuffer().toString('utf8'), secret.toBase64(), secret.sha256Hex()];

    // Assess
    expect(revealed).toEqual([PLAIN, PLAIN, Buffer.from(PLAIN).toString('base64'), createHash('sha256').update(PLAIN).digest('hex')]);
  });

  it('copies buffers in and out, so neither side can change the other', () => {
    // Prepare
    const source = Buffer.from('abc');
    const secret = SecretValue.fromBuffer(source);

    // Act
    source.fill(0);
    const out = secret.revealBuffer();
    out.fill(0);

    // Assess
    expect(secret.reveal()).toBe('abc');
  });

  it('keeps binary content exact through Base64', () => {
    // Prepare
    const bytes = Buffer.from([0, 255, 10, 13, 128]);

    // Act
    const base64 = SecretValue.fromBuffer(bytes).toBase64();

    // Assess
    expect(Buffer.from(base64, 'base64')).toEqual(bytes);
  });
});
