import { loadConfig } from '../../functions/cloudguard-responder/src/config.js';
import { ConfigError } from '../../functions/cloudguard-responder/src/errors/config-error.js';
import { UsageError } from '../usage-error.js';
import type { PolicyInputs } from './least-privilege-policy.js';

/** Flags `policy` and `doctor` share: the Function's configuration, overriding CGR_*. */
export const POLICY_FLAG_OPTIONS = {
  'function-id': { type: 'string' },
  'function-compartment': { type: 'string' },
  topic: { type: 'string' },
  'topic-compartment': { type: 'string' },
  'allowed-vaults': { type: 'string' },
  'allowed-compartments': { type: 'string' },
  group: { type: 'string' },
  'dynamic-group': { type: 'string' },
  'without-version-hygiene': { type: 'boolean', default: false },
  'vault-rotation': { type: 'boolean', default: false },
  doctor: { type: 'boolean', default: false },
} as const;

export const POLICY_FLAG_USAGE = `  --function-id <ocid>        the Function (default $FN_FN_ID, which Fn sets inside the Function)
  --function-compartment <id> compartment of the Function (default: the tenancy)
  --topic <ocid>              ONS topic (default $CGR_TOPIC_OCID)
  --topic-compartment <id>    compartment of the topic: publishing is scoped to it, since
                              Notifications has no per-topic condition (default: the tenancy)
  --allowed-vaults <ocids>    comma list (default $CGR_ALLOWED_VAULT_OCIDS)
  --allowed-compartments <ids> comma list (default $CGR_ALLOWED_COMPARTMENT_OCIDS)
  --group <name>              grant to this IAM group instead of the dynamic group
  --dynamic-group <name>      dynamic group name (default cg-credential-responder)
  (UpdateProblemStatus and GetNamespace follow CGR_REOPEN_PROBLEMS and CGR_PROVE_BY_USE, on by default)
  --without-version-hygiene   leave out the ScheduleSecretVersionDeletion statement (the Function then
                              reports, and skips, the clean-up of its old DEPRECATED versions)
  --vault-rotation            add the optional statement letting Vault rotation invoke the Function
  --doctor                    with --group: add the reads cg-responder doctor needs (never for the Function)`;

type FlagValues = {
  [K in keyof typeof POLICY_FLAG_OPTIONS]?: (typeof POLICY_FLAG_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

/**
 * The policy inputs from the same configuration the Function reads (loadConfig over CGR_*), with
 * flags overriding it. A bad value is a usage error naming the setting, never its value.
 */
export function policyInputsFrom(
  values: FlagValues,
  env: Readonly<Record<string, string | undefined>>,
  options: { requireFunctionId: boolean },
): PolicyInputs & { functionId: string } {
  const overrides: Record<string, string> = {};
  if (values.topic) overrides['CGR_TOPIC_OCID'] = values.topic;
  if (values['allowed-vaults']) overrides['CGR_ALLOWED_VAULT_OCIDS'] = values['allowed-vaults'];
  if (values['allowed-compartments']) overrides['CGR_ALLOWED_COMPARTMENT_OCIDS'] = values['allowed-compartments'];
  const cgr = Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith('CGR_')));
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ ...cgr, ...overrides });
  } catch (error) {
    if (error instanceof ConfigError)
      throw new UsageError(`${error.message.replace('CGR_TOPIC_OCID is required', 'the topic is required (--topic or CGR_TOPIC_OCID)')}`);
    throw error;
  }
  const functionId = values['function-id'] ?? env['FN_FN_ID'] ?? '';
  if (options.requireFunctionId && !/^ocid1\.fnfunc\.oc[0-9]+\.[a-z0-9_-]*\.[a-z0-9]+$/.test(functionId)) {
    throw new UsageError(
      functionId
        ? '--function-id must be a Function OCID (ocid1.fnfunc.…)'
        : 'the Function OCID is required (--function-id, or $FN_FN_ID inside the Function)',
    );
  }
  if (values.doctor === true && !values.group)
    throw new UsageError(
      "--doctor adds the reads cg-responder doctor needs to an operator's group: add --group <name> (the Function never needs them)",
    );
  const compartment = values['function-compartment'] ?? null;
  if (compartment !== null && !/^ocid1\.(compartment|tenancy)\./.test(compartment))
    throw new UsageError('--function-compartment must be a compartment or tenancy OCID');
  const topicCompartment = values['topic-compartment'] ?? null;
  if (topicCompartment !== null && !/^ocid1\.(compartment|tenancy)\./.test(topicCompartment))
    throw new UsageError('--topic-compartment must be a compartment or tenancy OCID');
  return {
    functionId,
    functionCompartmentId: compartment,
    topicId: config.topicId,
    topicCompartmentId: topicCompartment,
    allowedVaultIds: config.allowedVaultIds,
    allowedCompartmentIds: config.allowedCompartmentIds,
    ...(values['dynamic-group'] ? { dynamicGroupName: values['dynamic-group'] } : {}),
    groupName: values.group ?? null,
    optional: {
      reopenProblems: config.reopenProblems,
      proveByUse: config.proveByUse,
      versionHygiene: values['without-version-hygiene'] !== true,
      vaultRotation: values['vault-rotation'] === true,
      doctor: values.doctor === true,
    },
  };
}
