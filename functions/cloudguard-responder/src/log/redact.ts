import { SecretValue } from '../secret-value.js';

export const REDACTED = '[redacted]';

/**
 * Keys whose values are never logged, at any depth, compared case-insensitively with `_` and
 * `-` ignored. Chosen for what this code and the OCI SDK carry: key material, once-only
 * credential values, secret contents, signatures and session tokens. `keyValue` (a public key)
 * and `fingerprint` stay visible on purpose: they are what an operator needs to see.
 */
const SENSITIVE_KEYS = new Set(
  ['privateKey', 'privateKeyPem', 'key', 'token', 'password', 'passphrase', 'secret', 'secretKey', 'content', 'secretContent', 'authorization', 'rpst', 'signature', 'value'].map(normalise),
);

function normalise(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEYS.has(normalise(key));
}

/**
 * A copy of `value` safe to log: sensitive keys masked, SecretValues masked, errors turned into
 * `{name, message, ...fields, cause}`. Never mutates the input; handles cycles and
 * null-prototype objects (skipping those would leak the keys they hold).
 */
export function redact(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (value instanceof SecretValue) return REDACTED;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redact(item, seen));
  const out: Record<string, unknown> = {};
  if (value instanceof Error) {
    out['name'] = value.name;
    out['message'] = value.message;
  }
  for (const [key, field] of Object.entries(value)) {
    out[key] = isSensitiveKey(key) ? REDACTED : redact(field, seen);
  }
  if (value instanceof Error && value.cause !== undefined) out['cause'] = redact(value.cause, seen);
  return out;
}
