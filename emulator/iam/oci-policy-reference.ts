/**
 * OCI's policy reference, as the emulator enforces it: per service, the page it comes from, the
 * condition variables the service supports beyond the general ones, and per resource type the
 * permissions each verb adds (cumulative, inspect > read > use > manage: "The level of access is
 * cumulative", https://docs.oracle.com/iaas/Content/Identity/Reference/policyreference.htm) and the
 * API operations the emulator serves with the permissions each needs.
 *
 * A resource type or verb not in this table is refused when a state is loaded; a condition on a
 * variable the called service does not supply never matches (docs, "Advanced Policy Features":
 * a variable not applicable to the request makes the condition false and the request declined).
 * Rows marked `assumed` have no Oracle text behind them: docs/oci-behaviour.md lists them.
 */
export const VERBS = ['inspect', 'read', 'use', 'manage'] as const;
export type Verb = (typeof VERBS)[number];

export interface ResourceTypeReference {
  /** Permissions each verb adds to the one before. */
  verbs: Readonly<Record<Verb, readonly string[]>>;
  /** The API operations on this type the emulator serves (or checks), with every permission each needs. */
  operations: Readonly<Record<string, readonly string[]>>;
}

export interface ServiceReference {
  service: string;
  source: string;
  /** Variables the service supports in conditions, beyond GENERAL_VARIABLES. */
  variables: readonly string[];
  resourceTypes: Readonly<Record<string, ResourceTypeReference>>;
  /** Aggregate types: `<verb> <family>` grants what `<verb> <member>` grants for each member. */
  families: Readonly<Record<string, readonly string[]>>;
}

/** "General Variables for All Requests", https://docs.oracle.com/iaas/Content/Identity/policyreference/policyreference_topic-General_Variables_for_All_Requests.htm */
export const GENERAL_VARIABLES: readonly string[] = [
  'request.user.id',
  'request.user.name',
  'request.groups.id',
  'request.permission',
  'request.operation',
  'request.networksource.name',
  'request.region',
  'request.ad',
  'request.utc-timestamp',
  'request.principal.type',
  'target.compartment.id',
  'target.compartment.name',
];

const none: Readonly<Record<Verb, readonly string[]>> = { inspect: [], read: [], use: [], manage: [] };
/** A type OCI has that no emulated operation acts on: a statement may name it, and it grants nothing here. */
const recognised: ResourceTypeReference = { verbs: none, operations: {} };

