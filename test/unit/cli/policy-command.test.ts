import { describe, expect, it } from 'vitest';
import { policyCommand } from '../../../cli/commands/policy.js';
import { parsePolicyStatement } from '../../../emulator/iam/policy-statement.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { UsageError } from '../../../cli/usage-error.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) } } };
}

const FLAGS = ['--function-id', sampleIds.function, '--topic', sampleIds.topic, '--allowed-vaults', sampleIds.vault];

describe('cg-responder policy', () => {
  it('prints one JSON object whose statements parse in OCI grammar and whose rule condition names the four problems', async () => {
    // Prepare
    const { out, io: streams } = io();

    // Act
    const code = await policyCommand.run([...FLAGS, '--json'], streams);

    // Assess
    expect(code).toBe(0);
    const policy = JSON.parse(out.join('')) as {
      dynamicGroup: { matchingRule: string };
      statements: string[];
      eventsRule: { condition: string };
    };
    expect(policy.dynamicGroup.matchingRule).toBe(`ALL {resource.id = '${sampleIds.function}'}`);
    expect(policy.statements).toHaveLength(12);
    for (const statement of policy.statements) expect(() => parsePolicyStatement(statement)).not.toThrow();
    expect(policy.statements.filter((statement) => statement.includes('secret'))).toSatisfy((list: string[]) =>
      list.every((statement) => statement.includes(`target.vault.id = '${sampleIds.vault}'`)),
    );
    expect(JSON.parse(policy.eventsRule.condition)).toEqual({
      eventType: ['com.oraclecloud.cloudguard.problemremediated'],
      data: { additionalDetails: { problemName: ['API_KEY_TOO_OLD', 'AUTH_TOKEN_TOO_OLD', 'SECRET_KEY_TOO_OLD', 'PASSWORD_TOO_OLD'] } },
    });
  });

  it('scopes secrets to each allowed compartment, and includes the default optional statements, saying what each enables', async () => {
    // Prepare
    const compartment = 'ocid1.compartment.oc1..aaaaaaaasecrets';
    const { out, io: streams } = io();

    // Act
    await policyCommand.run([...FLAGS, '--allowed-compartments', compartment], streams);

    // Assess
    const text = out.join('');
    expect(text).toContain(`use secrets in compartment id ${compartment} where target.vault.id`);
    expect(text).toContain(
      'Allow dynamic-group cg-credential-responder to use cloud-guard-problems in tenancy\n     # GetProblem, ListProblemHistories, UpdateProblemStatus',
    );
    expect(text).toContain('# source: https://docs.oracle.com/iaas/cloud-guard/using/policies.htm');
    expect(text).toContain(
      `manage secret-versions in compartment id ${compartment} where all {request.permission = 'SECRET_VERSION_DELETE'`,
    );
    expect(text).toContain('--vault-rotation: enables scheduled rotation');
    expect(text).toContain('"eventType":["com.oraclecloud.cloudguard.problemremediated"]}');
  });

  it('warns on stderr, naming the flags, when no allow-list scopes the secret statements, and prints the policy all the same', async () => {
    // Prepare
    const { out, err, io: streams } = io();

    // Act
    const code = await policyCommand.run(['--function-id', sampleIds.function, '--topic', sampleIds.topic], streams);

    // Assess
    expect(code).toBe(0);
    expect(out.join('')).toContain('read secret-bundles in tenancy');
    expect(err.join('')).toMatch(/^warning: no allow-list scopes the secret statements/);
    expect(err.join('')).toContain('--allowed-vaults');
    expect(err.join('')).toContain('--allowed-compartments');
  });

  it('says nothing on stderr when an allow-list scopes the secret statements', async () => {
    // Prepare
    const { err, io: streams } = io();

    // Act
    await policyCommand.run(FLAGS, streams);

    // Assess
    expect(err).toEqual([]);
  });

  it('refuses a missing Function OCID and a malformed vault list as usage errors naming the setting', async () => {
    // Act
    const missing = policyCommand.run(['--topic', sampleIds.topic], io().io);
    const badVault = policyCommand.run([...FLAGS.slice(0, 4), '--allowed-vaults', 'vault-1'], io().io);

    // Assess
    await expect(missing).rejects.toThrow(UsageError);
    await expect(policyCommand.run(['--topic', sampleIds.topic], io().io)).rejects.toThrow(/--function-id/);
    await expect(badVault).rejects.toThrow(/CGR_ALLOWED_VAULT_OCIDS is invalid/);
  });

  it("keeps the doctor's reads off the Function: --doctor needs --group, and the dynamic group's policy does not offer them", async () => {
    // Prepare
    const { out, io: streams } = io();

    // Act
    const withoutGroup = policyCommand.run([...FLAGS, '--doctor'], io().io);
    await policyCommand.run(FLAGS, streams);

    // Assess
    await expect(withoutGroup).rejects.toThrow(
      "--doctor adds the reads cg-responder doctor needs to an operator's group: add --group <name>",
    );
    expect(out.join('')).not.toMatch(/dynamic-group cg-credential-responder to (read ons-topics|inspect ons-subscriptions)/);
  });
});
