/**
 * The pages of Oracle's reference each generated statement follows. docs/policy.md lists every
 * statement with its page; `cg-responder policy` prints the page under each statement.
 */
export const POLICY_SOURCES = {
  identity: 'https://docs.oracle.com/iaas/Content/Identity/policyreference/iampolicyreference.htm',
  vault: 'https://docs.oracle.com/iaas/Content/Identity/policyreference/keypolicyreference.htm',
  notifications: 'https://docs.oracle.com/iaas/Content/Identity/policyreference/notificationpolicyreference.htm',
  cloudGuard: 'https://docs.oracle.com/iaas/cloud-guard/using/policies.htm',
  objectStorage: 'https://docs.oracle.com/iaas/Content/Identity/policyreference/objectstoragepolicyreference.htm',
  events: 'https://docs.oracle.com/iaas/Content/Events/Concepts/eventspolicy.htm',
  functions: 'https://docs.oracle.com/iaas/Content/Identity/policyreference/functionspolicyreference.htm',
  vaultRotationFunction: 'https://blogs.oracle.com/ateam/post/automatically-rotate-oci-secrets-using-a-custom-function',
  matchingRules: 'https://docs.oracle.com/iaas/Content/Identity/Tasks/managingdynamicgroups.htm',
} as const;
