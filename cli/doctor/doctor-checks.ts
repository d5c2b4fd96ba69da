import common from 'oci-common';
import type { NotificationControlPlaneClient } from 'oci-ons';
import type { OciClients } from '../../functions/cloudguard-responder/src/adapters/oci/oci-clients.js';
import { OciCallError } from '../../functions/cloudguard-responder/src/errors/oci-call-error.js';
import type { ObjectStorageNamespacePort } from '../../functions/cloudguard-responder/src/ports/credential-proof-port.js';
import { explainFailure } from '../describe-failure.js';
import { generatePolicy, type GeneratedPolicy, type PolicyInputs } from '../policy/least-privilege-policy.js';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** The exact change that makes the check pass; null when it passes. */
  fix: string | null;
}

export interface DoctorInputs {
  clients: OciClients;
  topics: NotificationControlPlaneClient;
  /** GetNamespace, as the Function reads it to prove new tokens and keys by use. */
  namespaces: ObjectStorageNamespacePort;
  tenancyId: string;
  /** The signing user: their own credentials are self-service, so the credential check reads someone else's. */
  callerUserId: string;
  /** The Function's configuration; null with the reason when it could not be read. */
  config: { inputs: PolicyInputs } | { error: string; fix: string };
  /** The operator group the doctor signs as (its policy must mirror the Function's). */
  groupName: string;
  /** The user whose credentials to list; default: the user of the newest Cloud Guard problem. */
  userId: string | null;
}

type Attempt<T> = { ok: true; value: T } | { ok: false; status: number; code: string; message: string };

async function attempt<T>(call: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (error instanceof common.OciError) return { ok: false, status: error.statusCode, code: error.serviceCode, message: error.message };
    if (error instanceof OciCallError && error.statusCode !== undefined && error.statusCode !== null)
      return { ok: false, status: error.statusCode, code: error.serviceCode ?? 'Error', message: error.message };
    // No answer at all: say where the call went and why nothing came back, as every command does.
    return { ok: false, status: 0, code: 'NetworkError', message: await explainFailure(error) };
  }
}

/** How a failed call reads in a check's detail: the service's answer, or that none came. */
function answerOf(result: { status: number; code: string; message: string }): string {
  return result.status === 0 ? result.message : `${result.status} ${result.code}`;
}

/**
 * Read-only preflight: each check calls what the Function will call (or the nearest read-only
 * call), as the operator whose group mirrors the Function's policy, and names the statement or
 * setting that is missing when it fails. Nothing is written.
 */
