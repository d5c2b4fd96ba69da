import { afterEach, describe, expect, it } from 'vitest';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import type { RotationStepCall } from '../../../emulator/index.js';
import { ociFailure, startEmulatorHarness, type EmulatorHarness } from '../../support/emulator.js';

let harness: EmulatorHarness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

/** A stand-in rotation function that records the steps and answers each one as told. */
function recordingFunction(answer: (call: RotationStepCall) => number): {
  calls: RotationStepCall[];
  invoke: (call: RotationStepCall) => Promise<unknown>;
} {
  const calls: RotationStepCall[] = [];
  return {
    calls,
    invoke: (call) => {
      calls.push(call);
      // As the template: UPDATE_TARGET_SYSTEM answers the PENDING version to promote (here 7), the others none.
      return Promise.resolve({
        responseCode: answer(call),
        returnMessage: `${call.body.step} answered`,
        versionNo: call.body.step === 'UPDATE_TARGET_SYSTEM' ? 7 : null,
      });
    },
  };
}

describe("Emulator: Vault's own rotation of a secret (rotationConfig, RotateSecret, the four steps)", () => {
  it('RotateSecret over the Vault API answers 202 with a work request, then invokes the four steps in order, handing each answer on as the template expects', async () => {
    // Prepare
    const fn = recordingFunction(() => 200);
    harness = await startEmulatorHarness({ rotationInvoker: fn.invoke });
    const secretId = sampleIds.secretSchedApi;

    // Act
    const response = await harness.clients.vaults.rotateSecret({ secretId });
    await harness.emulator.settleRotations();

    // Assess
    expect(response.opcWorkRequestId).toMatch(/^ocid1\.vaultworkrequest\./);
    expect(fn.calls.map((call) => call.body)).toEqual([
      { step: 'VERIFY_CONNECTION', secretId },
      { step: 'CREATE_PENDING_VERSION', secretId, versionNo: null },
      { step: 'UPDATE_TARGET_SYSTEM', secretId, versionNo: 1 },
      { step: 'PROMOTE_PENDING_VERSION', secretId, versionNo: 7 },
    ]);
    expect(fn.calls[0]?.functionId).toBe(sampleIds.function);
    const { secret } = await harness.clients.vaults.getSecret({ secretId });
    expect(secret.rotationStatus).toBe('SCHEDULED');
    expect(secret.rotationConfig).toMatchObject({
      rotationInterval: 'P1M',
      isScheduledRotationEnabled: true,
      targetSystemDetails: { targetSystemType: 'FUNCTION' },
    });
    expect(secret.lastRotationTime).toBeDefined();
    expect(harness.emulator.rotations()[0]?.status).toBe('SUCCEEDED');
  });

  it('a step answered 500 is invoked again (3 attempts in all), then the rotation fails without the later steps', async () => {
    // Prepare
    const fn = recordingFunction((call) => (call.body.step === 'UPDATE_TARGET_SYSTEM' ? 500 : 200));
    harness = await startEmulatorHarness({ rotationInvoker: fn.invoke });

    // Act
    const record = await harness.emulator.rotateSecret(sampleIds.secretSchedAuth);

    // Assess
    expect(record.status).toBe('FAILED');
    expect(fn.calls.map((call) => call.body.step)).toEqual([
      'VERIFY_CONNECTION',
      'CREATE_PENDING_VERSION',
      'UPDATE_TARGET_SYSTEM',
      'UPDATE_TARGET_SYSTEM',
      'UPDATE_TARGET_SYSTEM',
    ]);
    const secret = harness.emulator.getState().secrets.find((candidate) => candidate.id === sampleIds.secretSchedAuth);
    expect(secret?.rotationStatus).toBe('SCHEDULED');
    expect(secret?.lastRotationTime ?? null).toBeNull();
  });

  it('refuses RotateSecret for a secret without a rotation config (400) and while one runs (409, rotationStatus IN_PROGRESS)', async () => {
    // Prepare
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    harness = await startEmulatorHarness({
      rotationInvoker: async () => {
        await held;
        return { responseCode: 200, returnMessage: 'ok', versionNo: 2 };
      },
    });

    // Act
    const none = await ociFailure(harness.clients.vaults.rotateSecret({ secretId: sampleIds.secretApi }));
    await harness.clients.vaults.rotateSecret({ secretId: sampleIds.secretSchedApi });
    const during = (await harness.clients.vaults.getSecret({ secretId: sampleIds.secretSchedApi })).secret.rotationStatus;
    const twice = await ociFailure(harness.clients.vaults.rotateSecret({ secretId: sampleIds.secretSchedApi }));
    release();
    await harness.emulator.settleRotations();

    // Assess
    expect(none.statusCode).toBe(400);
    expect(none.serviceCode).toBe('InvalidParameter');
    expect(during).toBe('IN_PROGRESS');
    expect(twice.statusCode).toBe(409);
    expect(twice.serviceCode).toBe('Conflict');
  });
});
