import { PROBLEM_CREDENTIAL_TYPES } from '../../functions/cloudguard-responder/src/domain/credential-type.js';
import { POLICY_SOURCES } from './policy-sources.js';

/**
 * Everything an administrator creates so the Function may do its job and nothing more, computed
 * from the Function's own configuration. Pure: the `policy` and `doctor` commands, the sample
 * tenancy test and the Terraform equality test all call this one function.
 *
 * Statement by statement, each grants the permissions of the operations listed beside it and no
 * other operation the responder does not call, and names the page of Oracle's policy reference it
 * follows (verb → permission tables: emulator/iam/oci-policy-reference.ts; docs/policy.md).
 */
export interface PolicyInputs {
  /** The Function's OCID: the dynamic group matches exactly this resource. */
  functionId: string;
  /** Where the Function lives: the Events (and Vault) services are allowed to invoke functions there. null: the tenancy. */
  functionCompartmentId: string | null;
  /** CGR_TOPIC_OCID. */
  topicId: string;
  /**
   * The topic's compartment: Notifications supports only the general variables, so publishing is
   * scoped by compartment, not by topic. null or absent: the tenancy (wide; give the topic a
   * compartment of its own).
   */
  topicCompartmentId?: string | null;
  /** CGR_ALLOWED_VAULT_OCIDS; empty: secrets in any vault (wide). */
  allowedVaultIds: readonly string[];
  /** CGR_ALLOWED_COMPARTMENT_OCIDS; empty: the whole tenancy. */
  allowedCompartmentIds: readonly string[];
  /** Default `cg-credential-responder`. */
  dynamicGroupName?: string;
  /** Grant to this IAM group instead of the dynamic group (an operator running the CLI live, or the doctor). */
  groupName?: string | null;
  optional?: Partial<OptionalGrants>;
}

/** Each grant follows one setting; the first two are on by default, as in the Function (CGR_REOPEN_PROBLEMS, CGR_PROVE_BY_USE). */
export interface OptionalGrants {
  /** UpdateProblemStatus: reopen the Cloud Guard problem after a failed rotation (CGR_REOPEN_PROBLEMS). */
  reopenProblems: boolean;
  /** GetNamespace: prove a new auth token or customer secret key by using it against Object Storage (CGR_PROVE_BY_USE). */
  proveByUse: boolean;
  /** ScheduleSecretVersionDeletion: delete the responder's own DEPRECATED versions (version hygiene). */
  versionHygiene: boolean;
  /** Let the secrets' resource principals invoke the Function for Vault's scheduled rotation. */
  vaultRotation: boolean;
  /** Reads only `cg-responder doctor` needs (the topic and its subscriptions): for the operator's group, never the Function. */
  doctor: boolean;
}

export interface PolicyEntry {
  statement: string;
  /** The OCI operations this statement exists for. */
  operations: readonly string[];
  why: string;
  /** The page of Oracle's reference the statement follows. */
  source: string;
  /** null: always required. Otherwise the optional grant that adds it and what it enables. */
  optional: { setting: keyof OptionalGrants; flag: string; enables: string } | null;
  /**
   * Statements for another service (Events, Vault) act on the Function, not on behalf of it;
   * `operator` ones are for a person's group only (never the Function's dynamic group).
   */
  subject: 'responder' | 'service' | 'operator';
}

export interface DynamicGroupDefinition {
  name: string;
  description: string;
  matchingRule: string;
}

export interface GeneratedPolicy {
  dynamicGroup: DynamicGroupDefinition;
  /**
   * With Vault rotation: the secrets, as resource principals of type `vaultsecret`, that may invoke
   * the Function; one group per allowed compartment (a matching rule cannot nest ANY in ALL).
   * Empty without Vault rotation.
   */
  vaultSecretDynamicGroups: DynamicGroupDefinition[];
  /** The subject every responder statement names: `dynamic-group <name>` or `group <name>`. */
  subject: string;
  /** The statements to create, in OCI's grammar: required ones plus the optional ones asked for. */
  statements: string[];
  /** Every statement with its reason, including optional ones not asked for (`enabled: false`). */
  entries: Array<PolicyEntry & { enabled: boolean }>;
  eventsRule: { displayName: string; description: string; condition: string; compartment: string };
}

export const DEFAULT_DYNAMIC_GROUP_NAME = 'cg-credential-responder';
export const EVENT_TYPE_REMEDIATED = 'com.oraclecloud.cloudguard.problemremediated';

