import { newOcid, realmOf, regionKeyOf } from '../ids.js';
import type { EmulatorState, ProblemRecord, UserRecord } from '../state/types.js';

/**
 * Cloud Guard's next scan, on demand (`POST /_emulator/cloudguard/scan`). "When you first resolve a
 * problem, Cloud Guard doesn't pick it up as resolved until the next scan. In that scan, if the
 * problem is not really resolved, Cloud Guard re-opens the problem" (Problem Lifecycle,
 * https://docs.oracle.com/en-us/iaas/Content/cloud-guard/using/problems-page-about.htm). For the four credential
 * rules "still holds" means the credential the problem names is still on the user:
 *
 * - API_KEY_TOO_OLD: the fingerprint in `resourceId` (`tenancy/user/fingerprint`);
 * - AUTH_TOKEN_TOO_OLD, SECRET_KEY_TOO_OLD: the credential id in `resourceId`;
 * - PASSWORD_TOO_OLD: a console password created before the problem was first detected.
 *
 * Each reopened problem turns OPEN (and ACTIVE), its `timeLastDetected` moves to the scan, and it
 * gets a history record: actor CLOUD_GUARD_SERVICE, lifecycleDetail OPEN, eventStatus REOPEN (the
 * SDK's `ProblemHistorySummary.EventStatus` has REOPEN). The comment is left as it was. The
 * record's wording and the exact matching are assumed; Cloud Guard's scan interval is not modelled.
 */
export function scanCloudGuard(state: EmulatorState, now: Date): string[] {
  const reopened: string[] = [];
  for (const problem of state.problems) {
    if (problem.lifecycleDetail !== 'RESOLVED') continue;
    if (!credentialStillPresent(state, problem)) continue;
    problem.lifecycleDetail = 'OPEN';
    problem.lifecycleState = 'ACTIVE';
    problem.timeLastDetected = now.toISOString();
    problem.histories.push({
      id: newOcid('cloudguardproblemhistory', regionKeyOf(problem.id), realmOf(problem.id)),
      actorType: 'CLOUD_GUARD_SERVICE',
      actorName: 'Cloud Guard',
      explanation: 'Problem reopened by a Cloud Guard scan: the resolved condition still holds.',
      lifecycleDetail: 'OPEN',
      eventStatus: 'REOPEN',
      timeCreated: now.toISOString(),
      delta: problem.resourceName,
      comment: null,
    });
    reopened.push(problem.id);
  }
  return reopened;
}

function userOf(state: EmulatorState, problem: ProblemRecord, fallbackId: string | undefined): UserRecord | undefined {
  const userId = problem.additionalDetails['User OCID'] ?? fallbackId;
  return state.users.find((user) => user.id === userId && user.lifecycleState !== 'DELETED');
}

function credentialStillPresent(state: EmulatorState, problem: ProblemRecord): boolean {
  const live = <T extends { lifecycleState: string }>(credential: T): boolean => credential.lifecycleState !== 'DELETED';
  switch (problem.detectorRuleId) {
    case 'API_KEY_TOO_OLD': {
      const [, userId, fingerprint] = problem.resourceId.split('/');
      const user = userOf(state, problem, userId);
      return user?.apiKeys.some((apiKey) => apiKey.fingerprint === fingerprint?.toLowerCase() && live(apiKey)) ?? false;
    }
    case 'AUTH_TOKEN_TOO_OLD':
      return userOf(state, problem, undefined)?.authTokens.some((token) => token.id === problem.resourceId && live(token)) ?? false;
    case 'SECRET_KEY_TOO_OLD':
      return userOf(state, problem, undefined)?.customerSecretKeys.some((key) => key.id === problem.resourceId && live(key)) ?? false;
    case 'PASSWORD_TOO_OLD': {
      const password = userOf(state, problem, problem.resourceId)?.uiPassword;
      return password !== null && password !== undefined && Date.parse(password.timeCreated) < Date.parse(problem.timeFirstDetected);
    }
    default:
      return false;
  }
}
