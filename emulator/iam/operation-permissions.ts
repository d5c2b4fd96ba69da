import type { EmulatorState } from '../state/types.js';

/** What a request acts on: the compartment its policy location must cover, and its target variables. */
export interface RequestTarget {
  /** null when the resource does not exist: then only a statement `in tenancy` can cover it. */
  compartmentId: string | null;
  variables: Record<string, string>;
}

export interface OperationAccess {
  /** Every permission the operation needs; each must be granted by some statement. */
  permissions: readonly string[];
  /**
   * A user may do this to their own user with no policy (docs, Managing User Credentials:
   * "Users who are not administrators can manage their own credentials… with the API, users can
   * reset their own password with CreateOrResetUIPassword, upload an additional API key …
   * (and also delete their own API keys)", and likewise their auth tokens and customer secret
   * keys, https://docs.oracle.com/iaas/Content/Identity/Tasks/managingcredentials.htm).
   * assumed: reading one's own user and listing one's own credentials (the Console's "My
   * profile" page does both for every user) are covered too.
   */
  selfService?: true;
  target(state: EmulatorState, params: Readonly<Record<string, string>>, query: URLSearchParams): RequestTarget;
}

const userTarget: OperationAccess['target'] = (state, params) => {
  const user = state.users.find((candidate) => candidate.id === params['userId']);
  if (!user) return { compartmentId: null, variables: { 'target.user.id': params['userId'] ?? '' } };
  return { compartmentId: user.compartmentId, variables: { 'target.user.id': user.id, 'target.user.name': user.name } };
};

const tenancyTarget: OperationAccess['target'] = (state) => ({ compartmentId: state.tenancy.id, variables: { 'target.tenancy.id': state.tenancy.id } });

const secretTarget: OperationAccess['target'] = (state, params) => {
  const secret = state.secrets.find((candidate) => candidate.id === params['secretId']);
  if (!secret) return { compartmentId: null, variables: { 'target.secret.id': params['secretId'] ?? '' } };
  return {
    compartmentId: secret.compartmentId,
    variables: { 'target.secret.id': secret.id, 'target.secret.name': secret.secretName, 'target.vault.id': secret.vaultId, 'target.key.id': secret.keyId },
  };
};

/** List calls act on a compartment; a `vaultId` filter is offered as `target.vault.id` (assumed: OCI does not document the variables of ListSecrets). */
const secretListTarget: OperationAccess['target'] = (_state, _params, query) => {
  const vaultId = query.get('vaultId');
  return { compartmentId: query.get('compartmentId'), variables: vaultId ? { 'target.vault.id': vaultId } : {} };
};

/** assumed: `target.topic.id` (Notifications documents only the general variables; oci-behaviour open question). */
const topicTarget: OperationAccess['target'] = (state, params) => {
  const topic = state.topics.find((candidate) => candidate.id === params['topicId']);
  if (!topic) return { compartmentId: null, variables: { 'target.topic.id': params['topicId'] ?? '' } };
  return { compartmentId: topic.compartmentId, variables: { 'target.topic.id': topic.id } };
};

const subscriptionListTarget: OperationAccess['target'] = (_state, _params, query) => {
  const topicId = query.get('topicId');
  return { compartmentId: query.get('compartmentId'), variables: topicId ? { 'target.topic.id': topicId } : {} };
};

const problemTarget: OperationAccess['target'] = (state, params) => {
  const problem = state.problems.find((candidate) => candidate.id === params['problemId']);
  return { compartmentId: problem?.compartmentId ?? null, variables: {} };
};

const compartmentQueryTarget: OperationAccess['target'] = (_state, _params, query) => ({ compartmentId: query.get('compartmentId'), variables: {} });

/**
 * The permissions each emulator route needs, keyed by the route's `operation`, so service files
 * need no change. Identity rows: iampolicyreference.htm ("GetUser: USER_INSPECT; ListApiKeys …:
 * USER_READ; UploadApiKey: USER_UPDATE and USER_APIKEY_ADD …"); Vault and Secrets rows:
 * keypolicyreference.htm; Notifications: notificationpolicyreference.htm; Cloud Guard:
 * cg-policy-reference.htm (URLs in resource-types.ts). A route without a row is refused while
 * policies are enforced (never kinder than OCI); a unit test lists routes missing here.
 */
