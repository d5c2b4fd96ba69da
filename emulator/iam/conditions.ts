import { PolicySyntaxError } from './policy-syntax-error.js';
import type { TokenCursor } from './tokens.js';

/** One comparison: `target.vault.id = 'ocid1.vault…'` or `request.permission != 'USER_UPDATE'`. */
export interface Comparison {
  variable: string;
  operator: '=' | '!=';
  value: string;
}

/** OCI allows a single comparison or one `any {…}` / `all {…}` list of comparisons (no nesting). */
export type ConditionExpression = { kind: 'comparison'; comparison: Comparison } | { kind: 'any' | 'all'; comparisons: Comparison[] };

const VARIABLE = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$/i;

/**
 * Parses what follows `where` in a statement, or a whole dynamic-group matching rule: the
 * grammar is the same (docs: Policy Syntax, "Conditions"
 * https://docs.oracle.com/iaas/Content/Identity/policysyntax/conditions.htm; Writing Matching
 * Rules https://docs.oracle.com/iaas/Content/Identity/Tasks/managingdynamicgroups.htm).
 */
export function parseConditionExpression(cursor: TokenCursor): ConditionExpression {
  if (cursor.isKeyword('any') || cursor.isKeyword('all')) {
    const kind = (cursor.next('any or all').value.toLowerCase() === 'any' ? 'any' : 'all') as 'any' | 'all';
    cursor.symbol('{');
    const comparisons: Comparison[] = [parseComparison(cursor)];
    while (cursor.isSymbol(',')) {
      cursor.symbol(',');
      comparisons.push(parseComparison(cursor));
    }
    cursor.symbol('}');
    return { kind, comparisons };
  }
  return { kind: 'comparison', comparison: parseComparison(cursor) };
}

function parseComparison(cursor: TokenCursor): Comparison {
  const variable = cursor.next('a variable such as target.vault.id');
  if (variable.kind === 'word' && (variable.value.toLowerCase() === 'any' || variable.value.toLowerCase() === 'all'))
    throw new PolicySyntaxError(cursor.text, 'nested any/all lists are not allowed');
  if (variable.kind !== 'word' || !VARIABLE.test(variable.value))
    throw new PolicySyntaxError(cursor.text, `expected a variable but found "${variable.value}"`);
  const operator = cursor.next('= or !=');
  if (operator.kind !== 'symbol' || (operator.value !== '=' && operator.value !== '!='))
    throw new PolicySyntaxError(cursor.text, `expected = or != after ${variable.value}`);
  const value = cursor.next(`a value for ${variable.value}`);
  if (value.kind === 'symbol')
    throw new PolicySyntaxError(cursor.text, `expected a value for ${variable.value} but found "${value.value}"`);
  return { variable: variable.value.toLowerCase(), operator: operator.value, value: value.value };
}

/**
 * Evaluates against the request's variables. A variable the request does not have makes its
 * comparison false, for `=` and `!=` alike (docs, Conditions: "If the variable is not applicable
 * to the incoming request, the condition evaluates to false").
 */
export function evaluateCondition(expression: ConditionExpression, variables: Readonly<Record<string, string>>): boolean {
  const test = (comparison: Comparison): boolean => {
    const actual = variables[comparison.variable];
    if (actual === undefined) return false;
    const equal = matches(actual, comparison.value, comparison.variable);
    return comparison.operator === '=' ? equal : !equal;
  };
  if (expression.kind === 'comparison') return test(expression.comparison);
  return expression.kind === 'any' ? expression.comparisons.some(test) : expression.comparisons.every(test);
}

/**
 * Permission names and resource types compare case-insensitively; other strings exactly. `*`
 * in a policy value is a wildcard (docs, Conditions: "pattern matching … with *").
 */
function matches(actual: string, pattern: string, variable: string): boolean {
  const insensitive = variable === 'request.permission' || variable === 'request.operation' || variable === 'resource.type';
  const [a, p] = insensitive ? [actual.toLowerCase(), pattern.toLowerCase()] : [actual, pattern];
  if (!p.includes('*')) return a === p;
  const regex = new RegExp(
    `^${p
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(a);
}
