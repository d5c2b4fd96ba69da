import type { EmulatorState } from '../state/types.js';
import { operationPermissions } from './oci-policy-reference.js';

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

const tenancyTarget: OperationAccess['target'] = (state) => ({
  compartmentId: state.tenancy.id,
  variables: { 'target.tenancy.id': state.tenancy.id },
});

const secretTarget: OperationAccess['target'] = (state, params) => {
  const secret = state.secrets.find((candidate) => candidate.id === params['secretId']);
  if (!secret) return { compartmentId: null, variables: { 'target.secret.id': params['secretId'] ?? '' } };
  return {
    compartmentId: secret.compartmentId,
    variables: {
      'target.secret.id': secret.id,
      'target.secret.name': secret.secretName,
      'target.vault.id': secret.vaultId,
      'target.key.id': secret.keyId,
    },
  };
};

/** List calls act on a compartment; a `vaultId` filter is offered as `target.vault.id` (assumed: OCI does not document the variables of ListSecrets). */
const secretListTarget: OperationAccess['target'] = (_state, _params, query) => {
  const vaultId = query.get('vaultId');
  return { compartmentId: query.get('compartmentId'), variables: vaultId ? { 'target.vault.id': vaultId } : {} };
};

/** Notifications supplies only the general variables ("Only the general variables are supported"): no topic variable. */
const topicTarget: OperationAccess['target'] = (state, params) => {
  const topic = state.topics.find((candidate) => candidate.id === params['topicId']);
  return { compartmentId: topic?.compartmentId ?? null, variables: {} };
};

const subscriptionListTarget: OperationAccess['target'] = (_state, _params, query) => ({
  compartmentId: query.get('compartmentId'),
  variables: {},
});

/** A Function the emulator does not hold as a resource: only a statement `in tenancy` covers it. */
const functionTarget: OperationAccess['target'] = () => ({ compartmentId: null, variables: {} });

const problemTarget: OperationAccess['target'] = (state, params) => {
  const problem = state.problems.find((candidate) => candidate.id === params['problemId']);
  return { compartmentId: problem?.compartmentId ?? null, variables: {} };
};

const compartmentQueryTarget: OperationAccess['target'] = (_state, _params, query) => ({
  compartmentId: query.get('compartmentId'),
  variables: {},
});

/**
 * The permissions each emulator route needs, keyed by the route's `operation`, so service files
 * need no change; the permissions come from the policy reference table (oci-policy-reference.ts,
 * with its sources). A route without a row is refused while
 * policies are enforced (never kinder than OCI); a unit test lists routes missing here.
 */
export const OPERATION_ACCESS: Readonly<Record<string, OperationAccess>> = {
  // Identity
  GetUser: { permissions: operationPermissions('GetUser'), selfService: true, target: userTarget },
  ListApiKeys: { permissions: operationPermissions('ListApiKeys'), selfService: true, target: userTarget },
  UploadApiKey: { permissions: operationPermissions('UploadApiKey'), selfService: true, target: userTarget },
  DeleteApiKey: { permissions: operationPermissions('DeleteApiKey'), selfService: true, target: userTarget },
  ListAuthTokens: { permissions: operationPermissions('ListAuthTokens'), selfService: true, target: userTarget },
  CreateAuthToken: { permissions: operationPermissions('CreateAuthToken'), selfService: true, target: userTarget },
  DeleteAuthToken: { permissions: operationPermissions('DeleteAuthToken'), selfService: true, target: userTarget },
  ListCustomerSecretKeys: { permissions: operationPermissions('ListCustomerSecretKeys'), selfService: true, target: userTarget },
  CreateCustomerSecretKey: { permissions: operationPermissions('CreateCustomerSecretKey'), selfService: true, target: userTarget },
  DeleteCustomerSecretKey: { permissions: operationPermissions('DeleteCustomerSecretKey'), selfService: true, target: userTarget },
  CreateOrResetUIPassword: { permissions: operationPermissions('CreateOrResetUIPassword'), selfService: true, target: userTarget },
  GetUserUIPasswordInformation: {
    permissions: operationPermissions('GetUserUIPasswordInformation'),
    selfService: true,
    target: userTarget,
  },
  GetTenancy: { permissions: operationPermissions('GetTenancy'), target: tenancyTarget },
  ListRegionSubscriptions: { permissions: operationPermissions('ListRegionSubscriptions'), target: tenancyTarget },
  // Vault
  GetSecret: { permissions: operationPermissions('GetSecret'), target: secretTarget },
  UpdateSecret: { permissions: operationPermissions('UpdateSecret'), target: secretTarget },
  ListSecrets: { permissions: operationPermissions('ListSecrets'), target: secretListTarget },
  ListSecretVersions: { permissions: operationPermissions('ListSecretVersions'), target: secretTarget },
  GetSecretVersion: { permissions: operationPermissions('GetSecretVersion'), target: secretTarget },
  // Starting a rotation is a manage-level act on the secret (SECRET_ROTATE, Vault policy reference).
  RotateSecret: { permissions: operationPermissions('RotateSecret'), target: secretTarget },
  ScheduleSecretVersionDeletion: { permissions: operationPermissions('ScheduleSecretVersionDeletion'), target: secretTarget },
  // Secrets
  GetSecretBundle: { permissions: operationPermissions('GetSecretBundle'), target: secretTarget },
  GetSecretBundleByName: { permissions: operationPermissions('GetSecretBundleByName'), target: secretListTarget },
  // Notifications
  PublishMessage: { permissions: operationPermissions('PublishMessage'), target: topicTarget },
  GetTopic: { permissions: operationPermissions('GetTopic'), target: topicTarget },
  ListSubscriptions: { permissions: operationPermissions('ListSubscriptions'), target: subscriptionListTarget },
  // Cloud Guard
  GetProblem: { permissions: operationPermissions('GetProblem'), target: problemTarget },
  ListProblemHistories: { permissions: operationPermissions('ListProblemHistories'), target: problemTarget },
  ListProblems: { permissions: operationPermissions('ListProblems'), target: compartmentQueryTarget },
  UpdateProblemStatus: { permissions: operationPermissions('UpdateProblemStatus'), target: problemTarget },
  GetConfiguration: { permissions: operationPermissions('GetConfiguration'), target: compartmentQueryTarget },
  // Object Storage (objectstoragepolicyreference.htm: GetNamespace needs OBJECTSTORAGE_NAMESPACE_READ)
  GetNamespace: { permissions: operationPermissions('GetNamespace'), target: tenancyTarget },
  // Functions: what a secret's resource principal needs for Vault rotation (checked, not served).
  GetFunction: { permissions: operationPermissions('GetFunction'), target: functionTarget },
  InvokeFunction: { permissions: operationPermissions('InvokeFunction'), target: functionTarget },
};
