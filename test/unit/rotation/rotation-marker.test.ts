import { describe, expect, it } from 'vitest';
import { rotationMarker } from '../../../functions/cloudguard-responder/src/rotation/rotation-marker.js';

describe('Rotation marker: the idempotency key kept in OCI', () => {
  it('is the same for every delivery of the same resolve, and a valid Vault version name', () => {
    // Prepare
    const problemId = 'ocid1.cloudguardproblem.oc1.iad.aaaaaaaaexample';

    // Act
    const first = rotationMarker(problemId, 'history-1');
    const again = rotationMarker(problemId, 'history-1');

    // Assess
    expect(again.versionName).toBe(first.versionName);
    expect(first.versionName).toMatch(/^cgr-[0-9a-f]{24}$/);
    expect(first.credentialTag).toBe(`[${first.versionName}]`);
    expect(first.retryToken('create')).toBe(`${first.versionName}-create`);
  });

  it('differs when the same problem is resolved again (a new history record) or for another problem', () => {
    // Act
    const original = rotationMarker('ocid1.cloudguardproblem.oc1.iad.aaaaaaaaone', 'history-1');
    const reResolved = rotationMarker('ocid1.cloudguardproblem.oc1.iad.aaaaaaaaone', 'history-2');
    const otherProblem = rotationMarker('ocid1.cloudguardproblem.oc1.iad.aaaaaaaatwo', 'history-1');

    // Assess
    expect(new Set([original.versionName, reResolved.versionName, otherProblem.versionName]).size).toBe(3);
  });
});
