import { createHash } from 'node:crypto';
import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A secret held in memory (private key, token, secret key, password). It prints, serialises,
 * inspects and converts to a primitive as `[redacted]`, and has no enumerable fields, so a
 * logger, a template string, JSON.stringify or console.log given one by mistake leaks nothing.
 * Only `reveal*` and `toBase64` give the value, at the one place that must hand it to OCI.
 */
export class SecretValue {
  readonly #bytes: Buffer;

  private constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  static fromString(value: string): SecretValue {
    return new SecretValue(Buffer.from(value, 'utf8'));
  }

  /** Copies the bytes: the caller may wipe or reuse its buffer. */
  static fromBuffer(value: Buffer): SecretValue {
    return new SecretValue(Buffer.from(value));
  }

  reveal(): string {
    return this.#bytes.toString('utf8');
  }

  /** A copy: wiping it does not affect this value. */
  revealBuffer(): Buffer {
    return Buffer.from(this.#bytes);
  }

  /** The form OCI Vault stores (Base64SecretContentDetails.content). */
  toBase64(): string {
    return this.#bytes.toString('base64');
  }

  /** Lets a test or a log compare two values without seeing either. */
  sha256Hex(): string {
    return createHash('sha256').update(this.#bytes).digest('hex');
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
