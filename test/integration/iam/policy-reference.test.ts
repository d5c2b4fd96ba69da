import { describe, expect, it } from 'vitest';
import { assertValidState, createSampleTenancy, InvalidStateError } from '../../../emulator/index.js';
import { authorize } from '../../../emulator/iam/authorize.js';
import { OCI_POLICY_REFERENCE } from '../../../emulator/iam/oci-policy-reference.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import type { EmulatorState } from '../../../emulator/state/types.js';
import type { Principal } from '../../../emulator/http/route.js';
import { FUNCTION_POLICY_NAME, withPolicyStatements } from '../../support/policy.js';

// The emulator's IAM follows OCI's policy reference (emulator/iam/oci-policy-reference.ts): a
// statement naming a type or verb OCI does not have is refused at load, naming the word; a
// condition on a variable the called service does not supply never matches. The statements the
// project generated before it followed the reference fail here as they would in a tenancy.

const FUNCTION: Principal = {
  kind: 'resource',
  tenancyId: sampleIds.tenancy,
  resourceId: sampleIds.function,
  sessionId: 'session-function',
};
const SCHEDULED_SECRET: Principal = {
  kind: 'resource',
  tenancyId: sampleIds.tenancy,
  resourceId: sampleIds.secretSchedApi,
  sessionId: 'session-secret',
};

function decide(
  state: EmulatorState,
  principal: Principal,
  operation: string,
  params: Record<string, string> = {},
  query: Record<string, string> = {},
): boolean {
  return authorize({ state, principal, operation, params, query: new URLSearchParams(query) }).allowed;
}

/** The sample tenancy with the statement matching `from` replaced by `to` in every policy that has it (the operator's too, which repeats the service grants). */
function replacing(from: RegExp, to: string[]): EmulatorState {
  const state = createSampleTenancy();
  let replaced = 0;
  for (const policy of state.iam!.policies) {
    const index = policy.statements.findIndex((statement) => from.test(statement));
    if (index < 0) continue;
    replaced += 1;
    policy.statements = [...policy.statements.slice(0, index), ...to, ...policy.statements.slice(index + 1)];
  }
  if (replaced === 0) throw new Error(`no statement matches ${from}`);
  return state;
}

describe('statements OCI would refuse', () => {
  it.each([
    [
      'a resource type OCI does not have',
      'Allow dynamic-group cg-credential-responder to read cloud-guard-configuration in tenancy',
      'cloud-guard-configuration',
    ],
    ['a verb OCI does not have', 'Allow dynamic-group cg-credential-responder to publish ons-topics in tenancy', 'publish'],
  ])('refuses a state whose policy names %s, naming the word', (_what, statement, word) => {
    // Prepare
    const state = withPolicyStatements(FUNCTION_POLICY_NAME, [statement]);

    // Act
    const load = () => assertValidState(state);

    // Assess
    expect(load).toThrow(InvalidStateError);
    expect(load).toThrow(`"${word}"`);
  });
});

