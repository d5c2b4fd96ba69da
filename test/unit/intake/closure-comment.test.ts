import { describe, expect, it } from 'vitest';
import {
  closureCommentExample,
  parseClosureComment,
  type ClosureCommentResult,
} from '../../../functions/cloudguard-responder/src/domain/closure-comment.js';
import type { CredentialType } from '../../../functions/cloudguard-responder/src/domain/credential-type.js';
import { MAX_COMMENT_LENGTH } from '../../../functions/cloudguard-responder/src/intake/limits.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };

const API = sampleIds.secretApi;
const AUTH = sampleIds.secretAuth;
const ACCESS = sampleIds.secretAccess;
const SECRET_KEY = sampleIds.secretSecretKey;
const PASSWORD = sampleIds.secretPassword;
const OTHER_SECRET = 'ocid1.vaultsecret.oc1.phx.aaaaaaaaotherotherotherotherother';

function refusal(result: ClosureCommentResult): { reason: string; token: string | null } {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.secrets)}`);
  return result;
}

describe('Closure comment: the sample tenancy comments', () => {
  const cases: Array<[CredentialType, string, unknown]> = [
    ['API_KEY', sampleIds.comments.API_KEY_TOO_OLD, { type: 'API_KEY', privateKeySecretId: API }],
    ['AUTH_TOKEN', sampleIds.comments.AUTH_TOKEN_TOO_OLD, { type: 'AUTH_TOKEN', tokenSecretId: AUTH }],
    [
      'CUSTOMER_SECRET_KEY',
      sampleIds.comments.SECRET_KEY_TOO_OLD,
      { type: 'CUSTOMER_SECRET_KEY', accessKeyIdSecretId: ACCESS, secretKeySecretId: SECRET_KEY },
    ],
    ['UI_PASSWORD', sampleIds.comments.PASSWORD_TOO_OLD, { type: 'UI_PASSWORD', passwordSecretId: PASSWORD }],
  ];
  for (const [type, comment, expected] of cases) {
    it(`reads the ${type} sample comment`, () => {
      // Act
      const result = parseClosureComment(comment, type);

      // Assess
      expect(result).toEqual({ ok: true, secrets: expected });
    });
  }
});

describe('Closure comment: tolerated layouts', () => {
  const accepted: Array<[string, string]> = [
    ['a bare pair', `auth_secret_ocid:${AUTH}`],
    ['spaces around the colon', `auth_secret_ocid : ${AUTH}`],
    ['a tab and a newline around the colon', `auth_secret_ocid\t:\n${AUTH}`],
    ['upper-case key', `AUTH_SECRET_OCID:${AUTH}`],
    ['mixed-case key', `Auth_Secret_Ocid:${AUTH}`],
    ['free text before and after', `Rotated after the audit, auth_secret_ocid:${AUTH} — thanks, SecOps`],
    ['a full stop after the OCID', `Store it in auth_secret_ocid:${AUTH}.`],
    ['parentheses around the pair', `(auth_secret_ocid:${AUTH})`],
    ['quotes around the OCID', `auth_secret_ocid: "${AUTH}"`],
    ['a semicolon after the pair', `auth_secret_ocid:${AUTH}; done`],
    ['a comma right after the OCID', `auth_secret_ocid:${AUTH}, done`],
    ['CRLF line breaks', `Rotated\r\nauth_secret_ocid:${AUTH}\r\nok`],
    ['the same pair twice', `auth_secret_ocid:${AUTH} and again auth_secret_ocid:${AUTH}`],
    ['the same pair twice in different case', `auth_secret_ocid:${AUTH} AUTH_SECRET_OCID:${AUTH}`],
    ['non-ASCII text around the pair', `Rotación solicitada 🔑 auth_secret_ocid:${AUTH} 完了しました`],
    ['non-ASCII punctuation right after the OCID', `auth_secret_ocid:${AUTH}。`],
    ['other OCIDs in the free text', `user ocid1.user.oc1..aaaaaaaauser, auth_secret_ocid:${AUTH}`],
    ['an unrelated word containing "secret"', `secret rotation, auth_secret_ocid:${AUTH}`],
    [
      'the named secret again in a pasted console link',
      `auth_secret_ocid:${AUTH} https://cloud.oracle.com/security/kms/vaults/${sampleIds.vault}/secrets/${AUTH}?region=us-ashburn-1`,
    ],
  ];
  for (const [name, comment] of accepted) {
    it(`accepts ${name}`, () => {
      // Act
      const result = parseClosureComment(comment, 'AUTH_TOKEN');

      // Assess
      expect(result).toEqual({ ok: true, secrets: { type: 'AUTH_TOKEN', tokenSecretId: AUTH } });
    });
  }

  it('accepts the two customer-secret-key pairs in either order and with any separator', () => {
    // Prepare
    const layouts = [
      `accesskey_secret_ocid:${ACCESS}, secretkey_secret_ocid:${SECRET_KEY}`,
      `secretkey_secret_ocid:${SECRET_KEY}; accesskey_secret_ocid:${ACCESS}`,
      `secretkey_secret_ocid : ${SECRET_KEY}\naccesskey_secret_ocid : ${ACCESS}`,
      `ACCESSKEY_SECRET_OCID:${ACCESS} SecretKey_Secret_Ocid:${SECRET_KEY}`,
      `accesskey_secret_ocid:${ACCESS},secretkey_secret_ocid:${SECRET_KEY}`,
    ];

    // Act
    const results = layouts.map((comment) => parseClosureComment(comment, 'CUSTOMER_SECRET_KEY'));

    // Assess
    for (const result of results)
      expect(result).toEqual({
        ok: true,
        secrets: { type: 'CUSTOMER_SECRET_KEY', accessKeyIdSecretId: ACCESS, secretKeySecretId: SECRET_KEY },
      });
  });

  it('accepts a password comment with no key: the password is reset and stored nowhere', () => {
    // Act
    const result = parseClosureComment('Reset per policy SEC-12', 'UI_PASSWORD');

    // Assess
    expect(result).toEqual({ ok: true, secrets: { type: 'UI_PASSWORD', passwordSecretId: null } });
  });

  it('accepts an empty password comment', () => {
    // Act
    const result = parseClosureComment('', 'UI_PASSWORD');

    // Assess
    expect(result).toEqual({ ok: true, secrets: { type: 'UI_PASSWORD', passwordSecretId: null } });
  });

  it(`accepts a comment of exactly ${MAX_COMMENT_LENGTH} characters`, () => {
    // Prepare
    const pair = `api_secret_ocid:${API} `;
    const comment = pair + 'x'.repeat(MAX_COMMENT_LENGTH - pair.length);

    // Act
    const result = parseClosureComment(comment, 'API_KEY');

    // Assess
    expect(comment).toHaveLength(MAX_COMMENT_LENGTH);
    expect(result).toEqual({ ok: true, secrets: { type: 'API_KEY', privateKeySecretId: API } });
  });
});

