import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import common from 'oci-common';
import { createSampleTenancy, type OciEmulator } from '../../emulator/index.js';
import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };
import type { EmulatorState } from '../../emulator/state/types.js';
import { generatePolicy, type PolicyInputs } from '../../cli/policy/least-privilege-policy.js';
import { nextPooledKeyPair } from './key-pool.js';

/** The sample Function's configuration, as `cg-responder policy` reads it from CGR_*. */
export const SAMPLE_POLICY_INPUTS: PolicyInputs = {
  functionId: sampleIds.function,
  functionCompartmentId: sampleIds.tenancy,
  topicId: sampleIds.topic,
  allowedVaultIds: [sampleIds.vault],
  allowedCompartmentIds: [],
  // The sample secrets name the Function as their Vault rotation target (scheduled rotation).
  optional: { vaultRotation: true },
};

export const OPERATOR_GROUP = 'cg-responder-operators';
/** The operator's group gets the Function's statements, the reads `cg-responder doctor` needs and RotateSecret (`rotate-secret --endpoint`). */
export const OPERATOR_POLICY_INPUTS: PolicyInputs = {
  ...SAMPLE_POLICY_INPUTS,
  groupName: OPERATOR_GROUP,
  optional: { ...SAMPLE_POLICY_INPUTS.optional, doctor: true },
};
export const FUNCTION_POLICY_NAME = 'cg-credential-responder';
export const OPERATOR_POLICY_NAME = 'cg-responder-operator';

/** The sample tenancy with the statements of one of its two policies replaced. */
export function withPolicyStatements(
  policyName: string,
  statements: string[],
  state: EmulatorState = createSampleTenancy(),
): EmulatorState {
  const next = structuredClone(state);
  const policy = next.iam?.policies.find((candidate) => candidate.name === policyName);
  if (!policy) throw new Error(`the state has no policy named ${policyName}`);
  policy.statements = statements;
  return next;
}

/** The sample tenancy where both the Function and the operator have the generated policy minus one statement. */
export function withoutStatement(responderStatementIndex: number): EmulatorState {
  const fn = generatePolicy(SAMPLE_POLICY_INPUTS).statements;
  const operator = generatePolicy(OPERATOR_POLICY_INPUTS).statements;
  const drop = (list: string[]): string[] => list.filter((_statement, index) => index !== responderStatementIndex);
  return withPolicyStatements(OPERATOR_POLICY_NAME, drop(operator), withPolicyStatements(FUNCTION_POLICY_NAME, drop(fn)));
}

/**
 * The four variables Fn sets for a Function's resource principal: its own session key (the PEM
 * itself, or with `pemDir` the path of a 0600 file holding it, as Fn passes it to the container)
 * and an RPST the emulator issued for `resourceId`.
 */
export function resourcePrincipalVariables(
  emulator: OciEmulator,
  resourceId: string,
  options: { compartmentId?: string; pemDir?: string } = {},
): Record<string, string> {
  const { publicKeyPem, privateKeyPem: privatePem } = nextPooledKeyPair();
  const rpst = emulator.issueResourcePrincipalToken({
    publicKeyPem,
    resourceId,
    ...(options.compartmentId ? { compartmentId: options.compartmentId } : {}),
  });
  let pem = privatePem;
  if (options.pemDir) {
    pem = join(options.pemDir, 'rp-private.pem');
    writeFileSync(pem, privatePem, { flag: 'wx', mode: 0o600 });
  }
  return {
    OCI_RESOURCE_PRINCIPAL_VERSION: '2.2',
    OCI_RESOURCE_PRINCIPAL_RPST: rpst,
    OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM: pem,
    OCI_RESOURCE_PRINCIPAL_REGION: 'us-ashburn-1',
  };
}

/** The provider a Function gets in OCI, read from `resourcePrincipalVariables` (restored at once). */
export function resourcePrincipalProvider(
  emulator: OciEmulator,
  resourceId: string,
  compartmentId?: string,
): common.ResourcePrincipalAuthenticationDetailsProvider {
  const variables = resourcePrincipalVariables(emulator, resourceId, compartmentId ? { compartmentId } : {});
  const saved = Object.keys(variables).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, variables);
  try {
    return common.ResourcePrincipalAuthenticationDetailsProvider.builder();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
