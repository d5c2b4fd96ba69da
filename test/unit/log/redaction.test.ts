import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { OciCallError } from '../../../functions/cloudguard-responder/src/errors/oci-call-error.js';
import { createLogger } from '../../../functions/cloudguard-responder/src/log/logger.js';
import { REDACTED, isSensitiveKey, redact } from '../../../functions/cloudguard-responder/src/log/redact.js';
import { SecretValue } from '../../../functions/cloudguard-responder/src/secret-value.js';
import { nextPooledKeyPair } from '../../support/key-pool.js';

interface Secrets {
  privateKeyPem: string;
  publicKeyPem: string;
  token: string;
  password: string;
}

let secrets: Secrets;

beforeAll(() => {
  const pair = nextPooledKeyPair();
  const tokenAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+:;.<>_-';
  secrets = {
    privateKeyPem: pair.privateKeyPem,
    publicKeyPem: pair.publicKeyPem,
    // Shaped like an OCI auth token: 20 characters from a wide alphabet.
    token: Array.from(randomBytes(20), (byte) => tokenAlphabet[byte % tokenAlphabet.length]).join(''),
    // Shaped like an IAM one-time password: letters, digits and symbols.
    password: `Pw#${randomBytes(12).toString('base64url')}!9`,
  };
});

/** Every form in which a secret could leak: whole, each PEM body line, and Base64/hex encodings. */
function leakMarkers(): string[] {
  const pemLines = secrets.privateKeyPem.split('\n').filter((line) => line.length > 0 && !line.startsWith('-----'));
  return [
    secrets.privateKeyPem,
    ...pemLines,
    secrets.token,
    Buffer.from(secrets.token).toString('base64'),
    Buffer.from(secrets.token).toString('hex'),
    secrets.password,
    Buffer.from(secrets.password).toString('base64'),
    Buffer.from(secrets.password).toString('hex'),
  ];
}

function expectNoLeak(lines: readonly string[]): void {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    for (const marker of leakMarkers()) expect(line.includes(marker), `a secret leaked into: ${line.slice(0, 200)}`).toBe(false);
  }
}

function capture(level: 'debug' | 'info' = 'debug') {
  const lines: string[] = [];
  const logger = createLogger({ level, sink: (line) => void lines.push(line), base: { correlationId: 'call-1' } });
  return { lines, logger };
}

