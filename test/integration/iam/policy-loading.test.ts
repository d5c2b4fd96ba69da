import { describe, expect, it } from 'vitest';
import { createOciEmulator, createSampleTenancy } from '../../../emulator/index.js';
import { sendRaw } from '../../support/emulator.js';
import { OPERATOR_POLICY_NAME, withPolicyStatements } from '../../support/policy.js';
import { pooledKeyPair } from '../../support/key-pool.js';

// Statements are parsed when the state is loaded, as OCI parses them when a policy is created:
// a statement the emulator cannot enforce is refused up front, named, never silently ignored.

const BAD = 'Allow group cg-responder-operators to frobnicate users in tenancy';

describe('loading policies', () => {
  it('refuses an unparsable statement at createOciEmulator, naming it and where it sits', async () => {
    // Prepare
    const state = withPolicyStatements(OPERATOR_POLICY_NAME, [BAD]);

    // Act
    const attempt = createOciEmulator({ state });

    // Assess
    await expect(attempt).rejects.toThrow(/\/iam\/policies\/1\/statements\/0/);
    await expect(createOciEmulator({ state })).rejects.toThrow(BAD);
  });

  it('answers PUT /_emulator/state with 400 naming the statement, and keeps the state it had', async () => {
    // Prepare
    const emulator = await createOciEmulator({ keyPairs: pooledKeyPair });
    try {
      const body = JSON.stringify(withPolicyStatements(OPERATOR_POLICY_NAME, [BAD]));

      // Act
      const response = await sendRaw(`${emulator.url}/_emulator/state`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body,
      });

      // Assess
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'InvalidParameter' });
      expect(String((response.body as { message: string }).message)).toContain(BAD);
      expect(emulator.getState().iam?.policies[1]?.statements).toEqual(createSampleTenancy().iam?.policies[1]?.statements);
    } finally {
      await emulator.close();
    }
  });

  it('refuses a statement naming a group that does not exist, and a dynamic group rule it cannot parse', async () => {
    // Prepare
    const unknownGroup = withPolicyStatements(OPERATOR_POLICY_NAME, ['Allow group nobody to read users in tenancy']);
    const badRule = createSampleTenancy();
    badRule.iam!.dynamicGroups[0]!.matchingRule = "ANY {request.user.id = 'x'}";

    // Act / Assess
    await expect(createOciEmulator({ state: unknownGroup })).rejects.toThrow(/group "nobody", which does not exist/);
    await expect(createOciEmulator({ state: badRule })).rejects.toThrow(/\/iam\/dynamicGroups\/0\/matchingRule/);
  });
});
