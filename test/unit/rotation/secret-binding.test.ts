import { describe, expect, it } from 'vitest';
import type { RemediationRequest } from '../../../functions/cloudguard-responder/src/domain/remediation-request.js';
import { isBoundToUser } from '../../../functions/cloudguard-responder/src/rotation/preflight-checks.js';
import {
  DEFAULT_ROTATION_SETTINGS,
  type RotationSettings,
} from '../../../functions/cloudguard-responder/src/rotation/rotation-settings.js';

const USER = 'ocid1.user.oc1..aaaaaaaaalice';
const request = { userId: USER } as RemediationRequest;
const secret = (fields: { tag?: string; vaultId?: string; compartmentId?: string } = {}) => ({
  vaultId: fields.vaultId ?? 'ocid1.vault.oc1.iad.aaaaaaaavaulta',
  compartmentId: fields.compartmentId ?? 'ocid1.compartment.oc1..aaaaaaaasecrets',
  freeformTags: fields.tag === undefined ? {} : { 'cg-responder-user': fields.tag },
});
const lists = (vaults: string[], compartments: string[]): RotationSettings => ({
  ...DEFAULT_ROTATION_SETTINGS,
  allowedVaultIds: vaults,
  allowedCompartmentIds: compartments,
});

describe('a secret is bound to the user by more than the event (the rule for writing to it and for reopening)', () => {
  it("is bound by Cloud Guard's recorded comment or by its user tag, and not by the event alone", () => {
    // Act
    const answers = [
      isBoundToUser(secret(), request, DEFAULT_ROTATION_SETTINGS, true),
      isBoundToUser(secret({ tag: USER }), request, DEFAULT_ROTATION_SETTINGS, false),
      isBoundToUser(secret(), request, DEFAULT_ROTATION_SETTINGS, false),
    ];

    // Assess
    expect(answers).toEqual([true, true, false]);
  });

  it('is never bound when tagged for another user, whatever else says so', () => {
    // Act
    const bound = isBoundToUser(
      secret({ tag: 'ocid1.user.oc1..aaaaaaaabob' }),
      request,
      lists(['ocid1.vault.oc1.iad.aaaaaaaavaulta'], []),
      true,
    );

    // Assess
    expect(bound).toBe(false);
  });

  it('is bound by the allow-lists only when it lies inside every list that is set', () => {
    // Prepare
    const both = lists(['ocid1.vault.oc1.iad.aaaaaaaavaulta'], ['ocid1.compartment.oc1..aaaaaaaasecrets']);

    // Act
    const answers = [
      isBoundToUser(secret(), request, both, false),
      isBoundToUser(secret({ compartmentId: 'ocid1.compartment.oc1..aaaaaaaaother' }), request, both, false),
      isBoundToUser(
        secret({ vaultId: 'ocid1.vault.oc1.iad.aaaaaaaavaultb' }),
        request,
        lists(['ocid1.vault.oc1.iad.aaaaaaaavaulta'], []),
        false,
      ),
    ];

    // Assess
    expect(answers).toEqual([true, false, false]);
  });
});
