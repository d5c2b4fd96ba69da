import type { CredentialType } from './credential-type.js';
import { OCID_PATTERN, ocidType } from './ocid.js';
import type { SecretTargets } from './remediation-request.js';

export type ClosureCommentResult = { ok: true; secrets: SecretTargets } | { ok: false; reason: string; token: string | null };

/** The keys SecOps writes; `password_secret_ocid` is this project's addition. */
const KEY_TYPES: Readonly<Record<string, CredentialType>> = {
  api_secret_ocid: 'API_KEY',
  auth_secret_ocid: 'AUTH_TOKEN',
  accesskey_secret_ocid: 'CUSTOMER_SECRET_KEY',
  secretkey_secret_ocid: 'CUSTOMER_SECRET_KEY',
  password_secret_ocid: 'UI_PASSWORD',
};

const EXPECTED: Readonly<Record<CredentialType, string>> = {
  API_KEY: 'api_secret_ocid:ocid1.vaultsecret.oc1.<region>.<id>',
  AUTH_TOKEN: 'auth_secret_ocid:ocid1.vaultsecret.oc1.<region>.<id>',
  CUSTOMER_SECRET_KEY: 'accesskey_secret_ocid:ocid1.vaultsecret.oc1.<region>.<id>,secretkey_secret_ocid:ocid1.vaultsecret.oc1.<region>.<id>',
  UI_PASSWORD: 'password_secret_ocid:ocid1.vaultsecret.oc1.<region>.<id> (optional)',
};

const PROBLEM_OF: Readonly<Record<CredentialType, string>> = {
  API_KEY: 'API_KEY_TOO_OLD',
  AUTH_TOKEN: 'AUTH_TOKEN_TOO_OLD',
  CUSTOMER_SECRET_KEY: 'SECRET_KEY_TOO_OLD',
  UI_PASSWORD: 'PASSWORD_TOO_OLD',
};

/** `<word>_secret_ocid : <value>`, anywhere in free text; anything ending in `_secret_ocid` counts, so typos are caught. */
const PAIR = /([A-Za-z][A-Za-z0-9_]*_secret_ocid)\s*:\s*([A-Za-z0-9._-]*)/gi;
// Tab, CR and LF are ordinary in a typed comment; other control characters have no business there.
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Reads the Vault secrets a closure comment names for a credential type (peers.md "(b)" 11):
 * free text around `key:<ocid>` pairs, whitespace around `:` and any separator, key names in
 * any case, pairs in any order. Every refusal names the offending token and shows the form
 * expected, so SecOps can fix the comment at once.
 */
export function parseClosureComment(comment: string, type: CredentialType): ClosureCommentResult {
  const refuse = (reason: string, token: string | null = null): ClosureCommentResult => ({ ok: false, reason, token });
  if (FORBIDDEN_CONTROL.test(comment)) return refuse('the comment contains control characters');

  const found = new Map<string, string>();
  for (const match of comment.matchAll(PAIR)) {
    const key = (match[1] ?? '').toLowerCase();
    const value = (match[2] ?? '').replace(/\.+$/, '');
    const token = shown(`${match[1] ?? ''}:${value}`);
    const keyType = KEY_TYPES[key];
    if (!keyType) return refuse(`unknown key "${shown(match[1] ?? '')}"; expected "${EXPECTED[type]}"`, token);
    if (keyType !== type) return refuse(`"${key}" names a secret for ${PROBLEM_OF[keyType]} problems, not ${PROBLEM_OF[type]}; expected "${EXPECTED[type]}"`, token);
    if (!OCID_PATTERN.test(value) || ocidType(value) !== 'vaultsecret') {
      return refuse(`"${token}" is not a Vault secret OCID; expected "${key}:ocid1.vaultsecret.oc1.<region>.<id>"`, token);
    }
    const earlier = found.get(key);
    if (earlier !== undefined && earlier !== value) return refuse(`"${key}" is given twice with different secrets; name each secret once`, token);
    found.set(key, value);
  }

  const required = (key: string): string | null => found.get(key) ?? null;
  switch (type) {
    case 'API_KEY': {
      const secretId = required('api_secret_ocid');
      return secretId ? { ok: true, secrets: { type, privateKeySecretId: secretId } } : refuse(`missing "api_secret_ocid"; expected "${EXPECTED[type]}"`);
    }
    case 'AUTH_TOKEN': {
      const secretId = required('auth_secret_ocid');
      return secretId ? { ok: true, secrets: { type, tokenSecretId: secretId } } : refuse(`missing "auth_secret_ocid"; expected "${EXPECTED[type]}"`);
    }
    case 'CUSTOMER_SECRET_KEY': {
      const accessKeyIdSecretId = required('accesskey_secret_ocid');
      const secretKeySecretId = required('secretkey_secret_ocid');
      if (!accessKeyIdSecretId) return refuse(`missing "accesskey_secret_ocid"; expected "${EXPECTED[type]}"`);
      if (!secretKeySecretId) return refuse(`missing "secretkey_secret_ocid"; expected "${EXPECTED[type]}"`);
      if (accessKeyIdSecretId === secretKeySecretId) {
        return refuse('"accesskey_secret_ocid" and "secretkey_secret_ocid" name the same secret; the access key id and the secret key need a secret each', `secretkey_secret_ocid:${secretKeySecretId}`);
      }
      return { ok: true, secrets: { type, accessKeyIdSecretId, secretKeySecretId } };
    }
    case 'UI_PASSWORD':
      return { ok: true, secrets: { type, passwordSecretId: required('password_secret_ocid') } };
  }
}

/** A token as shown in a refusal: printable and short. */
function shown(text: string): string {
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 120 ? `${printable.slice(0, 117)}...` : printable;
}
