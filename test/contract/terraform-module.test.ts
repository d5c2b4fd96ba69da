import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generatePolicy, type PolicyInputs } from '../../cli/policy/least-privilege-policy.js';
import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };
import { SAMPLE_POLICY_INPUTS } from '../support/policy.js';

// deploy/terraform must create exactly what `cg-responder policy` prints. HashiCorp's HCL parser
// (@cdktf/hcl2json, Go's hashicorp/hcl compiled to WebAssembly) checks how the root module wires
// the policy module's outputs; the Terraform binary, where present, evaluates the policy module
// for several configurations and its strings must equal the generator's, byte for byte.

const MODULE_DIR = join(import.meta.dirname, '..', '..', 'deploy', 'terraform');
const TERRAFORM = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
const TF_ENV = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0' };

type Hcl2Json = { parse(filename: string, contents: string): Promise<Record<string, unknown>> };

/** The parser, or a clear failure: it is a devDependency the project must have. */
async function hclParser(): Promise<Hcl2Json> {
  for (const name of ['@cdktf/hcl2json', '@cdktn/hcl2json']) {
    try {
      return (await import(name)) as Hcl2Json;
    } catch {
      // try the next name
    }
  }
  throw new Error('HashiCorp HCL parser missing: add the devDependency "@cdktf/hcl2json" (0.21.0) to package.json and npm install.');
}

async function parseTf(file: string): Promise<Record<string, Record<string, Array<Record<string, unknown>>>>> {
  const parser = await hclParser();
  return (await parser.parse(file, readFileSync(join(MODULE_DIR, file), 'utf8'))) as Record<
    string,
    Record<string, Array<Record<string, unknown>>>
  >;
}

describe('deploy/terraform, parsed with HashiCorp HCL', () => {
  it('creates the dynamic group, policy and Events rule from the policy module, and the topic, subscription, application and function', async () => {
    // Act
    const main = await parseTf('main.tf');

    // Assess
    const resource = main['resource'] as unknown as Record<string, Record<string, Array<Record<string, unknown>>>>;
    expect(Object.keys(resource).sort()).toEqual(
      [
        'oci_events_rule',
        'oci_functions_application',
        'oci_functions_function',
        'oci_identity_dynamic_group',
        'oci_identity_policy',
        'oci_ons_notification_topic',
        'oci_ons_subscription',
      ].sort(),
    );
    expect(resource['oci_identity_dynamic_group']?.['vault_secrets']?.[0]?.['matching_rule']).toBe('${each.value}');
    expect(main['module']?.['policy']?.[0]?.['topic_compartment_id']).toBe('${var.compartment_ocid}');
    expect(resource['oci_identity_policy']?.['responder']?.[0]?.['statements']).toBe('${module.policy.statements}');
    expect(resource['oci_identity_dynamic_group']?.['responder']?.[0]?.['matching_rule']).toBe('${module.policy.matching_rule}');
    expect(resource['oci_events_rule']?.['remediated']?.[0]?.['condition']).toBe('${module.policy.events_condition}');
    expect(resource['oci_ons_subscription']?.['secops_email']?.[0]).toMatchObject({ protocol: 'EMAIL', endpoint: '${var.secops_email}' });
    expect(main['module']?.['policy']?.[0]?.['source']).toBe('./policy');
  });

  it("gives the Function the 300 s timeout Oracle advises for functions Vault's secret rotation calls", async () => {
    // Act
    const variables = (await parseTf('variables.tf'))['variable'] as unknown as Record<string, Array<Record<string, unknown>>>;

    // Assess
    expect(variables['function_timeout_seconds']?.[0]?.['default']).toBe(300);
  });

  it('declares the variables for compartments, the SecOps email, the allowed vaults and the image, each in schema.yaml', async () => {
    // Act
    const variables = Object.keys((await parseTf('variables.tf'))['variable'] ?? {});
    const schema = readFileSync(join(MODULE_DIR, 'schema.yaml'), 'utf8');

    // Assess
    expect(variables).toEqual(
      expect.arrayContaining([
        'compartment_ocid',
        'tenancy_ocid',
        'secops_email',
        'allowed_vault_ocids',
        'allowed_compartment_ocids',
        'image',
      ]),
    );
    for (const name of variables) expect(schema, `schema.yaml lists ${name}`).toMatch(new RegExp(`^  ${name}:`, 'm'));
  });
});

