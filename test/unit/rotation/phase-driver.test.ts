import { describe, expect, it } from 'vitest';
import { drivePhases, finish, type Next, next } from '../../../functions/cloudguard-responder/src/rotation/phase-driver.js';
import { RotationRecord } from '../../../functions/cloudguard-responder/src/rotation/rotation-record.js';
import type { RotationStep } from '../../../functions/cloudguard-responder/src/rotation/rotation-types.js';

function newRecord(): RotationRecord<null> {
  return new RotationRecord('AUTH_TOKEN', 'ocid1.user.oc1..aaaa', 'ocid1.credential.oc1..old', null);
}

describe('drivePhases: the one place a rotation moves from step to step', () => {
  it('sets the record to each phase as it starts it, and ends with the report a phase finishes with', async () => {
    // Prepare
    const record = newRecord();
    const seen: RotationStep[] = [];
    const phase = (step: RotationStep, then: () => Next): Next =>
      next(step, async () => {
        seen.push(record.step);
        return then();
      });
    const first = phase('preflight', () => phase('stage-secret', () => phase('promote-secret', () => finish(record.report('rotated')))));

    // Act
    const report = await drivePhases(record, first);

    // Assess
    expect(seen).toEqual(['preflight', 'stage-secret', 'promote-secret']);
    expect(report.status).toBe('rotated');
    expect(report.step).toBeNull();
  });

  it('leaves the record at the step of the phase that threw, so a failed report names it', async () => {
    // Prepare
    const record = newRecord();
    const first = next('preflight', async () =>
      next('wait-active', async () => {
        throw new Error('not ACTIVE in time');
      }),
    );

    // Act
    const failure = await drivePhases(record, first).catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect(record.step).toBe('wait-active');
    expect(record.report('failed').step).toBe('wait-active');
  });

  it('runs the first phase again when a phase names it (reading everything again after joining another delivery)', async () => {
    // Prepare
    const record = newRecord();
    let reads = 0;
    const read = (): Next =>
      next('preflight', async () => {
        reads++;
        return reads < 3 ? next('create-credential', async () => read()) : finish(record.report('already-rotated'));
      });

    // Act
    const report = await drivePhases(record, read());

    // Assess
    expect(reads).toBe(3);
    expect(report.status).toBe('already-rotated');
  });
});