export async function runDoctorChecks(inputs: DoctorInputs): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const config = 'inputs' in inputs.config ? inputs.config.inputs : null;
  const fallback: PolicyInputs = {
    functionId: '<function OCID>',
    functionCompartmentId: null,
    topicId: '<topic OCID>',
    allowedVaultIds: [],
    allowedCompartmentIds: [],
  };
  const base = config ?? fallback;
  const fnPolicy = generatePolicy({ ...base, groupName: null, optional: { ...base.optional, doctor: false } });
  const groupPolicy = generatePolicy({ ...base, groupName: inputs.groupName, optional: { ...base.optional, doctor: true } });
  const fixFor = (operation: string, failure: { status: number; code: string; message: string }): string =>
    statementFix(operation, failure, fnPolicy, groupPolicy, inputs.groupName);

  // 1. The Function's configuration.
  if (!config) {
    const failed = inputs.config as { error: string; fix: string };
    checks.push({ name: 'function-config', ok: false, detail: failed.error, fix: failed.fix });
  } else if (config.allowedVaultIds.length === 0 && config.allowedCompartmentIds.length === 0) {
    checks.push({
      name: 'function-config',
      ok: false,
      detail:
        'CGR_ALLOWED_VAULT_OCIDS and CGR_ALLOWED_COMPARTMENT_OCIDS are both empty: the Function may write secrets in any vault, and its ' +
        'policy cannot be scoped',
      fix:
        'fn config function <app> cloudguard-responder CGR_ALLOWED_VAULT_OCIDS <vault OCID>[,<vault OCID>…] (then regenerate the policy: ' +
        'cg-responder policy)',
    });
  } else {
    checks.push({
      name: 'function-config',
      ok: true,
      detail: `topic ${config.topicId}; vaults ${list(config.allowedVaultIds)}; compartments ${list(config.allowedCompartmentIds)}`,
      fix: null,
    });
  }

  // 2. Home region: IAM writes must go there.
  const regions = await attempt(() => inputs.clients.identity.listRegionSubscriptions({ tenancyId: inputs.tenancyId }));
  if (regions.ok) {
    const home = regions.value.items.find((region) => region.isHomeRegion);
    checks.push(
      home
        ? { name: 'home-region', ok: true, detail: `home region ${home.regionName} (${home.regionKey})`, fix: null }
        : {
            name: 'home-region',
            ok: false,
            detail: 'ListRegionSubscriptions names no home region',
            fix: 'set CGR_IDENTITY_REGION to the home region (Console › Tenancy details)',
          },
    );
  } else {
    checks.push({
      name: 'home-region',
      ok: false,
      detail: `ListRegionSubscriptions failed: ${answerOf(regions)}`,
      fix: fixFor('ListRegionSubscriptions', regions),
    });
  }

  // 3. The SecOps topic and a confirmed subscription.
  if (!config) {
    checks.push({
      name: 'topic',
      ok: false,
      detail: 'no topic to check (see function-config)',
      fix: 'pass --topic <ocid> or set CGR_TOPIC_OCID',
    });
  } else {
    const topic = await attempt(() => inputs.topics.getTopic({ topicId: config.topicId }));
    if (!topic.ok) {
      checks.push({
        name: 'topic',
        ok: false,
        detail: `GetTopic ${config.topicId} failed: ${answerOf(topic)}`,
        fix: fixFor('GetTopic', topic),
      });
    } else {
      const compartmentId = topic.value.notificationTopic.compartmentId;
      const subscriptions = await attempt(() => inputs.clients.notifications.listSubscriptions({ compartmentId, topicId: config.topicId }));
      if (!subscriptions.ok) {
        checks.push({
          name: 'topic',
          ok: false,
          detail: `ListSubscriptions failed: ${answerOf(subscriptions)}`,
          fix: fixFor('ListSubscriptions', subscriptions),
        });
      } else {
        const confirmed = subscriptions.value.items.filter((item) => item.lifecycleState === 'ACTIVE');
        const pending = subscriptions.value.items.filter((item) => item.lifecycleState === 'PENDING');
        if (confirmed.length > 0) {
          checks.push({
            name: 'topic',
            ok: true,
            detail:
              `topic ${topic.value.notificationTopic.name} has ${confirmed.length} confirmed subscription(s): ` +
              `${confirmed.map((item) => `${item.protocol} ${item.endpoint}`).join(', ')}`,
            fix: null,
          });
        } else if (pending.length > 0) {
          checks.push({
            name: 'topic',
            ok: false,
            detail: `subscription(s) not confirmed yet: ${pending.map((item) => `${item.protocol} ${item.endpoint}`).join(', ')}`,
            fix: 'open the confirmation email OCI sent to that address and follow its link (or resend it from the Console › Notifications › Subscriptions)',
          });
        } else {
          checks.push({
            name: 'topic',
            ok: false,
            detail: `topic ${topic.value.notificationTopic.name} has no subscription: reports would reach nobody`,
            fix:
              `oci ons subscription create --compartment-id ${compartmentId} --topic-id ${config.topicId} --protocol EMAIL ` +
              `--subscription-endpoint <SecOps address>`,
          });
        }
      }
    }
  }

  // 4. Each allowed vault's secrets are readable.
  for (const vaultId of config?.allowedVaultIds ?? []) {
    const compartments = config && config.allowedCompartmentIds.length > 0 ? config.allowedCompartmentIds : [inputs.tenancyId];
    const name = `vault ${vaultId}`;
    let listed: Array<{ id: string; secretName: string }> = [];
    let failure: DoctorCheck | null = null;
    for (const compartmentId of compartments) {
      const page = await attempt(() => inputs.clients.vaults.listSecrets({ compartmentId, vaultId }));
      if (!page.ok) {
        failure = {
          name,
          ok: false,
          detail: `ListSecrets in ${compartmentId} failed: ${answerOf(page)}`,
          fix: fixFor('ListSecrets', page),
        };
        break;
      }
      listed = listed.concat(page.value.items.map((item) => ({ id: item.id, secretName: item.secretName })));
    }
    if (!failure && listed.length === 0) {
      failure = {
        name,
        ok: false,
        detail: `no secrets of this vault in ${compartments.join(', ')}`,
        fix: 'set CGR_ALLOWED_COMPARTMENT_OCIDS to the compartment holding the vault’s secrets, or check the vault OCID',
      };
    }
    if (!failure) {
      for (const secret of listed) {
        const read = await attempt(() => inputs.clients.vaults.getSecret({ secretId: secret.id }));
        if (!read.ok) {
          failure = { name, ok: false, detail: `GetSecret ${secret.secretName} failed: ${answerOf(read)}`, fix: fixFor('GetSecret', read) };
          break;
        }
        const versions = await attempt(() => inputs.clients.vaults.listSecretVersions({ secretId: secret.id }));
        if (!versions.ok) {
          failure = {
            name,
            ok: false,
            detail: `ListSecretVersions ${secret.secretName} failed: ${answerOf(versions)}`,
            fix: fixFor('ListSecretVersions', versions),
          };
          break;
        }
      }
    }
    checks.push(
      failure ?? {
        name,
        ok: true,
        detail: `${listed.length} secret(s) readable: ${listed.map((secret) => secret.secretName).join(', ')}`,
        fix: null,
      },
    );
  }

  // 5. Cloud Guard problems are readable.
  let problemUserId: string | null = null;
  /** Why no problem's user can stand in for --user; said in the user-credentials check. */
  let noProblemUser = 'Cloud Guard could not be read: see the cloud-guard check';
  const problems = await attempt(() =>
    inputs.clients.cloudGuard.listProblems({ compartmentId: inputs.tenancyId, compartmentIdInSubtree: true }),
  );
  if (!problems.ok) {
    checks.push({
      name: 'cloud-guard',
      ok: false,
      detail: `ListProblems failed: ${answerOf(problems)}`,
      fix: fixFor('ListProblems', problems),
    });
  } else {
    const first = problems.value.problemCollection.items[0];
    if (!first) {
      noProblemUser = 'no Cloud Guard problem in the tenancy names one yet';
      checks.push({ name: 'cloud-guard', ok: true, detail: 'no problems in the tenancy yet; ListProblems is allowed', fix: null });
    } else {
      const problem = await attempt(() => inputs.clients.cloudGuard.getProblem({ problemId: first.id }));
      const history = problem.ok
        ? await attempt(() => inputs.clients.cloudGuard.listProblemHistories({ problemId: first.id, compartmentId: first.compartmentId }))
        : problem;
      if (!problem.ok)
        checks.push({
          name: 'cloud-guard',
          ok: false,
          detail: `GetProblem failed: ${answerOf(problem)}`,
          fix: fixFor('GetProblem', problem),
        });
      else if (!history.ok)
        checks.push({
          name: 'cloud-guard',
          ok: false,
          detail: `ListProblemHistories failed: ${answerOf(history)}`,
          fix: fixFor('ListProblemHistories', history),
        });
      else {
        problemUserId = problem.value.problem.additionalDetails?.['User OCID'] ?? null;
        noProblemUser =
          problemUserId === null
            ? `problem ${first.id} names no user`
            : `problem ${first.id} names your own user, whose credentials are listable without any policy`;
        checks.push({
          name: 'cloud-guard',
          ok: true,
          detail: `${problems.value.problemCollection.items.length} problem(s) listed; ${first.id} and its history readable`,
          fix: null,
        });
      }
    }
  }

  // 6. Cloud Guard's reporting region, where the Events rule must live.
  const configuration = await attempt(() => inputs.clients.cloudGuard.getConfiguration({ compartmentId: inputs.tenancyId }));
  checks.push(
    configuration.ok
      ? {
          name: 'reporting-region',
          ok: true,
          detail: `Cloud Guard reports to ${configuration.value.configuration.reportingRegion}: create the Events rule there`,
          fix: null,
        }
      : {
          name: 'reporting-region',
          ok: false,
          detail: `GetConfiguration failed: ${answerOf(configuration)}`,
          fix: fixFor('GetConfiguration', configuration),
        },
  );

  // 7. The Object Storage namespace, when new tokens and keys are proven by use (CGR_PROVE_BY_USE).
  if (config?.optional?.proveByUse !== false) {
    const namespace = await attempt(() => inputs.namespaces.getNamespace());
    checks.push(
      namespace.ok
        ? {
            name: 'object-storage-namespace',
            ok: true,
            detail: `namespace ${namespace.value}: new auth tokens and secret keys can be proven by use`,
            fix: null,
          }
        : {
            name: 'object-storage-namespace',
            ok: false,
            detail: `GetNamespace failed: ${answerOf(namespace)}`,
            fix: fixFor('GetNamespace', namespace),
          },
    );
  }

  // 8. A user's credentials are listable (someone else's: one's own are self-service).
  const userId = inputs.userId ?? (problemUserId !== inputs.callerUserId ? problemUserId : null);
  if (!userId) {
    checks.push({
      name: 'user-credentials',
      ok: false,
      detail: `no user to check (${noProblemUser})`,
      fix: 'pass --user <user OCID> (any user other than yourself)',
    });
  } else {
    const calls = [
      ['GetUser', () => inputs.clients.identity.getUser({ userId })],
      ['ListApiKeys', () => inputs.clients.identity.listApiKeys({ userId })],
      ['ListAuthTokens', () => inputs.clients.identity.listAuthTokens({ userId })],
      ['ListCustomerSecretKeys', () => inputs.clients.identity.listCustomerSecretKeys({ userId })],
    ] as const;
    let failed: DoctorCheck | null = null;
    for (const [operation, call] of calls) {
      const result = await attempt<unknown>(call);
      if (!result.ok) {
        failed = {
          name: 'user-credentials',
          ok: false,
          detail: `${operation} ${userId} failed: ${answerOf(result)}`,
          fix: fixFor(operation, result),
        };
        break;
      }
    }
    const self = userId === inputs.callerUserId ? ' (your own user: allowed without policy, so this proves little)' : '';
    checks.push(
      failed ?? {
        name: 'user-credentials',
        ok: true,
        detail: `user ${userId}: API keys, auth tokens and customer secret keys listable${self}`,
        fix: null,
      },
    );
  }
  return checks;
}