export const OCI_POLICY_REFERENCE: readonly ServiceReference[] = [
  {
    service: 'identity',
    source: 'https://docs.oracle.com/iaas/Content/Identity/policyreference/iampolicyreference.htm',
    variables: ['target.user.id', 'target.user.name', 'target.group.id', 'target.group.name', 'target.resource.domain.name'],
    resourceTypes: {
      users: {
        verbs: {
          inspect: ['USER_INSPECT'],
          read: ['USER_READ'],
          use: [],
          manage: [
            'USER_CREATE',
            'USER_DELETE',
            'USER_UPDATE',
            'USER_UNBLOCK',
            'USER_MOVE',
            'USER_APIKEY_ADD',
            'USER_APIKEY_REMOVE',
            'USER_UIPASS_SET',
            'USER_UIPASS_RESET',
            'USER_AUTHTOKEN_SET',
            'USER_AUTHTOKEN_REMOVE',
            'USER_SECRETKEY_ADD',
            'USER_SECRETKEY_UPDATE',
            'USER_SECRETKEY_REMOVE',
            'USER_SMTPCRED_ADD',
            'USER_SMTPCRED_UPDATE',
            'USER_SMTPCRED_REMOVE',
          ],
        },
        operations: {
          GetUser: ['USER_INSPECT'],
          ListApiKeys: ['USER_READ'],
          ListAuthTokens: ['USER_READ'],
          ListCustomerSecretKeys: ['USER_READ'],
          GetUserUIPasswordInformation: ['USER_READ'],
          UploadApiKey: ['USER_UPDATE', 'USER_APIKEY_ADD'],
          DeleteApiKey: ['USER_UPDATE', 'USER_APIKEY_REMOVE'],
          CreateAuthToken: ['USER_UPDATE', 'USER_AUTHTOKEN_SET'],
          DeleteAuthToken: ['USER_UPDATE', 'USER_AUTHTOKEN_REMOVE'],
          CreateCustomerSecretKey: ['USER_UPDATE', 'USER_SECRETKEY_ADD'],
          DeleteCustomerSecretKey: ['USER_UPDATE', 'USER_SECRETKEY_REMOVE'],
          CreateOrResetUIPassword: ['USER_UPDATE', 'USER_UIPASS_RESET'],
        },
      },
      tenancies: {
        verbs: { inspect: ['TENANCY_INSPECT'], read: [], use: [], manage: ['TENANCY_UPDATE'] },
        operations: { GetTenancy: ['TENANCY_INSPECT'], ListRegionSubscriptions: ['TENANCY_INSPECT'] },
      },
      compartments: recognised,
      groups: recognised,
      'dynamic-groups': recognised,
      policies: recognised,
    },
    families: {},
  },
  {
    service: 'vault',
    source: 'https://docs.oracle.com/iaas/Content/Identity/policyreference/keypolicyreference.htm',
    variables: ['target.secret.id', 'target.secret.name', 'target.vault.id', 'target.key.id'],
    resourceTypes: {
      secrets: {
        verbs: {
          inspect: ['SECRET_INSPECT'],
          read: ['SECRET_READ'],
          use: ['SECRET_UPDATE'],
          manage: ['SECRET_CREATE', 'SECRET_MOVE', 'SECRET_DELETE', 'SECRET_ROTATE'],
        },
        operations: {
          ListSecrets: ['SECRET_INSPECT'],
          GetSecret: ['SECRET_READ'],
          UpdateSecret: ['SECRET_UPDATE'],
          RotateSecret: ['SECRET_ROTATE'],
        },
      },
      'secret-versions': {
        verbs: { inspect: ['SECRET_VERSION_INSPECT'], read: ['SECRET_VERSION_READ'], use: [], manage: ['SECRET_VERSION_DELETE'] },
        operations: {
          ListSecretVersions: ['SECRET_VERSION_INSPECT'],
          GetSecretVersion: ['SECRET_VERSION_READ'],
          ScheduleSecretVersionDeletion: ['SECRET_VERSION_DELETE', 'SECRET_UPDATE'],
        },
      },
      'secret-bundles': {
        verbs: { inspect: [], read: ['SECRET_BUNDLE_READ'], use: [], manage: [] },
        operations: { GetSecretBundle: ['SECRET_BUNDLE_READ'], GetSecretBundleByName: ['SECRET_BUNDLE_READ'] },
      },
      keys: {
        verbs: {
          inspect: ['KEY_INSPECT'],
          read: ['KEY_READ'],
          use: ['KEY_ENCRYPT', 'KEY_DECRYPT'],
          manage: ['KEY_CREATE', 'KEY_UPDATE', 'KEY_MOVE', 'KEY_DELETE'],
        },
        operations: {},
      },
      vaults: recognised,
    },
    families: { 'secret-family': ['secrets', 'secret-versions', 'secret-bundles'] },
  },
  {
    // "Only the general variables are supported": no target.topic.id.
    service: 'notifications',
    source: 'https://docs.oracle.com/iaas/Content/Identity/policyreference/notificationpolicyreference.htm',
    variables: [],
    resourceTypes: {
      'ons-topics': {
        verbs: {
          inspect: ['ONS_TOPIC_INSPECT'],
          read: ['ONS_TOPIC_READ'],
          use: ['ONS_TOPIC_PUBLISH', 'ONS_TOPIC_SUBSCRIBE'],
          manage: ['ONS_TOPIC_CREATE', 'ONS_TOPIC_UPDATE', 'ONS_TOPIC_MOVE', 'ONS_TOPIC_DELETE'],
        },
        operations: { GetTopic: ['ONS_TOPIC_READ'], PublishMessage: ['ONS_TOPIC_PUBLISH'] },
      },
      'ons-subscriptions': {
        verbs: {
          inspect: ['ONS_SUBSCRIPTION_INSPECT'],
          read: ['ONS_SUBSCRIPTION_READ'],
          use: ['ONS_SUBSCRIPTION_RESEND_CONFIRMATION'],
          manage: ['ONS_SUBSCRIPTION_CREATE', 'ONS_SUBSCRIPTION_UPDATE', 'ONS_SUBSCRIPTION_MOVE', 'ONS_SUBSCRIPTION_DELETE'],
        },
        operations: { ListSubscriptions: ['ONS_SUBSCRIPTION_INSPECT'] },
      },
    },
    families: { 'ons-family': ['ons-topics', 'ons-subscriptions'] },
  },
  {
    // The page names the types and which verb covers which API; assumed: the CG_* permission
    // names (no Oracle text found), which only a `request.permission` condition would expose.
    service: 'cloudguard',
    source: 'https://docs.oracle.com/iaas/cloud-guard/using/policies.htm',
    variables: [],
    resourceTypes: {
      'cloud-guard-problems': {
        verbs: { inspect: ['CG_PROBLEM_INSPECT'], read: ['CG_PROBLEM_READ'], use: ['CG_PROBLEM_UPDATE'], manage: [] },
        operations: {
          ListProblems: ['CG_PROBLEM_INSPECT'],
          GetProblem: ['CG_PROBLEM_READ'],
          ListProblemHistories: ['CG_PROBLEM_READ'],
          UpdateProblemStatus: ['CG_PROBLEM_UPDATE'],
        },
      },
      'cloud-guard-config': {
        verbs: { inspect: [], read: ['CG_CONFIG_READ'], use: [], manage: ['CG_CONFIG_UPDATE'] },
        operations: { GetConfiguration: ['CG_CONFIG_READ'] },
      },
      'cloud-guard-targets': recognised,
      'cloud-guard-detector-recipes': recognised,
      'cloud-guard-responder-recipes': recognised,
    },
    families: {
      'cloud-guard-family': [
        'cloud-guard-problems',
        'cloud-guard-config',
        'cloud-guard-targets',
        'cloud-guard-detector-recipes',
        'cloud-guard-responder-recipes',
      ],
    },
  },
  {
    // Older copies of the page list GetNamespace under `read objectstorage-namespaces`, the newest
    // under no permission; the emulator keeps the stricter reading (docs/oci-behaviour.md).
    service: 'objectstorage',
    source: 'https://docs.oracle.com/iaas/Content/Identity/policyreference/objectstoragepolicyreference.htm',
    variables: ['target.bucket.name', 'target.object.name'],
    resourceTypes: {
      'objectstorage-namespaces': {
        verbs: { inspect: [], read: ['OBJECTSTORAGE_NAMESPACE_READ'], use: [], manage: ['OBJECTSTORAGE_NAMESPACE_UPDATE'] },
        operations: { GetNamespace: ['OBJECTSTORAGE_NAMESPACE_READ'] },
      },
      buckets: recognised,
      objects: recognised,
    },
    families: { 'object-family': ['objectstorage-namespaces', 'buckets', 'objects'] },
  },
  {
    // assumed: the permission names other than FN_APP_READ (the page's example); statements use verbs only.
    service: 'functions',
    source: 'https://docs.oracle.com/iaas/Content/Identity/policyreference/functionspolicyreference.htm',
    variables: [],
    resourceTypes: {
      'fn-app': {
        verbs: { inspect: ['FN_APP_LIST'], read: ['FN_APP_READ'], use: [], manage: ['FN_APP_CREATE', 'FN_APP_UPDATE', 'FN_APP_DELETE'] },
        operations: {},
      },
      'fn-function': {
        verbs: {
          inspect: ['FN_FUNCTION_LIST'],
          read: ['FN_FUNCTION_READ'],
          use: [],
          manage: ['FN_FUNCTION_CREATE', 'FN_FUNCTION_UPDATE', 'FN_FUNCTION_DELETE'],
        },
        operations: { GetFunction: ['FN_FUNCTION_READ'] },
      },
      'fn-invocation': {
        verbs: { inspect: [], read: [], use: ['FN_INVOCATION'], manage: [] },
        operations: { InvokeFunction: ['FN_INVOCATION'] },
      },
    },
    families: { 'functions-family': ['fn-app', 'fn-function', 'fn-invocation'] },
  },
  {
    service: 'events',
    source: 'https://docs.oracle.com/iaas/Content/Events/Concepts/eventspolicy.htm',
    variables: [],
    resourceTypes: { 'cloudevents-rules': recognised },
    families: {},
  },
];

