import { createHash } from 'node:crypto';
import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A secret held in memory (private key, token, secret key, password). It prints, serialises
 * and inspects as `[redacted]`, so passing one to a logger, a template string or
 * JSON.stringify by mistake leaks nothing; only `reveal*` and `toBase64` give the value, at
 * the one place that must hand it to OCI.
 */
export class SecretValue {
  readonly #bytes: Buffer;

  private constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  static fromString(value: string): SecretValue {
    return new SecretValue(Buffer.from(value, 'utf8'));
  }

  static fromBuffer(value: Buffer): SecretValue {
    return new SecretValue(Buffer.from(value));
  }

  reveal(): string {
    return this.#bytes.toString('utf8');
  }

  revealBuffer(): Buffer {
    return Buffer.from(this.#bytes);
  }

  toBase64(): string {
    return this.#bytes.toString('base64');
  }

  sha256Hex(): string {
    return createHash('sha256').update(this.#bytes).digest('hex');
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
