import { evaluateCondition, parseConditionExpression, type ConditionExpression } from './conditions.js';
import { PolicySyntaxError } from './policy-syntax-error.js';
import { tokenize, TokenCursor } from './tokens.js';

/** The resource variables a matching rule may test (docs: Writing Matching Rules to Define Dynamic Groups). */
const RULE_VARIABLES = new Set(['resource.id', 'resource.compartment.id', 'resource.type']);

/**
 * Parses a dynamic group's matching rule: one comparison, or `ANY {…}` / `ALL {…}` of them, on
 * `resource.id`, `resource.compartment.id` and `resource.type`
 * (https://docs.oracle.com/iaas/Content/Identity/Tasks/managingdynamicgroups.htm).
 */
export function parseMatchingRule(text: string): ConditionExpression {
  const cursor = new TokenCursor(text, tokenize(text));
  const expression = parseConditionExpression(cursor);
  if (!cursor.atEnd()) throw new PolicySyntaxError(text, `unexpected "${cursor.peek()?.value ?? ''}" after the rule`);
  const comparisons = expression.kind === 'comparison' ? [expression.comparison] : expression.comparisons;
  for (const comparison of comparisons) {
    if (!RULE_VARIABLES.has(comparison.variable))
      throw new PolicySyntaxError(
        text,
        `"${comparison.variable}" is not a matching-rule variable (resource.id, resource.compartment.id, resource.type)`,
      );
  }
  return expression;
}

export interface ResourceIdentity {
  id: string;
  compartmentId: string;
  /** `fnfunc` for a Function, as the emulator's RPSTs say (`res_type`). */
  type: string;
}

export function ruleMatches(rule: ConditionExpression, resource: ResourceIdentity): boolean {
  return evaluateCondition(rule, {
    'resource.id': resource.id,
    'resource.compartment.id': resource.compartmentId,
    'resource.type': resource.type,
  });
}
