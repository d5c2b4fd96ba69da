import type { CredentialType } from './credential-type.js';
import { parseOcid } from './ocid.js';
import type { SecretTargets } from './remediation-request.js';

export type ClosureCommentResult =
  | { ok: true; secrets: SecretTargets }
  /** `token` is the offending part of the comment as shown in `reason` (printable, shortened), or null when nothing specific is. */
  | { ok: false; reason: string; token: string | null };

/**
 * A closure comment names at most two secrets amid some free text (about 200 characters);
 * 4096 is generous, keeps the scan cheap, and matches `maxLength` on `comments` in
 * schemas/cloudguard-event.schema.json (a unit test keeps them equal). A rule of the comment
 * itself, so it lives here; intake re-exports it beside its other size limits.
 */
export const MAX_COMMENT_LENGTH = 4096;

type CommentKey = 'api_secret_ocid' | 'auth_secret_ocid' | 'accesskey_secret_ocid' | 'secretkey_secret_ocid' | 'password_secret_ocid';

/** The keys SecOps writes (the Oracle tutorial's four, oci-behaviour §1.4) plus this project's `password_secret_ocid`. */
export const CLOSURE_COMMENT_KEYS: Readonly<Record<CommentKey, CredentialType>> = Object.freeze({
  api_secret_ocid: 'API_KEY',
  auth_secret_ocid: 'AUTH_TOKEN',
  accesskey_secret_ocid: 'CUSTOMER_SECRET_KEY',
  secretkey_secret_ocid: 'CUSTOMER_SECRET_KEY',
  password_secret_ocid: 'UI_PASSWORD',
});

const REALM = /^oc[0-9]+$/;

/**
 * The secret OCID form a hint shows, in the realm of the event being answered (oc1 commercial,
 * oc2 government, oc3…: a secret in another realm could not be the one meant); without a
 * known realm, a placeholder for it too. The region stays a placeholder: the secret's vault
 * may live in another region than the problem.
 */
function secretPlaceholder(realm: string | null): string {
  return `ocid1.vaultsecret.${realm !== null && REALM.test(realm) ? realm : '<realm>'}.<region>.<id>`;
}

const EXAMPLE_KEYS: Readonly<Record<CredentialType, readonly CommentKey[]>> = {
  API_KEY: ['api_secret_ocid'],
  AUTH_TOKEN: ['auth_secret_ocid'],
  CUSTOMER_SECRET_KEY: ['accesskey_secret_ocid', 'secretkey_secret_ocid'],
  UI_PASSWORD: ['password_secret_ocid'],
};

const PROBLEM_OF: Readonly<Record<CredentialType, string>> = {
  API_KEY: 'API_KEY_TOO_OLD',
  AUTH_TOKEN: 'AUTH_TOKEN_TOO_OLD',
  CUSTOMER_SECRET_KEY: 'SECRET_KEY_TOO_OLD',
  UI_PASSWORD: 'PASSWORD_TOO_OLD',
};

/**
 * The canonical closure comment for a credential type, for refusals and for the SecOps email,
 * with secret OCIDs of `realm` (the event's; null: a `<realm>` placeholder).
 */
export function closureCommentExample(type: CredentialType, realm: string | null = null): string {
  const pairs = EXAMPLE_KEYS[type].map((key) => `${key}:${secretPlaceholder(realm)}`).join(', ');
  return type === 'UI_PASSWORD' ? `${pairs} (optional: without it the password is reset and stored nowhere)` : pairs;
}

