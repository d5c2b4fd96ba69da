import { describe, expect, it } from 'vitest';
import { markerInLabel, rotationMarker } from '../../../functions/cloudguard-responder/src/rotation/rotation-marker.js';

describe('Rotation marker: the idempotency key kept in OCI', () => {
  it('is the same for every delivery of the same resolve, and a valid Vault version name', () => {
    // Prepare
    const problemId = 'ocid1.cloudguardproblem.oc1.iad.aaaaaaaaexample';

    // Act
    const first = rotationMarker(problemId, 'history-1');
    const again = rotationMarker(problemId, 'history-1');

    // Assess
    expect(again.versionName).toBe(first.versionName);
    expect(first.versionName).toMatch(/^cgr-[0-9a-f]{10}-[0-9a-f]{12}$/);
    expect(first.versionName.startsWith(first.problemPrefix)).toBe(true);
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

  it('shares its problem part across resolves of the same problem, so a later resolve finds what an earlier one left', () => {
    // Act
    const original = rotationMarker('ocid1.cloudguardproblem.oc1.iad.aaaaaaaaone', 'history-1');
    const reResolved = rotationMarker('ocid1.cloudguardproblem.oc1.iad.aaaaaaaaone', 'history-2');
    const otherProblem = rotationMarker('ocid1.cloudguardproblem.oc1.iad.aaaaaaaatwo', 'history-1');

    // Assess
    expect(reResolved.problemPrefix).toBe(original.problemPrefix);
    expect(otherProblem.problemPrefix).not.toBe(original.problemPrefix);
    expect(markerInLabel(`ci token ${original.credentialTag}`)).toBe(original.versionName);
  });

  it('makes retry tokens OCI accepts (1 to 64 characters) for every operation the rotations use', () => {
    // Prepare
    const marker = rotationMarker('ocid1.cloudguardproblem.oc1.iad.aaaaaaaaone', 'history-1');

    // Act
    const tokens = ['create', 'create-5', 'upload-api-key', 'upload-api-key-3', 'reset-ui-password'].map((operation) =>
      marker.retryToken(operation),
    );

    // Assess
    for (const token of tokens) expect(token.length).toBeGreaterThanOrEqual(1);
    for (const token of tokens) expect(token.length).toBeLessThanOrEqual(64);
    expect(() => marker.retryToken('x'.repeat(40))).toThrow(/64 characters/);
  });
});