const CONFIGURATIONS: Record<string, PolicyInputs> = {
  sample: SAMPLE_POLICY_INPUTS,
  wide: {
    ...SAMPLE_POLICY_INPUTS,
    allowedVaultIds: [],
    allowedCompartmentIds: [],
    optional: { versionHygiene: true, reopenProblems: false, proveByUse: false },
  },
  // Vault rotation over two compartments: one dynamic group of secrets for each.
  compartments: {
    ...SAMPLE_POLICY_INPUTS,
    functionCompartmentId: 'ocid1.compartment.oc1..aaaaaaaafunctions',
    allowedCompartmentIds: ['ocid1.compartment.oc1..aaaaaaaasecretsa', 'ocid1.compartment.oc1..aaaaaaaasecretsb'],
    optional: { vaultRotation: true },
  },
  // The doctor's reads asked for without an operator group: neither side grants them to the Function.
  doctorWithoutGroup: { ...SAMPLE_POLICY_INPUTS, optional: { doctor: true } },
  narrow: {
    ...SAMPLE_POLICY_INPUTS,
    functionCompartmentId: 'ocid1.compartment.oc1..aaaaaaaafunctions',
    topicCompartmentId: 'ocid1.compartment.oc1..aaaaaaaasecopstopic',
    allowedVaultIds: [sampleIds.vault, 'ocid1.vault.oc1.iad.aaaaaaaasecondvault'],
    allowedCompartmentIds: ['ocid1.compartment.oc1..aaaaaaaasecrets', sampleIds.tenancy],
    groupName: 'cg-responder-operators',
    optional: { reopenProblems: true, versionHygiene: true, vaultRotation: true, doctor: true },
  },
};

function hclString(value: string | null | undefined): string {
  return value === null || value === undefined ? 'null' : JSON.stringify(value);
}

function moduleBlock(name: string, inputs: PolicyInputs): string {
  return `module "${name}" {
  source                  = ${JSON.stringify(join(MODULE_DIR, 'policy'))}
  function_id             = ${hclString(inputs.functionId)}
  function_compartment_id = ${hclString(inputs.functionCompartmentId)}
  topic_id                = ${hclString(inputs.topicId)}
  topic_compartment_id    = ${hclString(inputs.topicCompartmentId)}
  allowed_vault_ids       = ${JSON.stringify(inputs.allowedVaultIds)}
  allowed_compartment_ids = ${JSON.stringify(inputs.allowedCompartmentIds)}
  group_name              = ${hclString(inputs.groupName)}
  reopen_problems         = ${String(inputs.optional?.reopenProblems ?? true)}
  prove_by_use            = ${String(inputs.optional?.proveByUse ?? true)}
  version_hygiene         = ${String(inputs.optional?.versionHygiene ?? true)}
  vault_rotation          = ${String(inputs.optional?.vaultRotation ?? false)}
  doctor                  = ${String(inputs.optional?.doctor ?? false)}
}
output "${name}" {
  value = { statements = module.${name}.statements, matching_rule = module.${name}.matching_rule, events_condition = module.${name}.events_condition, vault_secret_dynamic_groups = module.${name}.vault_secret_dynamic_groups }
}
`;
}

describe('deploy/terraform/policy, evaluated by Terraform', () => {
  const workDir = mkdtempSync(join(tmpdir(), 'cgr-tf-'));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it.skipIf(!TERRAFORM)(
    'produces the same statements, matching rules and rule condition as cg-responder policy (skipped when terraform is not installed)',
    () => {
      // Prepare
      writeFileSync(
        join(workDir, 'main.tf'),
        Object.entries(CONFIGURATIONS)
          .map(([name, inputs]) => moduleBlock(name, inputs))
          .join('\n'),
      );

      // Act
      execFileSync('terraform', ['init', '-no-color'], { cwd: workDir, env: TF_ENV, stdio: 'pipe' });
      execFileSync('terraform', ['apply', '-auto-approve', '-no-color'], { cwd: workDir, env: TF_ENV, stdio: 'pipe' });
      const outputs = JSON.parse(execFileSync('terraform', ['output', '-json'], { cwd: workDir, env: TF_ENV, encoding: 'utf8' })) as Record<
        string,
        {
          value: {
            statements: string[];
            matching_rule: string;
            events_condition: string;
            vault_secret_dynamic_groups: Array<{ name: string; matching_rule: string }>;
          };
        }
      >;

      // Assess
      for (const [name, inputs] of Object.entries(CONFIGURATIONS)) {
        const generated = generatePolicy(inputs);
        const terraform = outputs[name]?.value;
        expect(terraform?.statements, `${name}: statements`).toEqual(generated.statements);
        expect(terraform?.matching_rule, `${name}: matching rule`).toBe(generated.dynamicGroup.matchingRule);
        expect(terraform?.events_condition, `${name}: Events rule condition`).toBe(generated.eventsRule.condition);
        expect(terraform?.vault_secret_dynamic_groups, `${name}: dynamic groups of secrets`).toEqual(
          generated.vaultSecretDynamicGroups.map((group) => ({ name: group.name, matching_rule: group.matchingRule })),
        );
      }
    },
  );

  it.skipIf(!TERRAFORM)('is formatted (terraform fmt -check; skipped when terraform is not installed)', () => {
    // Act
    const result = spawnSync('terraform', ['fmt', '-check', '-recursive', MODULE_DIR], { env: TF_ENV, encoding: 'utf8' });

    // Assess
    expect(result.stdout, 'files terraform fmt would change').toBe('');
    expect(result.status).toBe(0);
  });
});
