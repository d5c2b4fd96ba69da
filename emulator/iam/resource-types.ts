/**
 * Verb → permission for the resource types the responder touches. Each verb includes the ones
 * before it (docs, Policy Reference "Verbs": "The level of access is cumulative as you go from
 * inspect > read > use > manage", https://docs.oracle.com/iaas/Content/Identity/Reference/policyreference.htm).
 *
 * Sources, one per service:
 * - users, tenancies: "Details for IAM without Identity Domains",
 *   https://docs.oracle.com/iaas/Content/Identity/Reference/iampolicyreference.htm
 * - secrets, secret-versions, secret-bundles, keys: "Details for the Vault Service",
 *   https://docs.oracle.com/iaas/Content/Identity/Reference/keypolicyreference.htm
 * - ons-topics, ons-subscriptions: "Details for Notifications",
 *   https://docs.oracle.com/iaas/Content/Identity/Reference/notificationpolicyreference.htm
 * - cloud-guard-*: "Cloud Guard Policies", https://docs.oracle.com/iaas/Content/cloud-guard/reference/cg-policy-reference.htm
 *   assumed: the CG_* permission names; Oracle's page groups the problem APIs under
 *   read/use cloud-guard-problems, which is what the emulator enforces.
 */
export const VERBS = ['inspect', 'read', 'use', 'manage'] as const;
export type Verb = (typeof VERBS)[number];

/** Permissions each verb adds to the previous one. */
type VerbLadder = Readonly<Record<Verb, readonly string[]>>;

const RESOURCE_TYPES: Readonly<Record<string, VerbLadder>> = {
  users: {
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
  tenancies: { inspect: ['TENANCY_INSPECT'], read: [], use: [], manage: ['TENANCY_UPDATE'] },
  secrets: { inspect: ['SECRET_INSPECT'], read: ['SECRET_READ'], use: ['SECRET_UPDATE'], manage: ['SECRET_CREATE', 'SECRET_MOVE', 'SECRET_DELETE', 'SECRET_ROTATE'] },
  'secret-versions': { inspect: ['SECRET_VERSION_INSPECT'], read: ['SECRET_VERSION_READ'], use: [], manage: ['SECRET_VERSION_DELETE'] },
  'secret-bundles': { inspect: [], read: ['SECRET_BUNDLE_READ'], use: [], manage: [] },
  keys: { inspect: ['KEY_INSPECT'], read: ['KEY_READ'], use: ['KEY_ENCRYPT', 'KEY_DECRYPT'], manage: ['KEY_CREATE', 'KEY_UPDATE', 'KEY_MOVE', 'KEY_DELETE'] },
  'ons-topics': { inspect: ['ONS_TOPIC_INSPECT'], read: ['ONS_TOPIC_READ'], use: ['ONS_TOPIC_PUBLISH', 'ONS_TOPIC_SUBSCRIBE'], manage: ['ONS_TOPIC_CREATE', 'ONS_TOPIC_UPDATE', 'ONS_TOPIC_MOVE', 'ONS_TOPIC_DELETE'] },
  'ons-subscriptions': {
    inspect: ['ONS_SUBSCRIPTION_INSPECT'],
    read: ['ONS_SUBSCRIPTION_READ'],
    use: ['ONS_SUBSCRIPTION_RESEND_CONFIRMATION'],
    manage: ['ONS_SUBSCRIPTION_CREATE', 'ONS_SUBSCRIPTION_UPDATE', 'ONS_SUBSCRIPTION_MOVE', 'ONS_SUBSCRIPTION_DELETE'],
  },
  'cloud-guard-problems': { inspect: ['CG_PROBLEM_INSPECT'], read: ['CG_PROBLEM_READ'], use: ['CG_PROBLEM_UPDATE'], manage: [] },
  'cloud-guard-configuration': { inspect: [], read: ['CG_CONFIGURATION_READ'], use: [], manage: ['CG_CONFIGURATION_UPDATE'] },
  // "Details for Object Storage", https://docs.oracle.com/iaas/Content/Identity/Reference/objectstoragepolicyreference.htm
  'objectstorage-namespaces': { inspect: ['OBJECTSTORAGE_NAMESPACE_READ'], read: [], use: [], manage: ['OBJECTSTORAGE_NAMESPACE_UPDATE'] },
};

/** Aggregate types (same sources): a family grants what each member grants. */
const FAMILIES: Readonly<Record<string, readonly string[]>> = {
  'secret-family': ['secrets', 'secret-versions', 'secret-bundles'],
  'ons-family': ['ons-topics', 'ons-subscriptions'],
  'cloud-guard-family': ['cloud-guard-problems', 'cloud-guard-configuration'],
  'all-resources': Object.keys(RESOURCE_TYPES),
};

/**
 * Types a statement may name that no emulator operation needs (the Events and Vault services
 * invoking the Function, key management): accepted at load, they grant nothing here.
 */
const RECOGNISED_ONLY = new Set(['functions-family', 'fn-app', 'fn-function', 'fn-invocation', 'vaults', 'compartments', 'groups', 'dynamic-groups', 'policies', 'cloudevents-rules', 'cloud-guard-targets', 'cloud-guard-detector-recipes', 'cloud-guard-responder-recipes']);

export function isKnownResourceType(type: string): boolean {
  return type in RESOURCE_TYPES || type in FAMILIES || RECOGNISED_ONLY.has(type);
}

/** Every permission `verb resourceType` grants (cumulative, families expanded). */
export function permissionsGranted(verb: Verb, resourceType: string): ReadonlySet<string> {
  const members = FAMILIES[resourceType] ?? [resourceType];
  const granted = new Set<string>();
  const upTo = VERBS.slice(0, VERBS.indexOf(verb) + 1);
  for (const member of members) {
    const ladder = RESOURCE_TYPES[member];
    if (!ladder) continue;
    for (const step of upTo) for (const permission of ladder[step]) granted.add(permission);
  }
  return granted;
}
