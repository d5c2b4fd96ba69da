import type { EmulatorState } from '../state/types.js';
import { CompartmentTree } from './compartment-tree.js';
import type { ConditionExpression } from './conditions.js';
import { parseMatchingRule } from './matching-rule.js';
import { PolicySyntaxError } from './policy-syntax-error.js';
import { parsePolicyStatement, type PolicyStatement } from './policy-statement.js';

export interface CompiledStatement {
  statement: PolicyStatement;
  /** The compartment its location names (resolved once). */
  locationId: string;
}

export interface CompiledIam {
  tree: CompartmentTree;
  statements: CompiledStatement[];
  dynamicGroups: Array<{ name: string; rule: ConditionExpression }>;
  groups: Array<{ name: string; memberIds: readonly string[] }>;
}

/** Where in the state a bad statement or rule sits, for the InvalidStateError the loader throws. */
export class IamDefinitionError extends Error {
  override name = 'IamDefinitionError';

  constructor(
    /** JSON Pointer: `/iam/policies/0/statements/3`. */
    readonly path: string,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Parses every policy statement and matching rule and resolves the names they use. OCI refuses
 * to create a policy whose statement it cannot parse or that names a group, dynamic group or
 * compartment that does not exist (docs, Policy Syntax; assumed for the exact error), so the
 * emulator refuses such a state when it is loaded, naming the statement.
 */
export function compileIam(state: EmulatorState): CompiledIam {
  const iam = state.iam;
  const tree = new CompartmentTree(state);
  const dynamicGroups = (iam?.dynamicGroups ?? []).map((group, index) => {
    try {
      return { name: group.name, rule: parseMatchingRule(group.matchingRule) };
    } catch (error) {
      if (!(error instanceof PolicySyntaxError)) throw error;
      throw new IamDefinitionError(
        `/iam/dynamicGroups/${index}/matchingRule`,
        `matching rule of dynamic group "${group.name}" cannot be parsed: ${error.message}`,
        { cause: error },
      );
    }
  });
  const groups = (iam?.groups ?? []).map((group) => ({ name: group.name, memberIds: group.memberIds }));
  const groupNames = new Set(groups.map((group) => group.name.toLowerCase()));
  const dynamicGroupNames = new Set(dynamicGroups.map((group) => group.name.toLowerCase()));

  const statements: CompiledStatement[] = [];
  (iam?.policies ?? []).forEach((policy, policyIndex) => {
    policy.statements.forEach((text, statementIndex) => {
      const path = `/iam/policies/${policyIndex}/statements/${statementIndex}`;
      let statement: PolicyStatement;
      try {
        statement = parsePolicyStatement(text);
      } catch (error) {
        if (!(error instanceof PolicySyntaxError)) throw error;
        throw new IamDefinitionError(path, `policy "${policy.name}" statement cannot be parsed: ${error.message}`, { cause: error });
      }
      const subject = statement.subject;
      if (subject.kind === 'group' || subject.kind === 'dynamic-group') {
        const known = subject.kind === 'group' ? groupNames : dynamicGroupNames;
        const unknown = subject.names.find((name) => !known.has(name.toLowerCase()));
        if (unknown !== undefined)
          throw new IamDefinitionError(
            path,
            `policy "${policy.name}" statement names ${subject.kind} "${unknown}", which does not exist: "${text}"`,
          );
      }
      const locationId = tree.resolve(statement.location, policy.compartmentId);
      if (!locationId)
        throw new IamDefinitionError(path, `policy "${policy.name}" statement names a compartment that does not exist: "${text}"`);
      statements.push({ statement, locationId });
    });
  });
  return { tree, statements, dynamicGroups, groups };
}