export const OPERATION_ACCESS: Readonly<Record<string, OperationAccess>> = {
  // Identity
  GetUser: { permissions: ['USER_INSPECT'], selfService: true, target: userTarget },
  ListApiKeys: { permissions: ['USER_READ'], selfService: true, target: userTarget },
  UploadApiKey: { permissions: ['USER_UPDATE', 'USER_APIKEY_ADD'], selfService: true, target: userTarget },
  DeleteApiKey: { permissions: ['USER_UPDATE', 'USER_APIKEY_REMOVE'], selfService: true, target: userTarget },
  ListAuthTokens: { permissions: ['USER_READ'], selfService: true, target: userTarget },
  CreateAuthToken: { permissions: ['USER_UPDATE', 'USER_AUTHTOKEN_SET'], selfService: true, target: userTarget },
  DeleteAuthToken: { permissions: ['USER_UPDATE', 'USER_AUTHTOKEN_REMOVE'], selfService: true, target: userTarget },
  ListCustomerSecretKeys: { permissions: ['USER_READ'], selfService: true, target: userTarget },
  CreateCustomerSecretKey: { permissions: ['USER_UPDATE', 'USER_SECRETKEY_ADD'], selfService: true, target: userTarget },
  DeleteCustomerSecretKey: { permissions: ['USER_UPDATE', 'USER_SECRETKEY_REMOVE'], selfService: true, target: userTarget },
  CreateOrResetUIPassword: { permissions: ['USER_UPDATE', 'USER_UIPASS_RESET'], selfService: true, target: userTarget },
  GetUserUIPasswordInformation: { permissions: ['USER_READ'], selfService: true, target: userTarget },
  GetTenancy: { permissions: ['TENANCY_INSPECT'], target: tenancyTarget },
  ListRegionSubscriptions: { permissions: ['TENANCY_INSPECT'], target: tenancyTarget },
  // Vault
  GetSecret: { permissions: ['SECRET_READ'], target: secretTarget },
  UpdateSecret: { permissions: ['SECRET_UPDATE'], target: secretTarget },
  ListSecrets: { permissions: ['SECRET_INSPECT'], target: secretListTarget },
  ListSecretVersions: { permissions: ['SECRET_VERSION_INSPECT'], target: secretTarget },
  GetSecretVersion: { permissions: ['SECRET_VERSION_READ'], target: secretTarget },
  // Starting a rotation is a manage-level act on the secret (SECRET_ROTATE, Vault policy reference).
  RotateSecret: { permissions: ['SECRET_ROTATE'], target: secretTarget },
  ScheduleSecretVersionDeletion: { permissions: ['SECRET_VERSION_DELETE', 'SECRET_UPDATE'], target: secretTarget },
  // Secrets
  GetSecretBundle: { permissions: ['SECRET_BUNDLE_READ'], target: secretTarget },
  GetSecretBundleByName: { permissions: ['SECRET_BUNDLE_READ'], target: secretListTarget },
  // Notifications
  PublishMessage: { permissions: ['ONS_TOPIC_PUBLISH'], target: topicTarget },
  GetTopic: { permissions: ['ONS_TOPIC_READ'], target: topicTarget },
  ListSubscriptions: { permissions: ['ONS_SUBSCRIPTION_INSPECT'], target: subscriptionListTarget },
  // Cloud Guard
  GetProblem: { permissions: ['CG_PROBLEM_READ'], target: problemTarget },
  ListProblemHistories: { permissions: ['CG_PROBLEM_READ'], target: problemTarget },
  ListProblems: { permissions: ['CG_PROBLEM_INSPECT'], target: compartmentQueryTarget },
  UpdateProblemStatus: { permissions: ['CG_PROBLEM_UPDATE'], target: problemTarget },
  GetConfiguration: { permissions: ['CG_CONFIGURATION_READ'], target: compartmentQueryTarget },
  // Object Storage (objectstoragepolicyreference.htm: GetNamespace needs OBJECTSTORAGE_NAMESPACE_READ)
  GetNamespace: { permissions: ['OBJECTSTORAGE_NAMESPACE_READ'], target: tenancyTarget },
};
