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

Exit code: 0; 2 for a usage error (a missing or malformed setting, named).`;

export const policyCommand: Command = {
  name: 'policy',
  usage: USAGE,
  run: async (argv, io) => {
    const { values } = parseCommandArgs(argv, { ...POLICY_FLAG_OPTIONS, json: { type: 'boolean', default: false } }, false);
    const inputs = policyInputsFrom(values, process.env, { requireFunctionId: true });
    const policy = generatePolicy(inputs);
    io.stdout.write(values.json ? `${JSON.stringify(policy)}\n` : `${renderPolicy(policy, inputs.functionId)}\n`);
    return 0;
  },
};