describe('Redaction: no generated secret reaches a log line', () => {
  it('masks secrets under every sensitive key, in any case or separator style', () => {
    // Prepare
    const { lines, logger } = capture();
    const keys = [
      'privateKey',
      'privateKeyPem',
      'private_key',
      'PRIVATE-KEY',
      'key',
      'Key',
      'token',
      'TOKEN',
      'password',
      'passphrase',
      'secret',
      'secretKey',
      'secret_key',
      'content',
      'secretContent',
      'authorization',
      'Authorization',
      'rpst',
    ];

    // Act
    for (const key of keys)
      logger.info('entry', {
        [key]: key.toLowerCase().includes('private') ? secrets.privateKeyPem : `${secrets.token}|${secrets.password}`,
      });

    // Assess
    expectNoLeak(lines);
    expect(lines.map((line) => Object.values(JSON.parse(line) as Record<string, unknown>).at(-1))).toEqual(keys.map(() => REDACTED));
  });

  it('masks keys that end in a sensitive word (authToken, newPassword, clientSecret, secretBundleContent)', () => {
    // Prepare
    const { lines, logger } = capture();

    // Act
    logger.info('entry', {
      authToken: secrets.token,
      newPassword: secrets.password,
      clientSecret: secrets.token,
      secretBundleContent: { content: secrets.password },
      apiPrivateKey: secrets.privateKeyPem,
    });

    // Assess
    expectNoLeak(lines);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      authToken: REDACTED,
      newPassword: REDACTED,
      clientSecret: REDACTED,
      secretBundleContent: REDACTED,
      apiPrivateKey: REDACTED,
    });
  });

  it('masks secrets nested deep, in arrays, in Maps, in Sets and in null-prototype objects', () => {
    // Prepare
    const { lines, logger } = capture();
    const bare = Object.create(null) as Record<string, unknown>;
    bare['password'] = secrets.password;
    bare['inner'] = Object.assign(Object.create(null) as object, { token: secrets.token });

    // Act
    logger.info('nested', {
      response: {
        authToken: { id: 'ocid1.credential.oc1..aaaa', token: secrets.token },
        created: { id: 'ocid1.credential.oc1..aaaa', token: secrets.token, lifecycleState: 'ACTIVE' },
      },
      list: [{ password: secrets.password }, [{ privateKey: secrets.privateKeyPem }]],
      map: new Map<string, unknown>([
        ['token', secrets.token],
        ['nested', { secret: secrets.password }],
      ]),
      set: new Set([{ password: secrets.password }]),
      bare,
      deeper: { a: { b: { c: { d: { e: { f: { key: secrets.token } } } } } } },
    });

    // Assess
    expectNoLeak(lines);
    const entry = JSON.parse(lines[0] ?? '{}') as Record<string, any>;
    // A sensitive key hides its whole value, objects included; innocent keys are walked.
    expect(entry['response']['authToken']).toBe(REDACTED);
    expect(entry['response']['created']).toEqual({ id: 'ocid1.credential.oc1..aaaa', token: REDACTED, lifecycleState: 'ACTIVE' });
    expect(entry['map']).toEqual({ token: REDACTED, nested: { secret: REDACTED } });
    expect(entry['bare']).toEqual({ password: REDACTED, inner: { token: REDACTED } });
  });

  it('prints SecretValues as [redacted] wherever they are', () => {
    // Prepare
    const { lines, logger } = capture();
    const pem = SecretValue.fromString(secrets.privateKeyPem);
    const token = SecretValue.fromString(secrets.token);
    const password = SecretValue.fromBuffer(Buffer.from(secrets.password));

    // Act
    logger.info('values', {
      harmlessName: pem,
      list: [token, { inner: password }],
      error: Object.assign(new Error('boom'), { value: token }),
    });
    logger.error('as cause', { error: new Error('outer', { cause: password }) });
    logger.info(`template ${String(token)} and ${password}`);

    // Assess
    expectNoLeak(lines);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      harmlessName: REDACTED,
      list: [REDACTED, { inner: REDACTED }],
      error: { value: REDACTED },
    });
    expect(JSON.parse(lines[1] ?? '{}')).toMatchObject({ error: { name: 'Error', message: 'outer', cause: REDACTED } });
  });

  it("masks secrets in errors' own fields and along the cause chain, keeping the context", () => {
    // Prepare
    const { lines, logger } = capture();
    const sdkFailure = Object.assign(new Error('Service error'), {
      statusCode: 400,
      body: { privateKey: secrets.privateKeyPem, token: secrets.token },
    });
    const middle = Object.assign(new Error('store failed', { cause: sdkFailure }), {
      password: secrets.password,
      secretId: 'ocid1.vaultsecret.oc1.iad.aaaa',
    });
    const outer = new OciCallError(
      {
        operation: 'UpdateSecret',
        resourceId: 'ocid1.vaultsecret.oc1.iad.aaaa',
        statusCode: 409,
        serviceCode: 'Conflict',
        opcRequestId: 'req-1',
        retryable: true,
        detail: 'busy',
      },
      { cause: middle },
    );
    const aggregate = new AggregateError([Object.assign(new Error('one'), { token: secrets.token })], 'several');

    // Act
    logger.error('rotation failed', { error: outer, others: aggregate });

    // Assess
    expectNoLeak(lines);
    const entry = JSON.parse(lines[0] ?? '{}') as Record<string, any>;
    expect(entry['error']).toMatchObject({
      name: 'OciCallError',
      operation: 'UpdateSecret',
      opcRequestId: 'req-1',
      retryable: true,
      cause: {
        name: 'Error',
        message: 'store failed',
        password: REDACTED,
        secretId: 'ocid1.vaultsecret.oc1.iad.aaaa',
        cause: { statusCode: 400, body: { privateKey: REDACTED, token: REDACTED } },
      },
    });
    expect(entry['others']['errors'][0]).toMatchObject({ message: 'one', token: REDACTED });
  });

  it('removes a PEM private key from free text: the message, an innocent key, an error message', () => {
    // Prepare
    const { lines, logger } = capture();

    // Act
    logger.warn(`unexpected body ${secrets.privateKeyPem} end`, {
      detail: `prefix ${secrets.privateKeyPem}`,
      error: new Error(`could not parse ${secrets.privateKeyPem}`),
    });
    logger.warn('cut off', { detail: secrets.privateKeyPem.slice(0, 600) });

    // Assess
    expectNoLeak(lines);
    // The PEM's own final newline stays; only the block goes.
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ msg: `unexpected body ${REDACTED}\n end`, detail: `prefix ${REDACTED}\n` });
  });

  it('prints a Buffer holding a secret as its length only', () => {
    // Prepare
    const { lines, logger } = capture();

    // Act
    logger.info('bytes', { payload: Buffer.from(secrets.password), view: new Uint8Array(Buffer.from(secrets.token)) });

    // Assess
    expectNoLeak(lines);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ payload: `[${Buffer.byteLength(secrets.password)} bytes]`, view: '[20 bytes]' });
  });

  it('masks secrets in base and child keys, even if the caller changes the object afterwards', () => {
    // Prepare
    const lines: string[] = [];
    const context: Record<string, unknown> = { user: 'alice' };
    const logger = createLogger({ sink: (line) => void lines.push(line), base: { correlationId: 'call-2', token: secrets.token } });
    const child = logger.child({ step: 'create', context });

    // Act
    context['password'] = secrets.password;
    child.info('after change');

    // Assess
    expectNoLeak(lines);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ token: REDACTED, step: 'create', context: { user: 'alice', password: REDACTED } });
  });
});

