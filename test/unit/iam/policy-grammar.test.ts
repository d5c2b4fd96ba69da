import { describe, expect, it } from 'vitest';
import { evaluateCondition } from '../../../emulator/iam/conditions.js';
import { parseMatchingRule, ruleMatches } from '../../../emulator/iam/matching-rule.js';
import { PolicySyntaxError } from '../../../emulator/iam/policy-syntax-error.js';
import { parsePolicyStatement } from '../../../emulator/iam/policy-statement.js';
import { permissionsGranted } from '../../../emulator/iam/oci-policy-reference.js';

describe('IAM policy statement grammar', () => {
  it('parses a group statement with a compartment OCID and an any {} condition', () => {
    // Prepare
    const text =
      "allow group secops, 'Default'/'auditors' to use secrets in compartment id ocid1.compartment.oc1..aaaa where any {target.vault.id = 'ocid1.vault.oc1.iad.v1', target.secret.name = 'rot-*'}";

    // Act
    const statement = parsePolicyStatement(text);

    // Assess
    expect(statement.subject).toEqual({ kind: 'group', names: ['secops', 'auditors'] });
    expect(statement.verb).toBe('use');
    expect(statement.resourceType).toBe('secrets');
    expect(statement.location).toEqual({ kind: 'compartment-id', id: 'ocid1.compartment.oc1..aaaa' });
    expect(statement.condition).toEqual({
      kind: 'any',
      comparisons: [
        { variable: 'target.vault.id', operator: '=', value: 'ocid1.vault.oc1.iad.v1' },
        { variable: 'target.secret.name', operator: '=', value: 'rot-*' },
      ],
    });
  });

  it('parses dynamic-group, service and compartment-path subjects and locations', () => {
    // Act
    const fn = parsePolicyStatement('Allow dynamic-group cg-credential-responder to read users in tenancy');
    const events = parsePolicyStatement('Allow service cloudEvents to use functions-family in compartment apps:fn');

    // Assess
    expect(fn.subject).toEqual({ kind: 'dynamic-group', names: ['cg-credential-responder'] });
    expect(fn.location).toEqual({ kind: 'tenancy' });
    expect(fn.condition).toBeNull();
    expect(events.subject).toEqual({ kind: 'service', names: ['cloudEvents'] });
    expect(events.location).toEqual({ kind: 'compartment-name', path: ['apps', 'fn'] });
  });

  it.each([
    ['Allow group a to destroy users in tenancy', 'unknown verb "destroy"'],
    ['Allow group a to read userz in tenancy', 'unknown resource type "userz"'],
    ['Allow group a to read users', 'expected "in" but the text ended'],
    ['Allow group a to read users in tenancy where', 'expected a variable'],
    ["Allow group a to read users in tenancy where any {target.user.id = 'x'", 'expected "}"'],
    ["Allow group a to read users in tenancy where all {any {target.user.id = 'x'}}", 'nested any/all'],
    ["Allow group a to read users in tenancy where target.user.id = 'x", 'unterminated quoted string'],
    ['Allow group a to read users in compartment ocid1.compartment.oc1..aaaa', 'needs "compartment id'],
    ['Deny group a to read users in tenancy', 'expected "allow"'],
    ['Allow group a to read users in tenancy please', 'expected "where"'],
  ])('refuses "%s" naming the statement (%s)', (text, reason) => {
    // Act
    const error = (() => {
      try {
        parsePolicyStatement(text);
      } catch (caught) {
        return caught;
      }
      return null;
    })();

    // Assess
    expect(error).toBeInstanceOf(PolicySyntaxError);
    expect((error as Error).message).toContain(reason);
    expect((error as Error).message).toContain(text);
  });
});

describe('IAM conditions', () => {
  it('treats a variable the request does not carry as false, for = and != alike', () => {
    // Prepare
    const equal = { kind: 'comparison', comparison: { variable: 'target.vault.id', operator: '=', value: 'v' } } as const;
    const notEqual = { kind: 'comparison', comparison: { variable: 'target.vault.id', operator: '!=', value: 'v' } } as const;

    // Act / Assess
    expect(evaluateCondition(equal, {})).toBe(false);
    expect(evaluateCondition(notEqual, {})).toBe(false);
    expect(evaluateCondition(notEqual, { 'target.vault.id': 'w' })).toBe(true);
  });

  it('compares request.permission case-insensitively and OCIDs exactly, with * as a wildcard', () => {
    // Prepare
    const permission = { kind: 'comparison', comparison: { variable: 'request.permission', operator: '=', value: 'user_read' } } as const;
    const name = { kind: 'comparison', comparison: { variable: 'target.secret.name', operator: '=', value: 'rot-*' } } as const;

    // Act / Assess
    expect(evaluateCondition(permission, { 'request.permission': 'USER_READ' })).toBe(true);
    expect(evaluateCondition(name, { 'target.secret.name': 'rot-alice' })).toBe(true);
    expect(evaluateCondition(name, { 'target.secret.name': 'Rot-alice' })).toBe(false);
  });
});

describe('dynamic-group matching rules', () => {
  it('matches the Function by OCID, compartment and type, and nothing else', () => {
    // Prepare
    const rule = parseMatchingRule("ALL {resource.type = 'fnfunc', resource.compartment.id = 'ocid1.compartment.oc1..fn'}");
    const byId = parseMatchingRule("resource.id = 'ocid1.fnfunc.oc1.iad.f1'");

    // Act / Assess
    expect(ruleMatches(rule, { id: 'ocid1.fnfunc.oc1.iad.f1', compartmentId: 'ocid1.compartment.oc1..fn', type: 'fnfunc' })).toBe(true);
    expect(ruleMatches(rule, { id: 'ocid1.fnfunc.oc1.iad.f1', compartmentId: 'ocid1.compartment.oc1..other', type: 'fnfunc' })).toBe(false);
    expect(ruleMatches(byId, { id: 'ocid1.fnfunc.oc1.iad.f2', compartmentId: 'x', type: 'fnfunc' })).toBe(false);
  });

  it('refuses a rule on a variable that is not a resource variable', () => {
    // Act / Assess
    expect(() => parseMatchingRule("ANY {request.user.id = 'x'}")).toThrow(/not a matching-rule variable/);
  });
});

describe('verb → permission', () => {
  it('is cumulative and expands families', () => {
    // Act
    const readUsers = permissionsGranted('read', 'users');
    const family = permissionsGranted('read', 'secret-family');

    // Assess
    expect([...readUsers].sort()).toEqual(['USER_INSPECT', 'USER_READ']);
    expect(readUsers.has('USER_UPDATE')).toBe(false);
    expect(permissionsGranted('manage', 'users').has('USER_APIKEY_ADD')).toBe(true);
    expect(family.has('SECRET_BUNDLE_READ')).toBe(true);
    expect(family.has('SECRET_VERSION_READ')).toBe(true);
    expect(family.has('SECRET_UPDATE')).toBe(false);
  });
});
