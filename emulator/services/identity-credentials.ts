import { createHash, randomBytes, randomInt } from 'node:crypto';

/**
 * The once-only values Identity hands out (oci-behaviour §3.3). The emulator returns each in the
 * create response and keeps only its SHA-256, so a test can prove which value reached Vault
 * without the emulator holding a second copy of a secret.
 */

const LETTERS_AND_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Real auth tokens are 20 printable characters mixing letters, digits and punctuation such as
 * `{`, `;`, `:`, `(`, `>` (shape from public examples; assumed). The punctuation matters: it
 * exercises quoting wherever a responder passes the token on.
 */
const AUTH_TOKEN_ALPHABET = `${LETTERS_AND_DIGITS}{}()[]<>;:.,_+-#`;
const AUTH_TOKEN_LENGTH = 20;

const PASSWORD_CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '#$%&*+-.:;=?@_'] as const;
const PASSWORD_LENGTH = 20;

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let index = 0; index < length; index += 1) out += alphabet.charAt(randomInt(alphabet.length));
  return out;
}

export function newAuthTokenValue(): string {
  return randomString(AUTH_TOKEN_ALPHABET, AUTH_TOKEN_LENGTH);
}

/**
 * A customer secret key pair as OCI's S3-compatible API uses it: a 40-hex access key id and a
 * 44-character Base64 secret (32 random bytes) (emulator contract; shape assumed from public examples).
 */
export function newCustomerSecretKeyPair(): { accessKeyId: string; secretKey: string } {
  return { accessKeyId: randomBytes(20).toString('hex'), secretKey: randomBytes(32).toString('base64') };
}

/**
 * A one-time console password with at least one character of each class, so it would satisfy a
 * typical password policy (length and classes assumed).
 */
export function newUiPassword(): string {
  const required = PASSWORD_CLASSES.map((alphabet) => randomString(alphabet, 1));
  const rest = randomString(PASSWORD_CLASSES.join(''), PASSWORD_LENGTH - required.length);
  const characters = [...required, ...rest];
  for (let index = characters.length - 1; index > 0; index -= 1) {
    const swap = randomInt(index + 1);
    const current = characters[index] as string;
    characters[index] = characters[swap] as string;
    characters[swap] = current;
  }
  return characters.join('');
}