// A whole word ending in `_secret_ocid`, in any case, then optionally `:` (whitespace allowed
// around it) and the value up to the next separator (whitespace, comma, semicolon). Any such
// word counts, known or not, so a typo such as `api_secert_ocid` is refused instead of ignored.
const KEY_PAIR = /(?<![A-Za-z0-9_])([A-Za-z0-9_]*_secret_ocid)(?![A-Za-z0-9_])(?:(\s*:\s*)([^\s,;]*))?/gi;
// A secret OCID outside any recognised pair (`password_secret:ocid1.vaultsecret…`) means a key
// was mistyped beyond recognition; for the optional password key, ignoring it would silently
// leave the new password unstored.
const SECRET_OCID_START = /ocid1\.vaultsecret\./gi;
// The `word:` just before such an OCID, if any: the mistyped key to name in the refusal.
const KEY_BEFORE_VALUE = /([A-Za-z0-9_]+)\s*:\s*["'(<[{]*$/;
// Punctuation that may wrap a value in prose: `(api_secret_ocid: "ocid1…").` OCIDs start and end
// with a letter or digit, so nothing legitimate is lost.
const LEADING_WRAPPERS = /^["'(<[{]+/;
const TRAILING_PUNCTUATION = /[^A-Za-z0-9]+$/;
// Tab, CR and LF are ordinary in a typed comment. Other C0/C1 controls have no business in one,
// and bidirectional overrides/isolates can make a comment read differently from how it parses
// (CVE-2021-42574, "Trojan Source").
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

interface Pair {
  key: CommentKey;
  value: string;
  token: string;
}

/**
 * Reads the Vault secrets a closure comment names for a credential type (rotation-patterns "(b)" 11):
 * `key:<secret OCID>` pairs anywhere in free text, separated by whitespace, commas, semicolons or
 * newlines, whitespace allowed around `:`, key names in any case, pairs in any order. The same
 * pair twice is fine; anything ambiguous is refused. Every refusal names the offending token and
 * shows the expected form, with secret OCIDs of `realm` (the event's realm, `oc1`, `oc3`…; null
 * when unknown), so SecOps can fix the comment at once. Pure.
 */
export function parseClosureComment(comment: string, credentialType: CredentialType, realm: string | null = null): ClosureCommentResult {
  const expected = `expected "${closureCommentExample(credentialType, realm)}"`;
  const refuse = (reason: string, token: string | null = null): ClosureCommentResult => ({ ok: false, reason, token });

  if (comment.length > MAX_COMMENT_LENGTH)
    return refuse(`the comment is ${comment.length} characters, over the ${MAX_COMMENT_LENGTH}-character limit`);
  const forbidden = FORBIDDEN_CHARACTER.exec(comment);
  if (forbidden) {
    const codePoint = (forbidden[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return refuse(`the comment contains control character U+${codePoint} at position ${forbidden.index}; remove it`);
  }

  const found = new Map<CommentKey, Pair>();
  const pairSpans: Array<[start: number, end: number]> = [];
  for (const match of comment.matchAll(KEY_PAIR)) {
    const [whole, writtenKey = '', colon, rawValue = ''] = match;
    pairSpans.push([match.index, match.index + whole.length]);
    const key = writtenKey.toLowerCase();
    if (!isCommentKey(key)) return refuse(`unknown key "${shown(writtenKey)}"; ${expected}`, shown(writtenKey));
    const keyType = CLOSURE_COMMENT_KEYS[key];
    if (keyType !== credentialType) {
      return refuse(
        `"${shown(writtenKey)}" names a secret for ${PROBLEM_OF[keyType]} problems, not ${PROBLEM_OF[credentialType]}; ${expected}`,
        shown(writtenKey),
      );
    }
    const value = rawValue.replace(LEADING_WRAPPERS, '').replace(TRAILING_PUNCTUATION, '');
    const token = shown(colon === undefined ? writtenKey : `${writtenKey}:${value}`);
    const keyForm = `expected "${key}:${secretPlaceholder(realm)}"`;
    if (colon === undefined || value === '') return refuse(`"${token}" has no secret OCID after it; ${keyForm}`, token);
    if (parseOcid(value)?.resourceType !== 'vaultsecret') return refuse(`"${token}" is not a Vault secret OCID; ${keyForm}`, token);
    const earlier = found.get(key);
    if (earlier && earlier.value !== value) {
      return refuse(`"${key}" is given twice with different secrets ("${earlier.token}" and "${token}"); name each secret once`, token);
    }
    found.set(key, { key, value, token });
  }

  const named = new Set([...found.values()].map((pair) => pair.value));
  for (const match of comment.matchAll(SECRET_OCID_START)) {
    if (pairSpans.some(([start, end]) => match.index >= start && match.index < end)) continue;
    // The same secret again elsewhere (say, in a pasted console link) adds nothing ambiguous.
    const mentioned = (/^[A-Za-z0-9._-]*/.exec(comment.slice(match.index))?.[0] ?? '').replace(TRAILING_PUNCTUATION, '');
    if (named.has(mentioned)) continue;
    // `api_secert_ocid:ocid1.vaultsecret…`: a mistyped key; name it rather than the OCID.
    const writtenKey = KEY_BEFORE_VALUE.exec(comment.slice(Math.max(0, match.index - 200), match.index))?.[1];
    if (writtenKey) return refuse(`unknown key "${shown(writtenKey)}"; ${expected}`, shown(writtenKey));
    const token = shown((/^[^\s,;]*/.exec(comment.slice(match.index))?.[0] ?? match[0]).replace(TRAILING_PUNCTUATION, ''));
    return refuse(`the secret OCID "${token}" has no key before it; ${expected}`, token);
  }

  const missing = (key: CommentKey): ClosureCommentResult => refuse(`missing "${key}"; ${expected}`, null);
  switch (credentialType) {
    case 'API_KEY': {
      const privateKey = found.get('api_secret_ocid');
      return privateKey
        ? { ok: true, secrets: { type: credentialType, privateKeySecretId: privateKey.value } }
        : missing('api_secret_ocid');
    }
    case 'AUTH_TOKEN': {
      const token = found.get('auth_secret_ocid');
      return token ? { ok: true, secrets: { type: credentialType, tokenSecretId: token.value } } : missing('auth_secret_ocid');
    }
    case 'CUSTOMER_SECRET_KEY': {
      const accessKeyId = found.get('accesskey_secret_ocid');
      const secretKey = found.get('secretkey_secret_ocid');
      if (!accessKeyId) return missing('accesskey_secret_ocid');
      if (!secretKey) return missing('secretkey_secret_ocid');
      if (accessKeyId.value === secretKey.value) {
        return refuse(
          `"accesskey_secret_ocid" and "secretkey_secret_ocid" name the same secret ("${secretKey.token}"); the access key id and the secret ` +
            `key need a secret each`,
          secretKey.token,
        );
      }
      return { ok: true, secrets: { type: credentialType, accessKeyIdSecretId: accessKeyId.value, secretKeySecretId: secretKey.value } };
    }
    case 'UI_PASSWORD':
      return { ok: true, secrets: { type: credentialType, passwordSecretId: found.get('password_secret_ocid')?.value ?? null } };
  }
}

function isCommentKey(key: string): key is CommentKey {
  return Object.hasOwn(CLOSURE_COMMENT_KEYS, key);
}

/** A token as shown in a refusal: printable ASCII, at most 120 characters. */
function shown(text: string): string {
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 120 ? `${printable.slice(0, 117)}...` : printable;
}
