import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../emulator/index.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import type { EmulatorState } from '../../../emulator/state/types.js';
import { ociFailure, startEmulatorHarness, type EmulatorHarness } from '../../support/emulator.js';
import { pooledPublicKeyPem } from '../../support/key-pool.js';

// opc-retry-token as OCI treats it, through the real IdentityClient over HTTP: 1 to 64 characters,
// replayed for 24 hours, and invalidated (409 InvalidatedRetryToken) once the resource it created
// is deleted. Bob starts with no credentials.

let harness: EmulatorHarness;
let baseline: EmulatorState;
let clock = new VirtualClock();
const DAY_MS = 24 * 60 * 60 * 1000;

function newPublicKeyPem(): string {
  return pooledPublicKeyPem();
}

beforeAll(async () => {
  // One emulator for the file, a fresh clock for each test: the emulator reads whichever is current.
  const followingTestClock = { now: () => clock.now() };
  harness = await startEmulatorHarness({ clock: followingTestClock });
  baseline = harness.emulator.getState({ includeSecretContent: true });
});

afterAll(async () => {
  await harness?.close();
});

beforeEach(() => {
  clock = new VirtualClock();
  harness.emulator.setState(baseline);
});

/** One create per credential type, returning the created resource's id, plus its delete. */
const creates = [
  {
    operation: 'CreateAuthToken',
    create: async (opcRetryToken: string) =>
      (
        await harness.clients.identity.createAuthToken({
          userId: sampleIds.bob,
          createAuthTokenDetails: { description: 'retry' },
          opcRetryToken,
        })
      ).authToken.id ?? '',
    remove: (id: string) => harness.clients.identity.deleteAuthToken({ userId: sampleIds.bob, authTokenId: id }),
  },
  {
    operation: 'CreateCustomerSecretKey',
    create: async (opcRetryToken: string) =>
      (
        await harness.clients.identity.createCustomerSecretKey({
          userId: sampleIds.bob,
          createCustomerSecretKeyDetails: { displayName: 'retry' },
          opcRetryToken,
        })
      ).customerSecretKey.id ?? '',
    remove: (id: string) => harness.clients.identity.deleteCustomerSecretKey({ userId: sampleIds.bob, customerSecretKeyId: id }),
  },
  {
    operation: 'UploadApiKey',
    create: (() => {
      const key = newPublicKeyPem();
      return async (opcRetryToken: string) =>
        (await harness.clients.identity.uploadApiKey({ userId: sampleIds.bob, createApiKeyDetails: { key }, opcRetryToken })).apiKey
          .fingerprint ?? '';
    })(),
    remove: (fingerprint: string) => harness.clients.identity.deleteApiKey({ userId: sampleIds.bob, fingerprint }),
  },
];

describe('opc-retry-token length', () => {
  it.each(creates.map((entry) => [entry.operation, entry]))(
    '%s refuses a 65-character token with 400 InvalidParameter and creates nothing',
    async (_name, entry) => {
      // Act
      const failure = await ociFailure(entry.create('t'.repeat(65)));

      // Assess
      expect([failure.statusCode, failure.serviceCode]).toEqual([400, 'InvalidParameter']);
      expect(failure.message).toContain('1 to 64 characters');
      expect(harness.emulator.getState().users.find((user) => user.id === sampleIds.bob)).toEqual(
        baseline.users.find((user) => user.id === sampleIds.bob),
      );
    },
  );

  it('refuses the 72-character form `<marker>-create-<uuid>`, and CreateOrResetUIPassword too', async () => {
    // Prepare
    const longToken = `cgr-${'0'.repeat(24)}-create-${'0'.repeat(8)}-${'0'.repeat(4)}-${'0'.repeat(4)}-${'0'.repeat(4)}-${'0'.repeat(12)}`;

    // Act
    const tokenFailure = await ociFailure(
      harness.clients.identity.createAuthToken({
        userId: sampleIds.bob,
        createAuthTokenDetails: { description: 'x' },
        opcRetryToken: longToken,
      }),
    );
    const passwordFailure = await ociFailure(
      harness.clients.identity.createOrResetUIPassword({ userId: sampleIds.alice, opcRetryToken: longToken }),
    );

    // Assess
    expect(longToken.length).toBe(72);
    expect([tokenFailure.statusCode, passwordFailure.statusCode]).toEqual([400, 400]);
    expect(harness.emulator.getState().users.find((user) => user.id === sampleIds.alice)?.uiPassword).toEqual(
      baseline.users.find((user) => user.id === sampleIds.alice)?.uiPassword,
    );
  });

  it('accepts a 64-character token and replays it', async () => {
    // Prepare
    const token = 'a'.repeat(64);

    // Act
    const first = await creates[0]!.create(token);
    const again = await creates[0]!.create(token);

    // Assess
    expect(again).toBe(first);
    expect(harness.emulator.getState().users.find((user) => user.id === sampleIds.bob)?.authTokens).toHaveLength(1);
  });
});

describe('opc-retry-token invalidation', () => {
  it.each(creates.map((entry) => [entry.operation, entry]))(
    '%s: a repeated token replays the resource until it is deleted, then answers 409 InvalidatedRetryToken',
    async (_name, entry) => {
      // Prepare
      const token = `${entry.operation}-token`;
      const created = await entry.create(token);
      const replayed = await entry.create(token);

      // Act
      await entry.remove(created);
      const failure = await ociFailure(entry.create(token));
      clock.advance(DAY_MS - 1);
      const stillInvalid = await ociFailure(entry.create(token));
      clock.advance(1);
      const afterExpiry = await entry.create(token);

      // Assess
      expect(replayed).toBe(created);
      expect([failure.statusCode, failure.serviceCode]).toEqual([409, 'InvalidatedRetryToken']);
      expect(stillInvalid.serviceCode).toBe('InvalidatedRetryToken');
      expect(afterExpiry).toBeTruthy();
    },
  );

  it('UploadApiKey: re-uploading the same key after the delete does not revive the old token', async () => {
    // Prepare
    const key = newPublicKeyPem();
    const upload = (opcRetryToken: string) =>
      harness.clients.identity.uploadApiKey({ userId: sampleIds.bob, createApiKeyDetails: { key }, opcRetryToken });
    const first = await upload('first-token');
    await harness.clients.identity.deleteApiKey({ userId: sampleIds.bob, fingerprint: first.apiKey.fingerprint ?? '' });
    clock.advance(1_000);
    await upload('second-token');

    // Act
    const failure = await ociFailure(upload('first-token'));

    // Assess
    expect([failure.statusCode, failure.serviceCode]).toEqual([409, 'InvalidatedRetryToken']);
  });

  it('CreateOrResetUIPassword: a later reset invalidates the earlier token (assumed)', async () => {
    // Prepare
    const first = await harness.clients.identity.createOrResetUIPassword({ userId: sampleIds.alice, opcRetryToken: 'reset-1' });
    const replayed = await harness.clients.identity.createOrResetUIPassword({ userId: sampleIds.alice, opcRetryToken: 'reset-1' });
    await harness.clients.identity.createOrResetUIPassword({ userId: sampleIds.alice, opcRetryToken: 'reset-2' });

    // Act
    const failure = await ociFailure(
      harness.clients.identity.createOrResetUIPassword({ userId: sampleIds.alice, opcRetryToken: 'reset-1' }),
    );

    // Assess
    expect(replayed.uIPassword.password).toBe(first.uIPassword.password);
    expect([failure.statusCode, failure.serviceCode]).toEqual([409, 'InvalidatedRetryToken']);
  });
});