const TYPES = new Map<string, { service: ServiceReference; type: ResourceTypeReference }>();
const FAMILIES = new Map<string, readonly string[]>();
const OPERATIONS = new Map<string, { service: ServiceReference; permissions: readonly string[] }>();
for (const service of OCI_POLICY_REFERENCE) {
  for (const [name, type] of Object.entries(service.resourceTypes)) {
    TYPES.set(name, { service, type });
    for (const [operation, permissions] of Object.entries(type.operations)) OPERATIONS.set(operation, { service, permissions });
  }
  for (const [family, members] of Object.entries(service.families)) FAMILIES.set(family, members);
}
FAMILIES.set('all-resources', [...TYPES.keys()]);

export function isKnownResourceType(type: string): boolean {
  return TYPES.has(type) || FAMILIES.has(type);
}

/** Every permission `verb resourceType` grants (cumulative, families expanded). */
export function permissionsGranted(verb: Verb, resourceType: string): ReadonlySet<string> {
  const members = FAMILIES.get(resourceType) ?? [resourceType];
  const upTo = VERBS.slice(0, VERBS.indexOf(verb) + 1);
  const granted = new Set<string>();
  for (const member of members) {
    const entry = TYPES.get(member);
    if (!entry) continue;
    for (const step of upTo) for (const permission of entry.type.verbs[step]) granted.add(permission);
  }
  return granted;
}

/** The permissions an operation needs; throws for one the table lacks (a gap to fill, never a silent allow). */
export function operationPermissions(operation: string): readonly string[] {
  const entry = OPERATIONS.get(operation);
  if (!entry) throw new Error(`${operation} is not in the policy reference table (emulator/iam/oci-policy-reference.ts)`);
  return entry.permissions;
}

/** The variables a request to this operation's service can carry: the general ones plus the service's own. */
export function supportedVariables(operation: string): ReadonlySet<string> {
  const service = OPERATIONS.get(operation)?.service;
  return new Set([...GENERAL_VARIABLES, ...(service?.variables ?? [])]);
}
