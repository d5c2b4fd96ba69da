import { parseConditionExpression, type ConditionExpression } from './conditions.js';
import { PolicySyntaxError } from './policy-syntax-error.js';
import { isKnownResourceType, VERBS, type Verb } from './oci-policy-reference.js';
import { tokenize, TokenCursor, type Token } from './tokens.js';

export type Subject =
  | { kind: 'group' | 'dynamic-group'; names: string[] }
  | { kind: 'service'; names: string[] }
  | { kind: 'any-user' }
  | { kind: 'any-group' };

export type Location = { kind: 'tenancy' } | { kind: 'compartment-id'; id: string } | { kind: 'compartment-name'; path: string[] };

export interface PolicyStatement {
  text: string;
  subject: Subject;
  verb: Verb;
  resourceType: string;
  location: Location;
  condition: ConditionExpression | null;
}

/**
 * Parses one statement of OCI's policy grammar, the subset the responder's policy uses
 * (docs: Policy Syntax https://docs.oracle.com/iaas/Content/Identity/policysyntax/policysyntax.htm):
 *
 *   Allow <subject> to <verb> <resource-type> in <location> [where <conditions>]
 *
 * subject: `group <name>[, <name>…]`, `dynamic-group <name>[, …]` (a name may be quoted and
 * carry an identity domain: `'Default'/'name'`), `service <name>[, …]`, `any-user`,
 * `any-group`; verb: inspect | read | use | manage; location: `tenancy`,
 * `compartment id <ocid>` or `compartment <name>[:<child>…]`. Throws PolicySyntaxError naming
 * the statement; `Endorse`/`Admit`/`Define` and permission lists `{…}` are not supported.
 */
export function parsePolicyStatement(text: string): PolicyStatement {
  const cursor = new TokenCursor(text, tokenize(text));
  cursor.keyword('allow');
  const subject = parseSubject(cursor);
  cursor.keyword('to');
  const verbToken = cursor.next('a verb');
  const verb = verbToken.value.toLowerCase() as Verb;
  if (verbToken.kind !== 'word' || !VERBS.includes(verb))
    throw new PolicySyntaxError(text, `unknown verb "${verbToken.value}" (inspect, read, use or manage)`);
  const typeToken = cursor.next('a resource type');
  const resourceType = typeToken.value.toLowerCase();
  if (typeToken.kind !== 'word' || !isKnownResourceType(resourceType))
    throw new PolicySyntaxError(text, `unknown resource type "${typeToken.value}"`);
  cursor.keyword('in');
  const location = parseLocation(cursor);
  let condition: ConditionExpression | null = null;
  if (!cursor.atEnd()) {
    cursor.keyword('where');
    condition = parseConditionExpression(cursor);
  }
  if (!cursor.atEnd()) throw new PolicySyntaxError(text, `unexpected "${cursor.peek()?.value ?? ''}" after the statement`);
  return { text, subject, verb, resourceType, location, condition };
}

function parseSubject(cursor: TokenCursor): Subject {
  const kind = cursor.next('a subject (group, dynamic-group, service, any-user)');
  const lower = kind.value.toLowerCase();
  if (kind.kind === 'word' && lower === 'any-user') return { kind: 'any-user' };
  if (kind.kind === 'word' && lower === 'any-group') return { kind: 'any-group' };
  if (kind.kind !== 'word' || (lower !== 'group' && lower !== 'dynamic-group' && lower !== 'service')) {
    throw new PolicySyntaxError(cursor.text, `expected group, dynamic-group, service or any-user but found "${kind.value}"`);
  }
  const names = [subjectName(cursor)];
  while (cursor.isSymbol(',')) {
    cursor.symbol(',');
    names.push(subjectName(cursor));
  }
  return { kind: lower, names };
}

/** `name`, `'name'` or `'Domain'/'name'`; the identity domain is dropped (the emulator has one, Default). */
function subjectName(cursor: TokenCursor): string {
  const first = nameToken(cursor, cursor.next('a name'));
  if (!cursor.isSymbol('/')) return first;
  cursor.symbol('/');
  return nameToken(cursor, cursor.next('a name after the identity domain'));
}

function nameToken(cursor: TokenCursor, token: Token): string {
  if (token.kind === 'symbol' || token.value === '' || (token.kind === 'word' && token.value.toLowerCase() === 'to')) {
    throw new PolicySyntaxError(cursor.text, `expected a name but found "${token.value}"`);
  }
  return token.value;
}

function parseLocation(cursor: TokenCursor): Location {
  const where = cursor.next('tenancy or compartment');
  const lower = where.value.toLowerCase();
  if (where.kind === 'word' && lower === 'tenancy') return { kind: 'tenancy' };
  if (where.kind !== 'word' || lower !== 'compartment')
    throw new PolicySyntaxError(cursor.text, `expected "tenancy" or "compartment" but found "${where.value}"`);
  if (cursor.isKeyword('id')) {
    cursor.keyword('id');
    const id = cursor.next('a compartment OCID');
    if (!/^ocid1\.(compartment|tenancy)\./.test(id.value))
      throw new PolicySyntaxError(cursor.text, `"${id.value}" is not a compartment OCID`);
    return { kind: 'compartment-id', id: id.value };
  }
  const name = cursor.next('a compartment name');
  if (name.kind === 'symbol') throw new PolicySyntaxError(cursor.text, `expected a compartment name but found "${name.value}"`);
  if (name.value.startsWith('ocid1.')) throw new PolicySyntaxError(cursor.text, `a compartment OCID needs "compartment id ${name.value}"`);
  return { kind: 'compartment-name', path: name.value.split(':') };
}