describe('Closure comment: refusals name the token and show the expected form', () => {
  it('refuses a missing required key, showing the canonical pair', () => {
    // Act
    const result = refusal(parseClosureComment('rotated, see ticket SEC-88', 'AUTH_TOKEN'));

    // Assess
    expect(result.reason).toBe('missing "auth_secret_ocid"; expected "auth_secret_ocid:ocid1.vaultsecret.<realm>.<region>.<id>"');
    expect(result.token).toBeNull();
  });

  it('refuses an empty comment for a type that needs a secret', () => {
    // Act
    const result = refusal(parseClosureComment('', 'API_KEY'));

    // Assess
    expect(result.reason).toBe('missing "api_secret_ocid"; expected "api_secret_ocid:ocid1.vaultsecret.<realm>.<region>.<id>"');
  });

  it('refuses a customer secret key comment missing either half', () => {
    // Act
    const noAccessKey = refusal(parseClosureComment(`secretkey_secret_ocid:${SECRET_KEY}`, 'CUSTOMER_SECRET_KEY'));
    const noSecretKey = refusal(parseClosureComment(`accesskey_secret_ocid:${ACCESS}`, 'CUSTOMER_SECRET_KEY'));

    // Assess
    expect(noAccessKey.reason).toMatch(
      /^missing "accesskey_secret_ocid"; expected "accesskey_secret_ocid:ocid1\.vaultsecret\.<realm>\.<region>\.<id>, secretkey_secret_ocid:/,
    );
    expect(noSecretKey.reason).toMatch(/^missing "secretkey_secret_ocid"; expected "accesskey_secret_ocid:/);
  });

  it('refuses a key given twice with different secrets, naming both', () => {
    // Act
    const result = refusal(parseClosureComment(`auth_secret_ocid:${AUTH} auth_secret_ocid:${OTHER_SECRET}`, 'AUTH_TOKEN'));

    // Assess
    expect(result.reason).toBe(
      `"auth_secret_ocid" is given twice with different secrets ("auth_secret_ocid:${AUTH}" and "auth_secret_ocid:${OTHER_SECRET}"); name each secret once`,
    );
    expect(result.token).toBe(`auth_secret_ocid:${OTHER_SECRET}`);
  });

  it('refuses a key given twice in different case with different secrets', () => {
    // Act
    const result = refusal(parseClosureComment(`API_SECRET_OCID:${API}\napi_secret_ocid:${OTHER_SECRET}`, 'API_KEY'));

    // Assess
    expect(result.reason).toMatch(/^"api_secret_ocid" is given twice with different secrets/);
  });

  it('refuses the same secret named for both the access key id and the secret key', () => {
    // Act
    const result = refusal(parseClosureComment(`accesskey_secret_ocid:${ACCESS}, secretkey_secret_ocid:${ACCESS}`, 'CUSTOMER_SECRET_KEY'));

    // Assess
    expect(result.reason).toBe(
      `"accesskey_secret_ocid" and "secretkey_secret_ocid" name the same secret ("secretkey_secret_ocid:${ACCESS}"); the access key id and the secret key need a secret each`,
    );
    expect(result.token).toBe(`secretkey_secret_ocid:${ACCESS}`);
  });

  const wrongKinds: Array<[CredentialType, string, string]> = [
    ['AUTH_TOKEN', `api_secret_ocid:${API}`, '"api_secret_ocid" names a secret for API_KEY_TOO_OLD problems, not AUTH_TOKEN_TOO_OLD'],
    ['API_KEY', `auth_secret_ocid:${AUTH}`, '"auth_secret_ocid" names a secret for AUTH_TOKEN_TOO_OLD problems, not API_KEY_TOO_OLD'],
    [
      'API_KEY',
      `password_secret_ocid:${PASSWORD}`,
      '"password_secret_ocid" names a secret for PASSWORD_TOO_OLD problems, not API_KEY_TOO_OLD',
    ],
    [
      'UI_PASSWORD',
      `secretkey_secret_ocid:${SECRET_KEY}`,
      '"secretkey_secret_ocid" names a secret for SECRET_KEY_TOO_OLD problems, not PASSWORD_TOO_OLD',
    ],
  ];
  for (const [type, comment, reason] of wrongKinds) {
    it(`refuses ${comment.split(':')[0]} on a ${type} problem`, () => {
      // Act
      const result = refusal(parseClosureComment(comment, type));

      // Assess
      expect(result.reason).toBe(`${reason}; expected "${closureCommentExample(type)}"`);
      expect(result.token).toBe(comment.split(':')[0]);
    });
  }

  it('refuses a key for another problem even next to the right one', () => {
    // Act
    const result = refusal(parseClosureComment(`api_secret_ocid:${API} auth_secret_ocid:${AUTH}`, 'API_KEY'));

    // Assess
    expect(result.reason).toMatch(/^"auth_secret_ocid" names a secret for AUTH_TOKEN_TOO_OLD problems/);
  });

  const unknownKeys = ['api_secert_ocid', 'pasword_secret_ocid', 'token_secret_ocid', 'API_KEY_SECRET_OCID', '_secret_ocid'];
  for (const key of unknownKeys) {
    it(`refuses the unknown key ${key} (typo protection)`, () => {
      // Act
      const result = refusal(parseClosureComment(`${key}:${AUTH}`, 'AUTH_TOKEN'));

      // Assess
      expect(result.reason).toBe(`unknown key "${key}"; expected "auth_secret_ocid:ocid1.vaultsecret.<realm>.<region>.<id>"`);
      expect(result.token).toBe(key);
    });
  }

  it('refuses an unknown key on a password problem, where ignoring it would leave the password unstored', () => {
    // Act
    const result = refusal(parseClosureComment(`pasword_secret_ocid:${PASSWORD}`, 'UI_PASSWORD'));

    // Assess
    expect(result.reason).toMatch(
      /^unknown key "pasword_secret_ocid"; expected "password_secret_ocid:ocid1\.vaultsecret\.<realm>\.<region>\.<id> \(optional/,
    );
  });

  it('refuses a secret OCID after a mistyped key, naming the key (e.g. a key missing its _ocid suffix)', () => {
    // Act
    const result = refusal(parseClosureComment(`password_secret:${PASSWORD}`, 'UI_PASSWORD'));

    // Assess
    expect(result.reason).toMatch(/^unknown key "password_secret"; expected "password_secret_ocid:/);
    expect(result.token).toBe('password_secret');
  });

  it('refuses a secret OCID that no key introduces, naming the OCID', () => {
    // Act
    const result = refusal(parseClosureComment(`please store it in ${PASSWORD}.`, 'UI_PASSWORD'));

    // Assess
    expect(result.reason).toMatch(/^the secret OCID "ocid1\.vaultsecret\.[^"]+" has no key before it; expected "password_secret_ocid:/);
    expect(result.token).toBe(PASSWORD);
  });

  it('refuses another secret OCID mentioned next to the named one, since either could be meant', () => {
    // Act
    const result = refusal(parseClosureComment(`auth_secret_ocid:${AUTH} (old one was ${OTHER_SECRET})`, 'AUTH_TOKEN'));

    // Assess
    expect(result.reason).toBe(
      `the secret OCID "${OTHER_SECRET}" has no key before it; expected "auth_secret_ocid:ocid1.vaultsecret.<realm>.<region>.<id>"`,
    );
  });

  it('refuses a key written with "=" instead of ":"', () => {
    // Act
    const result = refusal(parseClosureComment(`api_secret_ocid = ${API}`, 'API_KEY'));

    // Assess
    expect(result.reason).toBe(
      '"api_secret_ocid" has no secret OCID after it; expected "api_secret_ocid:ocid1.vaultsecret.<realm>.<region>.<id>"',
    );
  });

  it('refuses a key with nothing after the colon', () => {
    // Act
    const result = refusal(parseClosureComment('api_secret_ocid: , rotate please', 'API_KEY'));

    // Assess
    expect(result.reason).toBe(
      '"api_secret_ocid:" has no secret OCID after it; expected "api_secret_ocid:ocid1.vaultsecret.<realm>.<region>.<id>"',
    );
  });

  const malformed: Array<[string, string]> = [
    ['a vault OCID', sampleIds.vault],
    ['a key OCID', sampleIds.key],
    ['a truncated OCID', 'ocid1.vaultsecret.oc1.iad.'],
    ['an upper-case OCID', API.toUpperCase()],
    ['an OCID with a bad realm', 'ocid1.vaultsecret.xx1.iad.aaaaaaaa'],
    ['an OCID with a stray character', `${API.slice(0, -4)}#${API.slice(-3)}`],
    ['plain text', 'the-api-secret'],
    ['an overlong OCID', `ocid1.vaultsecret.oc1.iad.${'a'.repeat(300)}`],
  ];
  for (const [name, value] of malformed) {
    it(`refuses ${name} as the value`, () => {
      // Act
      const result = refusal(parseClosureComment(`api_secret_ocid:${value}`, 'API_KEY'));

      // Assess
      expect(result.reason).toMatch(/ is not a Vault secret OCID; expected "api_secret_ocid:ocid1\.vaultsecret\.<realm>\.<region>\.<id>"$/);
      expect(result.token?.startsWith('api_secret_ocid:')).toBe(true);
      expect(result.token?.length).toBeLessThanOrEqual(120);
    });
  }

  it('refuses the first problem it meets, in comment order', () => {
    // Act
    const result = refusal(parseClosureComment(`api_secret_ocid:${sampleIds.vault} bogus_secret_ocid:${API}`, 'API_KEY'));

    // Assess
    expect(result.reason).toMatch(/is not a Vault secret OCID/);
  });

  const controls: Array<[string, string, string]> = [
    ['NUL', '\u0000', '0000'],
    ['BEL', '\u0007', '0007'],
    ['vertical tab', '\u000b', '000B'],
    ['form feed', '\u000c', '000C'],
    ['escape', '\u001b', '001B'],
    ['DEL', '\u007f', '007F'],
    ['a C1 control', '\u0085', '0085'],
    ['a bidi override', '\u202e', '202E'],
    ['a bidi isolate', '\u2066', '2066'],
  ];
  for (const [name, character, hex] of controls) {
    it(`refuses ${name} anywhere in the comment, naming its code point and position`, () => {
      // Prepare
      const comment = `ok ${character}api_secret_ocid:${API}`;

      // Act
      const result = refusal(parseClosureComment(comment, 'API_KEY'));

      // Assess
      expect(result.reason).toBe(`the comment contains control character U+${hex} at position 3; remove it`);
    });
  }

  it(`refuses a comment over ${MAX_COMMENT_LENGTH} characters without scanning it`, () => {
    // Prepare
    const comment = `api_secret_ocid:${API} ${'x'.repeat(MAX_COMMENT_LENGTH)}`;

    // Act
    const result = refusal(parseClosureComment(comment, 'API_KEY'));

    // Assess
    expect(result.reason).toBe(`the comment is ${comment.length} characters, over the ${MAX_COMMENT_LENGTH}-character limit`);
    expect(result.token).toBeNull();
  });

  it('shows non-ASCII and very long tokens printable and shortened', () => {
    // Prepare
    const value = `ocid1.vaultsecret.oc1.iad.ü${'a'.repeat(200)}`;

    // Act
    const result = refusal(parseClosureComment(`api_secret_ocid:${value}`, 'API_KEY'));

    // Assess
    expect(result.token).toMatch(/^api_secret_ocid:ocid1\.vaultsecret\.oc1\.iad\.\?a+\.\.\.$/);
    expect(result.token).toHaveLength(120);
    expect(result.reason).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('Closure comment: canonical examples for the SecOps email', () => {
  it('gives one pair per required secret, and marks the password key optional', () => {
    // Act
    const examples = (['API_KEY', 'AUTH_TOKEN', 'CUSTOMER_SECRET_KEY', 'UI_PASSWORD'] as const).map((type) => closureCommentExample(type));

    // Assess
    expect(examples).toEqual([
      'api_secret_ocid:ocid1.vaultsecret.<realm>.<region>.<id>',
      'auth_secret_ocid:ocid1.vaultsecret.<realm>.<region>.<id>',
      'accesskey_secret_ocid:ocid1.vaultsecret.<realm>.<region>.<id>, secretkey_secret_ocid:ocid1.vaultsecret.<realm>.<region>.<id>',
      'password_secret_ocid:ocid1.vaultsecret.<realm>.<region>.<id> (optional: without it the password is reset and stored nowhere)',
    ]);
  });
});

describe("Closure comment: the expected form is in the event's realm", () => {
  it("shows oc3 secret OCIDs in the refusal of an oc3 event's comment", () => {
    // Prepare
    const oc3Secret = 'ocid1.vaultsecret.oc3.us-gov-ashburn-1.aaaaaaaaoc3oc3oc3oc3';

    // Act
    const missing = refusal(parseClosureComment('rotated, thanks', 'CUSTOMER_SECRET_KEY', 'oc3'));
    const noValue = refusal(parseClosureComment(`accesskey_secret_ocid:${oc3Secret} secretkey_secret_ocid:`, 'CUSTOMER_SECRET_KEY', 'oc3'));

    // Assess
    expect(missing.reason).toBe(
      'missing "accesskey_secret_ocid"; expected "accesskey_secret_ocid:ocid1.vaultsecret.oc3.<region>.<id>, secretkey_secret_ocid:ocid1.vaultsecret.oc3.<region>.<id>"',
    );
    expect(noValue.reason).toBe(
      '"secretkey_secret_ocid:" has no secret OCID after it; expected "secretkey_secret_ocid:ocid1.vaultsecret.oc3.<region>.<id>"',
    );
  });

  it('accepts secrets of the oc3 realm', () => {
    // Prepare
    const oc3Secret = 'ocid1.vaultsecret.oc3.us-gov-ashburn-1.aaaaaaaaoc3oc3oc3oc3';

    // Act
    const result = parseClosureComment(`auth_secret_ocid:${oc3Secret}`, 'AUTH_TOKEN', 'oc3');

    // Assess
    expect(result).toEqual({ ok: true, secrets: { type: 'AUTH_TOKEN', tokenSecretId: oc3Secret } });
  });

  it('keeps a placeholder for a realm that is not of the form ocN, never echoing it', () => {
    // Act
    const example = closureCommentExample('AUTH_TOKEN', 'oc1.<script>');

    // Assess
    expect(example).toBe('auth_secret_ocid:ocid1.vaultsecret.<realm>.<region>.<id>');
  });
});
