import type { Command } from '../command.js';
import { generatePolicy } from '../policy/least-privilege-policy.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { POLICY_FLAG_OPTIONS, POLICY_FLAG_USAGE, policyInputsFrom } from '../policy/policy-inputs.js';
import { renderPolicy } from '../policy/render-policy.js';

const USAGE = `Usage: cg-responder policy [options]

Prints what an administrator creates so the Function may do its job and nothing more, from
the Function's own configuration (CGR_* environment, as in the Function; flags override):
the dynamic group and its matching rule, the least-privilege policy statements, and the
Events rule condition.

${POLICY_FLAG_USAGE}
  --json                      one JSON object: {dynamicGroup, statements, entries, eventsRule}

Without --allowed-vaults or --allowed-compartments the secret statements reach every secret in
the tenancy; the policy is still printed, with a warning on stderr (doctor fails that setting).

Exit code: 0; 2 for a usage error (a missing or malformed setting, named).`;

/**
 * The secret statements are scoped by the allow-lists; without one they grant every secret in
 * the tenancy (read secret-bundles in tenancy), which doctor reports as a failure. The policy is
 * still printed (an administrator may mean it), but never without a word.
 */
const UNSCOPED_WARNING =
  'warning: no allow-list scopes the secret statements, so they grant every secret in the tenancy (including read secret-bundles in tenancy). ' +
  'Pass --allowed-vaults <ocids> or --allowed-compartments <ids> (or set CGR_ALLOWED_VAULT_OCIDS / CGR_ALLOWED_COMPARTMENT_OCIDS); ' +
  'cg-responder doctor reports this configuration as a failure.\n';

export const policyCommand: Command = {
  name: 'policy',
  usage: USAGE,
  run: async (argv, io) => {
    const { values } = parseCommandArgs(argv, { ...POLICY_FLAG_OPTIONS, json: { type: 'boolean', default: false } }, false);
    const inputs = policyInputsFrom(values, process.env, { requireFunctionId: true });
    const policy = generatePolicy(inputs);
    if (inputs.allowedVaultIds.length === 0 && inputs.allowedCompartmentIds.length === 0) io.stderr.write(UNSCOPED_WARNING);
    io.stdout.write(values.json ? `${JSON.stringify(policy)}\n` : `${renderPolicy(policy, inputs.functionId)}\n`);
    return 0;
  },
};
