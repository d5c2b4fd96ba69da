import { describe, expect, it } from 'vitest';
import type { SecretVersionInfo } from '../../../functions/cloudguard-responder/src/ports/secret-store-port.js';
import { rotationMarker, scheduledRotationMarker } from '../../../functions/cloudguard-responder/src/rotation/rotation-marker.js';
import { planStep } from '../../../functions/cloudguard-responder/src/scheduled/step-plan.js';
import type { VaultRotationRequest } from '../../../functions/cloudguard-responder/src/scheduled/vault-rotation-request.js';

const SECRET = 'ocid1.vaultsecret.oc1.iad.aaaaaaaamqqkralryqjtf3zwiqw7l63rehbr4hbmgn2mtydeqzqzp2hohkzu';
const NOW = new Date('2026-06-01T12:00:00Z');
const WINDOW_MS = 330_000;
const ours = (replaced: number): string => scheduledRotationMarker(SECRET, replaced).versionName;
const cloudGuards = rotationMarker('ocid1.cloudguardproblem.oc1.iad.aaaa', 'resolve-1').versionName;

function version(
  versionNumber: number,
  name: string | null,
  stages: SecretVersionInfo['stages'],
  timeCreated = '2026-01-01T00:00:00Z',
): SecretVersionInfo {
  return { versionNumber, name, stages, timeOfDeletion: null, timeCreated };
}

function plan(step: VaultRotationRequest['step'], versionNo: number | null, versions: SecretVersionInfo[]) {
  return planStep({ step, secretId: SECRET, versionNo }, versions, NOW, WINDOW_MS);
}

describe('Scheduled step plan: which rotation a step belongs to, read from the versions alone', () => {
  it('keys CREATE and UPDATE on the CURRENT version, and PROMOTE on the PENDING version of that rotation', () => {
    // Prepare
    const staged = [version(1, null, ['CURRENT']), version(2, ours(1), ['PENDING', 'LATEST'])];

    // Act
    const create = plan('CREATE_PENDING_VERSION', null, [version(1, null, ['CURRENT', 'LATEST'])]);
    const update = plan('UPDATE_TARGET_SYSTEM', 1, staged);
    const updateWithoutNumber = plan('UPDATE_TARGET_SYSTEM', null, staged);
    const promote = plan('PROMOTE_PENDING_VERSION', 2, staged);

    // Assess
    expect(create).toMatchObject({ kind: 'rotate', replaced: { versionNumber: 1 }, until: 'stage', resumeOnly: false });
    expect(update).toMatchObject({ kind: 'rotate', replaced: { versionNumber: 1 }, until: 'apply', resumeOnly: true });
    expect(updateWithoutNumber).toEqual(update);
    expect(promote).toMatchObject({ kind: 'rotate', replaced: { versionNumber: 1 }, until: 'complete', resumeOnly: true });
  });

  it('a PROMOTE repeated after this rotation promoted its version finishes the same rotation (keyed on the version before it)', () => {
    // Act
    const again = plan('PROMOTE_PENDING_VERSION', 2, [version(1, null, ['PREVIOUS']), version(2, ours(1), ['CURRENT', 'LATEST'])]);

    // Assess
    expect(again).toMatchObject({ kind: 'rotate', replaced: { versionNumber: 1 }, until: 'complete' });
  });

  it('refuses to promote a PENDING version that is not this rotation’s, a version that is history, or no number at all', () => {
    // Prepare
    const foreignPending = [version(1, null, ['CURRENT']), version(2, 'hand-made', ['PENDING', 'LATEST'])];
    const afterTwo = [version(1, null, ['DEPRECATED']), version(2, ours(1), ['PREVIOUS']), version(3, ours(2), ['CURRENT', 'LATEST'])];

    // Act
    const foreign = plan('PROMOTE_PENDING_VERSION', 2, foreignPending);
    const history = plan('PROMOTE_PENDING_VERSION', 2, afterTwo);
    const oldUpdate = plan('UPDATE_TARGET_SYSTEM', 1, afterTwo);
    const none = plan('PROMOTE_PENDING_VERSION', null, foreignPending);

    // Assess
    expect(foreign).toMatchObject({ kind: 'answer', status: 'refused', reason: expect.stringContaining('PENDING but not this rotation') });
    expect(history).toMatchObject({ kind: 'answer', status: 'refused', reason: expect.stringContaining('is history') });
    expect(oldUpdate).toMatchObject({ kind: 'answer', status: 'refused', reason: expect.stringContaining('never resumed') });
    expect(none).toMatchObject({ kind: 'answer', status: 'refused', reason: expect.stringContaining('/versionNo is required') });
  });

  it('defers to a Cloud Guard rotation: staged in the secret, CREATE waits (in-progress); just finished, every step has nothing left to do', () => {
    // Prepare
    const staged = [version(1, null, ['CURRENT']), version(2, cloudGuards, ['PENDING', 'LATEST'])];
    const justDone = [
      version(1, null, ['PREVIOUS']),
      version(2, cloudGuards, ['CURRENT', 'LATEST'], new Date(NOW.getTime() - 60_000).toISOString()),
    ];
    const longAgo = [
      version(1, null, ['PREVIOUS']),
      version(2, cloudGuards, ['CURRENT', 'LATEST'], new Date(NOW.getTime() - 2 * WINDOW_MS).toISOString()),
    ];

    // Act
    const whileStaged = plan('CREATE_PENDING_VERSION', null, staged);
    const createAfter = plan('CREATE_PENDING_VERSION', null, justDone);
    const updateAfter = plan('UPDATE_TARGET_SYSTEM', 1, justDone);
    const promoteAfter = plan('PROMOTE_PENDING_VERSION', 2, justDone);
    const createLater = plan('CREATE_PENDING_VERSION', null, longAgo);

    // Assess
    expect(whileStaged).toMatchObject({ kind: 'answer', status: 'in-progress' });
    expect(createAfter).toMatchObject({ kind: 'answer', status: 'already-rotated', versionNo: null });
    expect(updateAfter).toMatchObject({ kind: 'answer', status: 'already-rotated', versionNo: 2 });
    expect(promoteAfter).toMatchObject({ kind: 'answer', status: 'already-rotated' });
    expect(createLater).toMatchObject({ kind: 'rotate', replaced: { versionNumber: 2 } });
  });
});
