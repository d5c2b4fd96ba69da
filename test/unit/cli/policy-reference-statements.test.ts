import { describe, expect, it } from 'vitest';
import { generatePolicy } from '../../../cli/policy/least-privilege-policy.js';
import { POLICY_SOURCES } from '../../../cli/policy/policy-sources.js';
import { SAMPLE_POLICY_INPUTS } from '../../support/policy.js';

// Each statement follows the page of Oracle's policy reference it names (docs/policy.md).

const TOPIC_COMPARTMENT = 'ocid1.compartment.oc1..aaaaaaaasecopstopic';
const FUNCTION_COMPARTMENT = 'ocid1.compartment.oc1..aaaaaaaafunctions';
const SECRETS_A = 'ocid1.compartment.oc1..aaaaaaaasecretsa';
const SECRETS_B = 'ocid1.compartment.oc1..aaaaaaaasecretsb';

describe('the generated policy, statement by statement against Oracle’s reference', () => {
  const policy = generatePolicy({
    ...SAMPLE_POLICY_INPUTS,
    topicCompartmentId: TOPIC_COMPARTMENT,
    functionCompartmentId: FUNCTION_COMPARTMENT,
    allowedCompartmentIds: [SECRETS_A, SECRETS_B],
    optional: { vaultRotation: true },
  });
  const subject = 'dynamic-group cg-credential-responder';

  it('scopes publishing by the topic’s compartment and the permission, since Notifications supports only the general variables', () => {
    // Assess
    expect(policy.statements).toContain(
      `Allow ${subject} to use ons-topics in compartment id ${TOPIC_COMPARTMENT} where request.permission = 'ONS_TOPIC_PUBLISH'`,
    );
    expect(policy.statements.join('\n')).not.toContain('target.topic.id');
    expect(policy.entries.find((entry) => entry.operations.includes('PublishMessage'))?.source).toBe(POLICY_SOURCES.notifications);
  });

  it('names Cloud Guard’s configuration type cloud-guard-config, and reopens with use cloud-guard-problems and no permission condition', () => {
    // Assess
    expect(policy.statements).toContain(`Allow ${subject} to read cloud-guard-config in tenancy`);
    expect(policy.statements).toContain(`Allow ${subject} to use cloud-guard-problems in tenancy`);
    expect(policy.statements.join('\n')).not.toMatch(/cloud-guard-configuration|CG_PROBLEM_UPDATE/);
  });

  it('grants GetNamespace with read objectstorage-namespaces, the verb Object Storage’s table puts it under', () => {
    // Assess
    expect(policy.statements).toContain(`Allow ${subject} to read objectstorage-namespaces in tenancy`);
    expect(policy.statements.join('\n')).not.toContain('inspect objectstorage-namespaces');
  });

  it('lets the allowed compartments’ secrets, as vaultsecret resource principals, invoke and read the Function in its compartment only', () => {
    // Assess
    expect(policy.vaultSecretDynamicGroups).toEqual([
      expect.objectContaining({
        name: 'cg-credential-responder-secrets',
        matchingRule: `ALL {resource.type = 'vaultsecret', resource.compartment.id = '${SECRETS_A}'}`,
      }),
      expect.objectContaining({
        name: 'cg-credential-responder-secrets-2',
        matchingRule: `ALL {resource.type = 'vaultsecret', resource.compartment.id = '${SECRETS_B}'}`,
      }),
    ]);
    const secrets = 'dynamic-group cg-credential-responder-secrets, cg-credential-responder-secrets-2';
    expect(policy.statements).toContain(`Allow ${secrets} to use fn-invocation in compartment id ${FUNCTION_COMPARTMENT}`);
    expect(policy.statements).toContain(`Allow ${secrets} to read fn-function in compartment id ${FUNCTION_COMPARTMENT}`);
    expect(policy.statements.join('\n')).not.toContain('service vaultsecret');
  });

  it('lets the Events service invoke functions in the Function’s compartment only', () => {
    // Assess
    expect(policy.statements).toContain(`Allow service cloudEvents to use functions-family in compartment id ${FUNCTION_COMPARTMENT}`);
  });

  it('names a page of Oracle’s reference for every statement, optional ones included', () => {
    // Assess
    const pages = new Set<string>(Object.values(POLICY_SOURCES));
    for (const entry of policy.entries) expect(pages.has(entry.source), entry.statement).toBe(true);
  });

  it('reads only with reopening off (CGR_REOPEN_PROBLEMS=false), and makes no secret group without Vault rotation', () => {
    // Act
    const readOnly = generatePolicy({ ...SAMPLE_POLICY_INPUTS, optional: { reopenProblems: false, vaultRotation: false } });

    // Assess
    expect(readOnly.statements).toContain(`Allow ${subject} to read cloud-guard-problems in tenancy`);
    expect(readOnly.statements.join('\n')).not.toContain('use cloud-guard-problems');
    expect(readOnly.vaultSecretDynamicGroups).toEqual([]);
    expect(readOnly.statements.join('\n')).not.toContain('fn-invocation');
  });
});