/**
 * The Events rule condition (oci-behaviour §2: fields not named are ignored, a list means "any of",
 * nesting must match the event: https://docs.oracle.com/iaas/Content/Events/Concepts/filterevents.htm).
 */
export function eventsRuleCondition(): string {
  // Keys in sorted order, as Terraform's jsonencode writes them, so the module's rule is the same string.
  return JSON.stringify({
    data: { additionalDetails: { problemName: Object.keys(PROBLEM_CREDENTIAL_TYPES) } },
    eventType: [EVENT_TYPE_REMEDIATED],
  });
}

export function generatePolicy(inputs: PolicyInputs): GeneratedPolicy {
  const dynamicGroupName = inputs.dynamicGroupName ?? DEFAULT_DYNAMIC_GROUP_NAME;
  const subject = inputs.groupName ? `group ${inputs.groupName}` : `dynamic-group ${dynamicGroupName}`;
  const optional: OptionalGrants = {
    reopenProblems: true,
    proveByUse: true,
    versionHygiene: true,
    vaultRotation: false,
    doctor: false,
    ...inputs.optional,
  };
  const vaults = [...new Set(inputs.allowedVaultIds)];
  const secretLocations =
    inputs.allowedCompartmentIds.length === 0 ? ['tenancy'] : [...new Set(inputs.allowedCompartmentIds)].map(location);
  const vaultCondition =
    vaults.length === 0
      ? ''
      : vaults.length === 1
        ? ` where target.vault.id = '${vaults[0]}'`
        : ` where any {${vaults.map((id) => `target.vault.id = '${id}'`).join(', ')}}`;
  const functionLocation = inputs.functionCompartmentId ? location(inputs.functionCompartmentId) : 'tenancy';
  const topicLocation = inputs.topicCompartmentId ? location(inputs.topicCompartmentId) : 'tenancy';
  const secretGroups = vaultSecretGroups(dynamicGroupName, inputs.allowedCompartmentIds);
  const vaultSecretSubject = `dynamic-group ${secretGroups.map((group) => group.name).join(', ')}`;
  const allow = (rest: string): string => `Allow ${subject} to ${rest}`;
  const vaultRotation = {
    setting: 'vaultRotation',
    flag: '--vault-rotation',
    enables: 'scheduled rotation with the Function as a Vault rotation target',
  } as const;
  const doctor = {
    setting: 'doctor',
    flag: '--doctor',
    enables: '`cg-responder doctor` (for the operator’s group; the Function never needs it)',
  } as const;

  const entries: PolicyEntry[] = [
    {
      statement: allow('read users in tenancy'),
      operations: ['GetUser', 'ListApiKeys', 'ListAuthTokens', 'ListCustomerSecretKeys'],
      why: 'read the user and count their credentials (USER_INSPECT, USER_READ); users live in the tenancy, so a compartment is not enough',
      source: POLICY_SOURCES.identity,
      optional: null,
      subject: 'responder',
    },
    {
      statement: allow(
        `manage users in tenancy where any {${[
          'USER_UPDATE',
          'USER_APIKEY_ADD',
          'USER_APIKEY_REMOVE',
          'USER_AUTHTOKEN_SET',
          'USER_AUTHTOKEN_REMOVE',
          'USER_SECRETKEY_ADD',
          'USER_SECRETKEY_REMOVE',
          'USER_UIPASS_RESET',
        ]
          .map((permission) => `request.permission = '${permission}'`)
          .join(', ')}}`,
      ),
      operations: [
        'UploadApiKey',
        'DeleteApiKey',
        'CreateAuthToken',
        'DeleteAuthToken',
        'CreateCustomerSecretKey',
        'DeleteCustomerSecretKey',
        'CreateOrResetUIPassword',
      ],
      why: 'create and delete exactly the four credential kinds; never create, delete or unblock users',
      source: POLICY_SOURCES.identity,
      optional: null,
      subject: 'responder',
    },
    {
      statement: allow('inspect tenancies in tenancy'),
      operations: ['GetTenancy', 'ListRegionSubscriptions'],
      why: 'find the home region, where IAM writes must go',
      source: POLICY_SOURCES.identity,
      optional: null,
      subject: 'responder',
    },
    ...secretLocations.flatMap((where): PolicyEntry[] => [
      {
        statement: allow(`use secrets in ${where}${vaultCondition}`),
        operations: ['GetSecret', 'UpdateSecret'],
        why: 'check the named secret and add a version to it (SECRET_UPDATE; no create, no delete)',
        source: POLICY_SOURCES.vault,
        optional: null,
        subject: 'responder',
      },
      {
        statement: allow(`inspect secret-versions in ${where}${vaultCondition}`),
        operations: ['ListSecretVersions'],
        why: 'find the version this rotation staged (the exactly-once record)',
        source: POLICY_SOURCES.vault,
        optional: null,
        subject: 'responder',
      },
      {
        statement: allow(`read secret-bundles in ${where}${vaultCondition}`),
        operations: ['GetSecretBundle'],
        why: 'read the staged value back before the credential is activated',
        source: POLICY_SOURCES.vault,
        optional: null,
        subject: 'responder',
      },
    ]),
    {
      // Notifications supports only the general variables: a topic condition would never match.
      statement: allow(`use ons-topics in ${topicLocation} where request.permission = 'ONS_TOPIC_PUBLISH'`),
      operations: ['PublishMessage'],
      why: 'publish the report; Notifications cannot scope to one topic, so the topic’s compartment (keep it for this topic alone) is the scope',
      source: POLICY_SOURCES.notifications,
      optional: null,
      subject: 'responder',
    },
    // Reopening (CGR_REOPEN_PROBLEMS, on by default) needs `use`, which includes `read`; the Cloud
    // Guard page names no permission for UpdateProblemStatus, so no permission condition narrows
    // it (docs/policy.md). With reopening off, `read` alone.
    optional.reopenProblems
      ? {
          statement: allow('use cloud-guard-problems in tenancy'),
          operations: ['GetProblem', 'ListProblemHistories', 'UpdateProblemStatus'],
          why: 're-verify the problem and its audited resolve record, and reopen it after a failed rotation (CGR_REOPEN_PROBLEMS=false: read only)',
          source: POLICY_SOURCES.cloudGuard,
          optional: null,
          subject: 'responder',
        }
      : {
          statement: allow('read cloud-guard-problems in tenancy'),
          operations: ['GetProblem', 'ListProblemHistories'],
          why: 're-verify the problem and its audited resolve record (CGR_REOPEN_PROBLEMS=true: use, to reopen it)',
          source: POLICY_SOURCES.cloudGuard,
          optional: null,
          subject: 'responder',
        },
    {
      statement: allow('read cloud-guard-config in tenancy'),
      operations: ['GetConfiguration'],
      why: "find Cloud Guard's reporting region",
      source: POLICY_SOURCES.cloudGuard,
      optional: null,
      subject: 'responder',
    },
    {
      statement: `Allow service cloudEvents to use functions-family in ${functionLocation}`,
      operations: ['InvokeFunction (by the Events service)'],
      why: 'let the Events rule invoke functions in the Function’s compartment only (--function-compartment; default the tenancy)',
      source: POLICY_SOURCES.events,
      optional: null,
      subject: 'service',
    },
    {
      statement: allow('read objectstorage-namespaces in tenancy'),
      operations: ['GetNamespace'],
      why: 'find the Object Storage namespace, to prove a new auth token (Swift) or customer secret key (S3) by using it',
      source: POLICY_SOURCES.objectStorage,
      optional: {
        setting: 'proveByUse',
        flag: 'CGR_PROVE_BY_USE=true (default)',
        enables: 'proving new auth tokens and customer secret keys by use before promoting them',
      },
      subject: 'responder',
    },
    ...secretLocations.flatMap((where) =>
      (vaults.length === 0 ? [null] : vaults).map(
        (vault): PolicyEntry => ({
          statement: allow(
            `manage secret-versions in ${where} where ${vault === null ? "request.permission = 'SECRET_VERSION_DELETE'" : `all {request.permission = 'SECRET_VERSION_DELETE', target.vault.id = '${vault}'}`}`,
          ),
          operations: ['ScheduleSecretVersionDeletion'],
          why: 'schedule deletion of old DEPRECATED versions so a secret stays under the 30-version cap',
          source: POLICY_SOURCES.vault,
          optional: {
            setting: 'versionHygiene',
            flag: 'version hygiene (default; --without-version-hygiene leaves it out)',
            enables: 'version hygiene (deleting the responder’s old DEPRECATED secret versions)',
          },
          subject: 'responder',
        }),
      ),
    ),
    {
      statement: `Allow ${vaultSecretSubject} to use fn-invocation in ${functionLocation}`,
      operations: ['InvokeFunction (by a secret’s resource principal, for Vault rotation)'],
      why: 'Vault calls the rotation Function as the secret’s own resource principal (type vaultsecret)',
      source: POLICY_SOURCES.vaultRotationFunction,
      optional: vaultRotation,
      subject: 'service',
    },
    {
      statement: `Allow ${vaultSecretSubject} to read fn-function in ${functionLocation}`,
      operations: ['GetFunction (by a secret’s resource principal, for Vault rotation)'],
      why: 'the secret’s resource principal looks the Function up before invoking it',
      source: POLICY_SOURCES.vaultRotationFunction,
      optional: vaultRotation,
      subject: 'service',
    },
    ...secretLocations.flatMap((where) =>
      (vaults.length === 0 ? [null] : vaults).map(
        (vault): PolicyEntry => ({
          statement: allow(
            `manage secrets in ${where} where ${vault === null ? "request.permission = 'SECRET_ROTATE'" : `all {request.permission = 'SECRET_ROTATE', target.vault.id = '${vault}'}`}`,
          ),
          operations: ['RotateSecret'],
          why:
            'start Vault’s rotation of a secret on demand (`cg-responder rotate-secret --endpoint`, or the Console’s Rotate); only people ' +
            'do this, so the Function never gets it',
          source: POLICY_SOURCES.vault,
          optional: {
            setting: 'vaultRotation',
            flag: '--vault-rotation with --group',
            enables: 'rotating a secret on demand through Vault',
          },
          subject: 'operator',
        }),
      ),
    ),
    {
      statement: allow(`read ons-topics in ${topicLocation}`),
      operations: ['GetTopic'],
      why: 'check that the SecOps topic exists (Notifications supports no per-topic condition)',
      source: POLICY_SOURCES.notifications,
      optional: doctor,
      subject: 'operator',
    },
    {
      statement: allow(`inspect ons-subscriptions in ${topicLocation}`),
      operations: ['ListSubscriptions'],
      why: 'check that someone confirmed an email subscription to the topic',
      source: POLICY_SOURCES.notifications,
      optional: doctor,
      subject: 'operator',
    },
  ];

  const forThisSubject = (entry: PolicyEntry): boolean => entry.subject !== 'operator' || Boolean(inputs.groupName);
  const withState = entries
    .filter(forThisSubject)
    .map((entry) => ({ ...entry, enabled: entry.optional === null || optional[entry.optional.setting] }));
  return {
    dynamicGroup: {
      name: dynamicGroupName,
      description: 'The cloudguard-credential-responder Function, and nothing else',
      // resource.id, not resource.type: OCI's pages disagree on the Function's type (fnfunc / fnfunction), the OCID does not.
      matchingRule: `ALL {resource.id = '${inputs.functionId}'}`,
    },
    vaultSecretDynamicGroups: optional.vaultRotation ? secretGroups : [],
    subject,
    statements: withState.filter((entry) => entry.enabled).map((entry) => entry.statement),
    entries: withState,
    eventsRule: {
      displayName: 'cg-credential-responder',
      description: 'Cloud Guard problems about old IAM credentials, resolved by SecOps, to the responder Function',
      condition: eventsRuleCondition(),
      compartment: 'the tenancy (root compartment) of the Cloud Guard reporting region',
    },
  };
}

