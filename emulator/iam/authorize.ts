import type { Principal } from '../http/route.js';
import type { EmulatorState } from '../state/types.js';
import { evaluateCondition } from './conditions.js';
import { compileIam, type CompiledIam } from './compile-policies.js';
import { ruleMatches } from './matching-rule.js';
import { OPERATION_ACCESS } from './operation-permissions.js';
import { permissionsGranted, supportedVariables } from './oci-policy-reference.js';

/** assumed: OCI does not publish its RPSTs' `res_type` for Functions; the emulator's RPSTs say `fnfunc`. */
export const FUNCTION_RESOURCE_TYPE = 'fnfunc';

/**
 * A resource principal's `resource.type`, from its OCID: a secret is `vaultsecret` (the type Vault
 * rotation acts as, Oracle A-Team "Automatically Rotate OCI Secrets using a Custom Function"),
 * anything else the emulator issues sessions for is a Function.
 */
export function resourceTypeOf(resourceId: string): string {
  return resourceId.startsWith('ocid1.vaultsecret.') ? 'vaultsecret' : FUNCTION_RESOURCE_TYPE;
}

export type AccessDecision =
  | { allowed: true; reason: 'no policies' | 'self-service' | 'policy' }
  | { allowed: false; operation: string; missingPermissions: string[]; reason: string };

/** True when the state holds any policy statement: only then does the emulator enforce IAM. */
export function enforcesPolicies(state: EmulatorState): boolean {
  return (state.iam?.policies ?? []).some((policy) => policy.statements.length > 0);
}

/**
 * Policies parsed once per state: no OCI operation the emulator serves changes IAM, groups or
 * compartments, and a new state (setState, PUT /_emulator/state) is a new object.
 */
const compiledByState = new WeakMap<EmulatorState, CompiledIam>();

/** For the one set-up step that changes a live state's IAM (the emulator's administrator). */
export function forgetCompiledIam(state: EmulatorState): void {
  compiledByState.delete(state);
}

function compiledFor(state: EmulatorState): CompiledIam {
  let compiled = compiledByState.get(state);
  if (!compiled) {
    compiled = compileIam(state);
    compiledByState.set(state, compiled);
  }
  return compiled;
}

/**
 * OCI's authorisation for one request: every permission the operation needs must be granted by
 * some `Allow` statement whose subject includes the caller (a group it is a member of, or a
 * dynamic group whose matching rule matches the resource behind its resource-principal session),
 * whose verb and resource type grant that permission, whose location covers the target's
 * compartment, and whose condition holds for this request with `request.permission` set to that
 * permission (docs, "How Policies Work" and "Conditions",
 * https://docs.oracle.com/iaas/Content/Identity/policieshow/how-policies-work.htm). Nothing is
 * allowed by default.
 */
export function authorize(input: {
  state: EmulatorState;
  principal: Principal;
  operation: string;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
}): AccessDecision {
  const { state, principal, operation } = input;
  if (!enforcesPolicies(state)) return { allowed: true, reason: 'no policies' };
  const access = OPERATION_ACCESS[operation];
  if (!access)
    return {
      allowed: false,
      operation,
      missingPermissions: [],
      reason: `no permission mapping for ${operation} (emulator/iam/operation-permissions.ts)`,
    };
  // A Swift or S3 credential acts as its user, like an API key.
  const userId = principal.kind === 'resource' ? null : principal.userId;
  if (access.selfService && userId !== null && input.params['userId'] === userId) return { allowed: true, reason: 'self-service' };

  const compiled = compiledFor(state);
  const target = access.target(state, input.params, input.query);
  const groups = new Set(
    principal.kind === 'resource'
      ? compiled.dynamicGroups
          .filter((group) => ruleMatches(group.rule, resourceOf(state, principal)))
          .map((group) => group.name.toLowerCase())
      : compiled.groups.filter((group) => userId !== null && group.memberIds.includes(userId)).map((group) => group.name.toLowerCase()),
  );
  const isUser = principal.kind !== 'resource';
  const subjectKind = isUser ? 'group' : 'dynamic-group';
  // Only the variables the called service supplies: a condition on any other never matches.
  const supported = supportedVariables(operation);
  const offered = Object.entries({
    ...target.variables,
    ...(target.compartmentId ? { 'target.compartment.id': target.compartmentId } : {}),
  }).filter(([name]) => supported.has(name));

  const missing = access.permissions.filter(
    (permission) =>
      !compiled.statements.some(({ statement, locationId }) => {
        const subject = statement.subject;
        const appliesToCaller =
          (subject.kind === subjectKind && subject.names.some((name) => groups.has(name.toLowerCase()))) ||
          (isUser && (subject.kind === 'any-user' || (subject.kind === 'any-group' && groups.size > 0))) ||
          (principal.kind === 'resource' && subject.kind === 'any-user');
        if (!appliesToCaller) return false;
        if (!permissionsGranted(statement.verb, statement.resourceType).has(permission)) return false;
        if (!compiled.tree.covers(locationId, target.compartmentId)) return false;
        if (!statement.condition) return true;
        return evaluateCondition(statement.condition, {
          ...Object.fromEntries(offered),
          'request.permission': permission,
          'request.operation': operation,
        });
      }),
  );
  if (missing.length === 0) return { allowed: true, reason: 'policy' };
  return { allowed: false, operation, missingPermissions: missing, reason: `no statement grants ${missing.join(', ')}` };
}

function resourceOf(
  state: EmulatorState,
  principal: Extract<Principal, { kind: 'resource' }>,
): { id: string; compartmentId: string; type: string } {
  const session = state.resourcePrincipalSessions.find((candidate) => candidate.sessionId === principal.sessionId);
  return {
    id: principal.resourceId,
    compartmentId: session?.compartmentId ?? state.tenancy.id,
    type: resourceTypeOf(principal.resourceId),
  };
}