/** The fix for a failed call: the statement that grants it (404 NotAuthorizedOrNotFound), else what the error says. */
function statementFix(
  operation: string,
  failure: { status: number; code: string; message: string },
  fnPolicy: GeneratedPolicy,
  groupPolicy: GeneratedPolicy,
  groupName: string,
): string {
  if (failure.status === 0) return 'check --endpoint (or the region in the OCI config), the network and any proxy: the call got no answer';
  if (failure.status === 401) return 'the request was not authenticated: check --profile / --config-file (key file, fingerprint, tenancy)';
  if (failure.status === 404 && failure.code === 'NotFound')
    return `the endpoint does not implement ${operation}: point --endpoint at OCI or a newer emulator`;
  if (failure.status !== 404) return `${operation} answered ${failure.status} ${failure.code}: ${failure.message}`;
  const forGroup = groupPolicy.entries.find(
    (entry) =>
      entry.operations.includes(operation) ||
      (operation === 'ListSecrets' && entry.operations.includes('GetSecret')) ||
      (operation === 'ListProblems' && entry.operations.includes('GetProblem')),
  );
  const forFunction = fnPolicy.entries.find(
    (entry) => entry.statement.replace(`dynamic-group ${fnPolicy.dynamicGroup.name}`, `group ${groupName}`) === forGroup?.statement,
  );
  if (!forGroup) return `no statement of the generated policy covers ${operation}; the resource may not exist`;
  const functionPart = forFunction ? ` The Function's dynamic group needs: ${forFunction.statement}` : '';
  return `missing statement (or the resource does not exist). Add to the policy of group ${groupName}: ${forGroup.statement}.${functionPart}`;
}

function list(values: readonly string[]): string {
  return values.length === 0 ? 'any' : values.join(', ');
}