/**
 * Vault invokes a rotation Function as the secret's resource principal, `resource.type =
 * 'vaultsecret'` (Oracle A-Team, "Automatically Rotate OCI Secrets using a Custom Function"). One
 * group per allowed compartment, since a matching rule is one ANY/ALL list and cannot nest; with
 * no compartment, or the tenancy among them, one group for every secret of the tenancy.
 */
function vaultSecretGroups(dynamicGroupName: string, allowedCompartmentIds: readonly string[]): DynamicGroupDefinition[] {
  const compartments = [...new Set(allowedCompartmentIds)];
  const wide = compartments.length === 0 || compartments.some((id) => id.startsWith('ocid1.tenancy.'));
  const rules = wide
    ? ["ALL {resource.type = 'vaultsecret'}"]
    : compartments.map((id) => `ALL {resource.type = 'vaultsecret', resource.compartment.id = '${id}'}`);
  const base = `${dynamicGroupName}-secrets`;
  return rules.map((matchingRule, index) => ({
    name: index === 0 ? base : `${base}-${index + 1}`,
    description: 'Vault secrets whose scheduled rotation may invoke the cloudguard-credential-responder Function',
    matchingRule,
  }));
}

/** `tenancy` for the tenancy OCID (OCI's own spelling), else `compartment id <ocid>`. */
function location(compartmentId: string): string {
  return compartmentId.startsWith('ocid1.tenancy.') ? 'tenancy' : `compartment id ${compartmentId}`;
}