describe('the statements generated before the policy followed Oracle’s reference', () => {
  it('publishes nothing with a target.topic.id condition: Notifications supplies only the general variables', () => {
    // Prepare
    const old = replacing(/ons-topics/, [
      `Allow dynamic-group cg-credential-responder to use ons-topics in tenancy where all {request.permission = 'ONS_TOPIC_PUBLISH', target.topic.id = '${sampleIds.topic}'}`,
    ]);

    // Act
    const withOld = decide(old, FUNCTION, 'PublishMessage', { topicId: sampleIds.topic });
    const withNew = decide(createSampleTenancy(), FUNCTION, 'PublishMessage', { topicId: sampleIds.topic });

    // Assess
    expect([withOld, withNew]).toEqual([false, true]);
  });

  it('grants no GetNamespace with inspect objectstorage-namespaces: the permission sits under read', () => {
    // Prepare
    const old = replacing(/objectstorage-namespaces/, [
      'Allow dynamic-group cg-credential-responder to inspect objectstorage-namespaces in tenancy',
    ]);

    // Act / Assess
    expect(decide(old, FUNCTION, 'GetNamespace')).toBe(false);
    expect(decide(createSampleTenancy(), FUNCTION, 'GetNamespace')).toBe(true);
  });

  it('lets no secret invoke the Function with "Allow service vaultsecret": Vault calls as the secret’s resource principal', () => {
    // Prepare
    const old = replacing(/fn-invocation/, ['Allow service vaultsecret to use functions-family in tenancy']);

    // Act / Assess
    expect(decide(old, SCHEDULED_SECRET, 'InvokeFunction')).toBe(false);
    expect(decide(createSampleTenancy(), SCHEDULED_SECRET, 'InvokeFunction')).toBe(true);
    expect(decide(createSampleTenancy(), SCHEDULED_SECRET, 'GetFunction')).toBe(true);
    // The secrets' group grants nothing else, and the Function's group nothing of the secrets'.
    expect(decide(createSampleTenancy(), SCHEDULED_SECRET, 'GetSecret', { secretId: sampleIds.secretSchedApi })).toBe(false);
    expect(decide(createSampleTenancy(), FUNCTION, 'InvokeFunction')).toBe(false);
  });

  it('reopens nothing when the condition names a permission the resource type does not grant', () => {
    // Prepare: a permission name `use cloud-guard-problems` does not carry matches no request.
    const guessed = replacing(/use cloud-guard-problems/, [
      'Allow dynamic-group cg-credential-responder to read cloud-guard-problems in tenancy',
      "Allow dynamic-group cg-credential-responder to use cloud-guard-problems in tenancy where request.permission = 'CG_PROBLEM_RESOLVE'",
    ]);
    const params = { problemId: sampleIds.probApi };

    // Act / Assess
    expect(decide(guessed, FUNCTION, 'UpdateProblemStatus', params)).toBe(false);
    expect(decide(createSampleTenancy(), FUNCTION, 'UpdateProblemStatus', params)).toBe(true);
  });
});

describe('conditions on variables', () => {
  it('match a variable the service supplies (Vault’s target.vault.id) and never one it does not (target.topic.id, even with !=)', () => {
    // Prepare
    const vaultScoped = withPolicyStatements(FUNCTION_POLICY_NAME, [
      `Allow dynamic-group cg-credential-responder to read secrets in tenancy where target.vault.id = '${sampleIds.vault}'`,
    ]);
    const notTopic = withPolicyStatements(FUNCTION_POLICY_NAME, [
      "Allow dynamic-group cg-credential-responder to use ons-topics in tenancy where target.topic.id != 'ocid1.onstopic.oc1..other'",
    ]);

    // Act / Assess
    expect(decide(vaultScoped, FUNCTION, 'GetSecret', { secretId: sampleIds.secretApi })).toBe(true);
    expect(decide(notTopic, FUNCTION, 'PublishMessage', { topicId: sampleIds.topic })).toBe(false);
  });

  it('match a general variable on any service (target.compartment.id)', () => {
    // Prepare
    const byCompartment = withPolicyStatements(FUNCTION_POLICY_NAME, [
      `Allow dynamic-group cg-credential-responder to use ons-topics in tenancy where target.compartment.id = '${sampleIds.tenancy}'`,
    ]);

    // Act / Assess
    expect(decide(byCompartment, FUNCTION, 'PublishMessage', { topicId: sampleIds.topic })).toBe(true);
  });
});

describe('the policy reference table', () => {
  it('names its source page for every service and no API operation twice', () => {
    // Act
    const operations = OCI_POLICY_REFERENCE.flatMap((service) =>
      Object.values(service.resourceTypes).flatMap((type) => Object.keys(type.operations)),
    );

    // Assess
    for (const service of OCI_POLICY_REFERENCE) expect(service.source, service.service).toMatch(/^https:\/\/docs\.oracle\.com\//);
    expect(new Set(operations).size).toBe(operations.length);
  });
});
