import { OciApiError, incorrectState, invalidParameter, notFound } from '../http/oci-api-error.js';
import type { Route, RouteResponse } from '../http/route.js';
import type { CredentialLifecycleState, EmulatorState, UserRecord } from '../state/types.js';
import { param, single } from './identity-requests.js';
import { userModel } from './identity-models.js';

/**
 * Identity 20160918 users, as the credential routes (`identity.ts`) see them: which user a call
 * names (404 NotAuthorizedOrNotFound when none, or when it belongs to a non-default identity
 * domain), GetUser, and the preconditions every credential create shares. The sources and the
 * assumed answers are listed in `identity.ts`.
 */

export type CapabilityFlag = keyof UserRecord['capabilities'];

export function findUser(state: EmulatorState, userId: string | undefined): UserRecord {
  const user = state.users.find((candidate) => candidate.id === userId);
  if (!user) throw notFound(`user ${userId ?? ''}`);
  return user;
}

/** The Default identity domain's name; users without `domain` belong to it. */
const DEFAULT_DOMAIN = 'Default';

/** A user whose classic credentials these routes manage: 404 for users of a non-default identity domain (assumed). */
export function findCredentialUser(state: EmulatorState, userId: string | undefined): UserRecord {
  const user = findUser(state, userId);
  if (user.domain !== undefined && user.domain !== DEFAULT_DOMAIN) throw notFound(`user ${user.id}`);
  return user;
}

/** The user named by a cached create response's `userId`, if still there. */
export function userOfCached(state: EmulatorState, cached: RouteResponse): { user: UserRecord; body: Record<string, unknown> } | undefined {
  const body = cached.body as Record<string, unknown> | undefined;
  const user = state.users.find((candidate) => candidate.id === body?.['userId']);
  return user && body ? { user, body } : undefined;
}

/** Preconditions shared by every create, in the order a caller would want to hear about them. */
export function requireCanCreate(user: UserRecord, capability: CapabilityFlag, noun: string): void {
  if (user.lifecycleState !== 'ACTIVE') {
    throw incorrectState(`User ${user.id} is ${user.lifecycleState}; ${noun} can only be created for an ACTIVE user.`);
  }
  if (!user.capabilities[capability]) {
    throw invalidParameter(`User ${user.id} is not allowed to use ${noun} (capabilities.${capability} is false).`);
  }
}

export function requireBelowLimit(
  user: UserRecord,
  credentials: readonly { lifecycleState: CredentialLifecycleState }[],
  limit: number,
  noun: string,
): void {
  const live = credentials.filter((credential) => credential.lifecycleState !== 'DELETED').length;
  if (live >= limit) {
    throw new OciApiError(400, 'LimitExceeded', `User ${user.id} already has the maximum of ${limit} ${noun}.`);
  }
}

export const getUser: Route = {
  service: 'identity',
  operation: 'GetUser',
  method: 'GET',
  path: '/users/{userId}',
  handle(context) {
    return single(userModel(findUser(context.state, param(context, 'userId'))));
  },
};