describe('Redaction: what stays visible', () => {
  it('keeps public keys, fingerprints, ids and secret OCIDs readable', () => {
    // Prepare
    const fields = {
      keyValue: secrets.publicKeyPem,
      fingerprint: 'cd:25:2e:88:6b:8c:71:74:a3:91:85:8a:73:c8:62:fd',
      keyId: 'ocid1.tenancy.oc1..aaaa/ocid1.user.oc1..aaaa/cd:25',
      tokenSecretId: 'ocid1.vaultsecret.oc1.iad.aaaa',
      passwordSecretId: null,
      secrets: [{ secretId: 'ocid1.vaultsecret.oc1.iad.aaaa', versionNumber: 3 }],
      password: null,
    };

    // Act
    const output = redact(fields);

    // Assess
    expect(output).toEqual(fields);
  });

  it('lists which key names are sensitive', () => {
    // Act
    const verdicts = [
      'privateKey',
      'private_key',
      'key',
      'keyValue',
      'keyId',
      'fingerprint',
      'token',
      'tokenId',
      'authToken',
      'secretId',
      'secrets',
      'rpst',
      'contentType',
    ].map((key) => [key, isSensitiveKey(key)]);

    // Assess
    expect(Object.fromEntries(verdicts)).toEqual({
      privateKey: true,
      private_key: true,
      key: true,
      keyValue: false,
      keyId: false,
      fingerprint: false,
      token: true,
      tokenId: false,
      authToken: true,
      secretId: false,
      secrets: false,
      rpst: true,
      contentType: false,
    });
  });
});

describe('Redaction: copy-on-write and odd shapes', () => {
  it('never mutates its input and returns clean plain objects as they are', () => {
    // Prepare
    const clean = { a: 1, b: ['x', { c: null }] };
    const dirty = { keep: clean, password: 'p' };
    const snapshot = JSON.stringify(dirty);

    // Act
    const output = redact(dirty) as Record<string, unknown>;

    // Assess
    expect(JSON.stringify(dirty)).toBe(snapshot);
    expect(output).not.toBe(dirty);
    expect(output['keep']).toBe(clean);
    expect(output['password']).toBe(REDACTED);
  });

  it('replaces cycles but not shared references', () => {
    // Prepare
    const shared = { id: 'x' };
    const cyclic: Record<string, unknown> = { a: shared, b: shared };
    cyclic['self'] = cyclic;

    // Act
    const output = redact(cyclic);

    // Assess
    expect(output).toEqual({ a: { id: 'x' }, b: { id: 'x' }, self: '[circular]' });
  });

  it('turns class instances into plain data without running their toJSON, and survives throwing getters', () => {
    // Prepare
    class Leaky {
      visible = 'v';
      toJSON(): unknown {
        return { password: 'from-toJSON' };
      }
    }
    const throwing = {
      get boom(): string {
        throw new Error('nope');
      },
    };

    // Act
    const output = redact({ leaky: new Leaky(), throwing, when: new Date(0), big: 10n, fn: () => 1 });

    // Assess
    expect(output).toEqual({ leaky: { visible: 'v' }, throwing: { boom: '[unreadable]' }, when: '1970-01-01T00:00:00.000Z', big: '10' });
  });

  it('stops at a safe depth', () => {
    // Prepare
    let deep: Record<string, unknown> = { end: true };
    for (let level = 0; level < 40; level += 1) deep = { next: deep };

    // Act
    const text = JSON.stringify(redact(deep));

    // Assess
    expect(text).toContain('[too deep]');
  });
});
