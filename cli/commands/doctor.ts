import { NotificationControlPlaneClient } from 'oci-ons';
import { createOciClients } from '../../functions/cloudguard-responder/src/adapters/oci/oci-clients.js';
import { createOciNamespaceReader } from '../../functions/cloudguard-responder/src/adapters/oci/oci-namespace-reader.js';
import { namespaceUrl } from '../../functions/cloudguard-responder/src/adapters/oci/object-storage-endpoints.js';
import { OciCallError } from '../../functions/cloudguard-responder/src/errors/oci-call-error.js';
import type { ObjectStorageNamespacePort } from '../../functions/cloudguard-responder/src/ports/credential-proof-port.js';
import { clientConfiguration } from '../../functions/cloudguard-responder/src/adapters/oci/retry-policy.js';
import type { Command } from '../command.js';
import { runDoctorChecks, type DoctorCheck, type DoctorInputs } from '../doctor/doctor-checks.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { policyInputsFrom } from '../policy/policy-inputs.js';
import { UsageError } from '../usage-error.js';
import { endpointOption } from '../endpoint-option.js';
import { loadOciConfig } from '../load-oci-config.js';

const USAGE = `Usage: cg-responder doctor [options]

Read-only preflight against a tenancy, before the first real event: signs as your OCI config
profile (a user in a group whose policy mirrors the Function's: cg-responder policy --group
<name> --doctor) and checks, without changing anything:
  function-config   the Function's configuration (CGR_* or flags) is complete
  home-region       the tenancy's home region can be found (IAM writes go there)
  topic             the SecOps topic exists and has a confirmed subscription
  vault <ocid>      each allowed vault's secrets are readable
  cloud-guard       Cloud Guard problems and their history are readable
  reporting-region  Cloud Guard's reporting region (where the Events rule goes) can be read
  object-storage-namespace  the namespace proofs by use need (unless CGR_PROVE_BY_USE=false)
  user-credentials  a user's API keys, auth tokens and customer secret keys are listable
Each failed check names the missing statement or setting and the exact fix. What cannot be
tried without a change is not tried: creating or deleting credentials, writing or reading a
secret's value, publishing to the topic.

  --profile <name>          OCI config profile (default DEFAULT)
  --config-file <file>      OCI config file (default ~/.oci/config)
  --endpoint <url>          send every call to this base URL (e.g. cg-responder emulator)
  --topic <ocid>            ONS topic (default $CGR_TOPIC_OCID)
  --allowed-vaults <ocids>  default $CGR_ALLOWED_VAULT_OCIDS
  --allowed-compartments <ids> default $CGR_ALLOWED_COMPARTMENT_OCIDS
  --group <name>            the group you sign as, for the fixes (default cg-responder-operators)
  --user <ocid>             user whose credentials to list (default: the newest problem's user)
  --json                    one JSON object: {checks: [{name, ok, detail, fix}]}

Exit code: 0 when every check passes; 1 when one fails; 2 for a usage error.`;

export const doctorCommand: Command = {
  name: 'doctor',
  usage: USAGE,
  run: async (argv, io) => {
    const { values } = parseCommandArgs(
      argv,
      {
        profile: { type: 'string', default: 'DEFAULT' },
        'config-file': { type: 'string' },
        endpoint: { type: 'string' },
        topic: { type: 'string' },
        'allowed-vaults': { type: 'string' },
        'allowed-compartments': { type: 'string' },
        group: { type: 'string', default: 'cg-responder-operators' },
        user: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      false,
    );
    const endpoint = endpointOption(values.endpoint, { regionPath: false });
    if (values.user !== undefined && !values.user.startsWith('ocid1.user.'))
      throw new UsageError('--user must be a user OCID (ocid1.user.…)');
    const provider = loadOciConfig(values['config-file'] ?? null, values.profile);

    let config: DoctorInputs['config'];
    try {
      const flags = {
        ...(values.topic ? { topic: values.topic } : {}),
        ...(values['allowed-vaults'] ? { 'allowed-vaults': values['allowed-vaults'] } : {}),
        ...(values['allowed-compartments'] ? { 'allowed-compartments': values['allowed-compartments'] } : {}),
      };
      config = { inputs: policyInputsFrom(flags, process.env, { requireFunctionId: false }) };
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      config = {
        error: error.message,
        fix:
          'set it in the Function (fn config function <app> cloudguard-responder <KEY> <value>) and pass the same here (--topic, ' +
          '--allowed-vaults, --allowed-compartments or CGR_*)',
      };
    }

    const clients = createOciClients({ provider, endpoint });
    const topics = new NotificationControlPlaneClient({ authenticationDetailsProvider: provider }, clientConfiguration());
    if (endpoint) topics.endpoint = endpoint.replace('{region}', provider.getRegion()?.regionId ?? '');
    const region = provider.getRegion()?.regionId ?? 'us-ashburn-1';
    const namespaces = withRequestEndpoint(createOciNamespaceReader({ provider, region, endpoint }), namespaceUrl(region, endpoint));

    const checks = await withoutSdkWarnings(() =>
      runDoctorChecks({
        clients,
        topics,
        namespaces,
        tenancyId: provider.getTenantId(),
        callerUserId: provider.getUser(),
        config,
        groupName: values.group,
        userId: values.user ?? null,
      }),
    );
    io.stdout.write(
      values.json ? `${JSON.stringify({ checks })}\n` : `${renderChecks(checks, endpoint ?? provider.getRegion()?.regionId ?? 'OCI')}\n`,
    );
    return checks.every((check) => check.ok) ? 0 : 1;
  },
};

function renderChecks(checks: DoctorCheck[], target: string): string {
  const lines = [`cg-responder doctor · ${target}`, ''];
  for (const check of checks) {
    lines.push(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
    if (check.fix) lines.push(`     fix: ${check.fix}`);
  }
  const passed = checks.filter((check) => check.ok).length;
  lines.push('', `${passed} of ${checks.length} checks passed.`);
  return lines.join('\n');
}

/**
 * GetNamespace that got no answer, marked with where it was sent (as the SDK marks its own
 * calls), so its check says "no answer from <host> to GET /n: <why>" like every other check.
 */
function withRequestEndpoint(reader: ObjectStorageNamespacePort, url: URL): ObjectStorageNamespacePort {
  return {
    getNamespace: () =>
      reader.getNamespace().catch((error: unknown) => {
        if (error instanceof OciCallError && !error.answered) Object.assign(error, { requestEndpoint: `GET ${url.toString()}` });
        throw error;
      }),
  };
}

/** The OCI SDK console.warns every failed call (runtime-notes §2); the doctor reports them itself. */
async function withoutSdkWarnings<T>(run: () => Promise<T>): Promise<T> {
  const original = console.warn;
  console.warn = () => undefined;
  try {
    return await run();
  } finally {
    console.warn = original;
  }
}
