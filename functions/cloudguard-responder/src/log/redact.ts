import { SecretValue } from '../secret-value.js';

export const REDACTED = '[redacted]';

// Compared case-insensitively with `_` and `-` ignored, so `private_key`, `Private-Key` and
// `privateKey` are one key. Chosen for what this code and the OCI SDK carry: key material
// (ApiKey private keys), the once-only values IAM returns (`AuthToken.token`,
// `CustomerSecretKey.key`, `UIPassword.password`), Vault secret contents, the signing
// `authorization` header and resource-principal session tokens (`rpst`). `keyValue` (a public
// key), `fingerprint` and every `…Id` stay visible on purpose: an operator needs them.
const SENSITIVE_EXACT = new Set(['key']);
// Matched as suffixes too, so `authToken`, `newPassword`, `clientSecret` or
// `secretBundleContent` are covered without listing every spelling.
const SENSITIVE_SUFFIXES = [
  'privatekey',
  'privatekeypem',
  'token',
  'password',
  'passphrase',
  'secret',
  'secretkey',
  'content',
  'secretcontent',
  'authorization',
  'rpst',
];

// Far deeper than anything this code logs; stops a pathological structure from costing much.
const MAX_DEPTH = 16;

const PEM_PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g;

export function isSensitiveKey(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[_-]/g, '');
  return SENSITIVE_EXACT.has(normalised) || SENSITIVE_SUFFIXES.some((suffix) => normalised.endsWith(suffix));
}

/**
 * Removes PEM private key blocks from free text, wherever they appear (a message, a value under
 * an innocent key). Key-based redaction is the main defence; this catches the one secret whose
 * shape is unmistakable.
 */
export function scrubText(text: string): string {
  return text.includes('PRIVATE KEY-----') ? text.replace(PEM_PRIVATE_KEY, REDACTED) : text;
}

/**
 * A version of `value` safe to log as JSON: values under sensitive keys and every SecretValue
 * become `[redacted]`, errors become `{name, message, ...fields, cause}` (recursively), Buffers
 * their length, Maps and Sets plain JSON, cycles `[circular]`. Copy-on-write: the input is never
 * mutated, and a plain object or array in which nothing changes is returned as it is.
 * Null-prototype objects are walked like any other (skipping them would leak what they hold).
 */
export function redact(value: unknown): unknown {
  return walk(value, new Set(), 0);
}

function walk(value: unknown, ancestors: Set<object>, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof SecretValue) return REDACTED;
  if (ancestors.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return walkArray(value, ancestors, depth);
    if (value instanceof Error) return walkError(value, ancestors, depth);
    if (value instanceof Map)
      return walkEntries(
        Array.from(value, ([key, item]) => [String(key), item] as const),
        ancestors,
        depth,
      );
    if (value instanceof Set) return walkArray([...value], ancestors, depth);
    const proto = Object.getPrototypeOf(value) as unknown;
    const plain = proto === Object.prototype || proto === null;
    const entries = ownEntries(value);
    const walked = walkEntries(
      entries.map(([key, item]) => [key, item] as const),
      ancestors,
      depth,
    );
    // Class instances always become plain copies: JSON.stringify would otherwise run their
    // toJSON and getters, which redaction never saw.
    const changed =
      !plain ||
      entries.some(([, , accessor]) => accessor) ||
      Object.keys(walked).length !== entries.length ||
      entries.some(([key, item]) => walked[key] !== item);
    return changed ? walked : value;
  } finally {
    ancestors.delete(value);
  }
}

function walkArray(items: readonly unknown[], ancestors: Set<object>, depth: number): unknown[] {
  let copy: unknown[] | null = null;
  items.forEach((item, index) => {
    const walked = walk(item, ancestors, depth + 1);
    if (walked !== item && copy === null) copy = items.slice(0, index);
    if (copy !== null) copy.push(walked === undefined ? null : walked);
  });
  return copy ?? (items as unknown[]);
}

function walkEntries(entries: ReadonlyArray<readonly [string, unknown]>, ancestors: Set<object>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const walked = isSensitiveKey(key) && item !== null && item !== undefined ? REDACTED : walk(item, ancestors, depth + 1);
    if (walked !== undefined) out[key] = walked;
  }
  return out;
}

function walkError(error: Error, ancestors: Set<object>, depth: number): Record<string, unknown> {
  const fields = ownEntries(error)
    .filter(([key]) => key !== 'name' && key !== 'message' && key !== 'stack' && key !== 'cause')
    .map(([key, item]) => [key, item] as const);
  const out: Record<string, unknown> = {
    name: scrubText(String(error.name)),
    message: scrubText(String(error.message)),
    ...walkEntries(fields, ancestors, depth),
  };
  if (error instanceof AggregateError) out['errors'] = walk(error.errors, ancestors, depth + 1);
  if ('cause' in error && error.cause !== undefined) out['cause'] = walk(error.cause, ancestors, depth + 1);
  return out;
}

/** Own enumerable string-keyed properties, with whether each is a getter; a getter that throws reads as `[unreadable]`. */
function ownEntries(value: object): Array<[key: string, item: unknown, accessor: boolean]> {
  return Object.keys(value).map((key) => {
    const accessor = typeof Object.getOwnPropertyDescriptor(value, key)?.get === 'function';
    try {
      return [key, (value as Record<string, unknown>)[key], accessor];
    } catch {
      return [key, '[unreadable]', true];
    }
  });
}
