import { newOcid } from '../ids.js';
import type { EmulatorState } from '../state/types.js';
import { serviceUser } from '../state/service-user.js';
import { forgetCompiledIam } from './authorize.js';

export const ADMINISTRATOR_USER_NAME = 'cg-responder-emulator-admin';
export const ADMINISTRATORS_GROUP_NAME = 'Administrators';
/**
 * A tenancy's own administrator grant: "Allow group Administrators to manage all-resources in
 * tenancy" (Oracle, "The Administrators Group and Policy",
 * https://docs.oracle.com/iaas/Content/Identity/Concepts/overview.htm).
 */
export const ADMINISTRATORS_STATEMENT = `Allow group ${ADMINISTRATORS_GROUP_NAME} to manage all-resources in tenancy`;

/**
 * The emulator's administrator, for a person poking it with the OCI CLI or SDK (`--profile ADMIN`)
 * without writing policy: a user in the Administrators group, which OCI's tenancy admin policy lets
 * manage everything. Added when the emulator writes its OCI config, once; the operator profile
 * keeps its least privilege. Returns the administrator's user OCID. Only a state that enforces
 * policies gets the group and policy; without policies every signed caller may do anything anyway.
 */
export function ensureEmulatorAdministrator(state: EmulatorState, now: Date): string {
  const existing = state.users.find((user) => user.name === ADMINISTRATOR_USER_NAME);
  const userId = existing?.id ?? newOcid('user');
  if (!existing) {
    state.users.push(
      serviceUser({
        id: userId,
        compartmentId: state.tenancy.id,
        name: ADMINISTRATOR_USER_NAME,
        description: 'The emulator’s administrator (the ADMIN profile of the config it writes)',
        now,
      }),
    );
  }
  const iam = state.iam;
  if (!iam) return userId;
  const group = iam.groups.find((candidate) => candidate.name === ADMINISTRATORS_GROUP_NAME);
  if (!group) iam.groups.push({ id: newOcid('group'), name: ADMINISTRATORS_GROUP_NAME, memberIds: [userId] });
  else if (!group.memberIds.includes(userId)) group.memberIds = [...group.memberIds, userId];
  if (!iam.policies.some((policy) => policy.statements.includes(ADMINISTRATORS_STATEMENT))) {
    iam.policies.push({
      id: newOcid('policy'),
      name: 'Tenant Admin Policy',
      compartmentId: state.tenancy.id,
      statements: [ADMINISTRATORS_STATEMENT],
    });
  }
  // The state's IAM changed in place: compile it again on the next request.
  forgetCompiledIam(state);
  return userId;
}
