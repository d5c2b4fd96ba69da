import { compileIam, IamDefinitionError } from '../iam/compile-policies.js';
import { isSubscribedRegion } from './tenancy-regions.js';
import type { EmulatorState } from './types.js';
// Generated from the schema by scripts/generate-validators.mjs (`npm run generate`): compiling it
// with ajv at every emulator start cost about 0.2 s of CPU.
import { validateEmulatorState, type GeneratedValidationError as ErrorObject } from './generated/validators.js';

const matchesSchema = (value: unknown): value is EmulatorState => validateEmulatorState(value);

export class InvalidStateError extends Error {
  override name = 'InvalidStateError';

  constructor(
    /** JSON Pointer of the offending value, `/users/0/apiKeys/0/fingerprint`. */
    readonly path: string,
    reason: string,
  ) {
    super(`Invalid emulator state at ${path}: ${reason}`);
  }
}

/**
 * Checks a seed, a `setState` argument or a `PUT /_emulator/state` body against
 * `schemas/emulator-state.schema.json`, then the cross-record rules a schema cannot express
 * (unique ids, unique version numbers, regions that must be subscribed). The error names the most specific offending path.
 */
export function assertValidState(value: unknown): asserts value is EmulatorState {
  if (!matchesSchema(value)) {
    const error = mostSpecific(validateEmulatorState.errors ?? []);
    throw new InvalidStateError(error ? pathOf(error) : '/', error?.message ?? 'does not match schemas/emulator-state.schema.json');
  }
  assertUnique(
    value.users.map((user) => user.id),
    '/users',
    'id',
  );
  for (const [index, user] of value.users.entries()) {
    assertUnique(
      user.apiKeys.map((key) => key.fingerprint),
      `/users/${index}/apiKeys`,
      'fingerprint',
    );
  }
  assertUnique(
    value.vaults.map((vault) => vault.id),
    '/vaults',
    'id',
  );
  assertUnique(
    value.secrets.map((secret) => secret.id),
    '/secrets',
    'id',
  );
  for (const [index, secret] of value.secrets.entries()) {
    assertUnique(
      secret.versions.map((version) => version.versionNumber),
      `/secrets/${index}/versions`,
      'versionNumber',
    );
  }
  assertUnique(
    value.topics.map((topic) => topic.id),
    '/topics',
    'id',
  );
  assertUnique(
    value.problems.map((problem) => problem.id),
    '/problems',
    'id',
  );
  assertUnique(
    value.resourcePrincipalSessions.map((session) => session.sessionId),
    '/resourcePrincipalSessions',
    'sessionId',
  );
  assertRegions(value);
  assertIamCompiles(value);
}

/** The home region, the default region and Cloud Guard's reporting region must all be subscribed regions. */
function assertRegions(state: EmulatorState): void {
  const subscriptions = state.tenancy.regionSubscriptions;
  if (subscriptions !== undefined) {
    assertUnique(
      subscriptions.map((subscription) => subscription.regionName),
      '/tenancy/regionSubscriptions',
      'regionName',
    );
    if (!isSubscribedRegion(state, state.tenancy.homeRegion)) {
      throw new InvalidStateError('/tenancy/regionSubscriptions', `must include the home region ${state.tenancy.homeRegion}`);
    }
  }
  const defaultRegion = state.settings.defaultRegion;
  if (defaultRegion !== undefined && !isSubscribedRegion(state, defaultRegion)) {
    throw new InvalidStateError('/settings/defaultRegion', `${defaultRegion} is not a subscribed region`);
  }
  const reportingRegion = state.cloudGuard?.reportingRegion;
  if (reportingRegion !== undefined && !isSubscribedRegion(state, reportingRegion)) {
    throw new InvalidStateError('/cloudGuard/reportingRegion', `${reportingRegion} is not a subscribed region`);
  }
}

/** Unparsable policy statements and matching rules are refused at load, naming the statement. */
function assertIamCompiles(value: EmulatorState): void {
  try {
    compileIam(value);
  } catch (error) {
    if (error instanceof IamDefinitionError) throw new InvalidStateError(error.path, error.message);
    throw error;
  }
}

/** The deepest error: with `oneOf` (nullable objects) the shallow ones only say "no branch matched". */
function mostSpecific(errors: ErrorObject[]): ErrorObject | undefined {
  return errors.reduce<ErrorObject | undefined>(
    (best, error) => (!best || pathOf(error).split('/').length > pathOf(best).split('/').length ? error : best),
    undefined,
  );
}

function pathOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const child =
    typeof params['missingProperty'] === 'string'
      ? params['missingProperty']
      : typeof params['additionalProperty'] === 'string'
        ? params['additionalProperty']
        : null;
  const base = error.instancePath;
  return child === null ? base || '/' : `${base}/${child}`;
}

function assertUnique(values: ReadonlyArray<string | number>, path: string, field: string): void {
  const seen = new Set<string | number>();
  values.forEach((value, index) => {
    if (seen.has(value)) throw new InvalidStateError(`${path}/${index}/${field}`, `duplicate ${field} ${String(value)}`);
    seen.add(value);
  });
}
