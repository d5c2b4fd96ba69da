import type { EmulatorState } from '../../emulator/index.js';

/** The parts of a state a replay's report compares: from the emulator, or read back from a tenancy. */
export type StateSnapshot = Pick<EmulatorState, 'users' | 'secrets'>;

/** One line of "what changed" between two snapshots. */
export interface StateChange {
  kind: 'added' | 'removed' | 'changed';
  text: string;
}

/**
 * What a replay changed, read from the emulator's state before and after: credentials added
 * and removed per user, secret versions added or re-staged. Only ids, names and stages: the
 * snapshots hold digests, not secret values. Messages published are not changes of the tenancy:
 * every report shows the email on its own.
 */
export function diffStates(before: StateSnapshot, after: StateSnapshot): StateChange[] {
  const changes: StateChange[] = [];
  const usersBefore = new Map(before.users.map((user) => [user.id, user]));
  for (const user of after.users) {
    const old = usersBefore.get(user.id);
    const who = user.name;
    diffSet(
      changes,
      old?.apiKeys.map((key) => key.fingerprint) ?? [],
      user.apiKeys.map((key) => key.fingerprint),
      (id, added) => {
        const key = user.apiKeys.find((candidate) => candidate.fingerprint === id);
        return `API key ${id} ${added ? `on ${who} (${key?.lifecycleState ?? '?'})` : `of ${who}`}`;
      },
    );
    diffSet(
      changes,
      old?.authTokens.map((token) => token.id) ?? [],
      user.authTokens.map((token) => token.id),
      (id, added) => {
        const token = user.authTokens.find((candidate) => candidate.id === id);
        return `auth token ${id} ${added ? `on ${who} "${token?.description ?? ''}" (${token?.lifecycleState ?? '?'})` : `of ${who}`}`;
      },
    );
    diffSet(
      changes,
      old?.customerSecretKeys.map((key) => key.id) ?? [],
      user.customerSecretKeys.map((key) => key.id),
      (id, added) => {
        const key = user.customerSecretKeys.find((candidate) => candidate.id === id);
        return `customer secret key ${id} ${added ? `on ${who} "${key?.displayName ?? ''}" (${key?.lifecycleState ?? '?'})` : `of ${who}`}`;
      },
    );
    if (old?.uiPassword?.timeCreated !== user.uiPassword?.timeCreated && user.uiPassword) {
      changes.push({ kind: 'changed', text: `console password of ${who} reset at ${user.uiPassword.timeCreated}` });
    }
  }
  const secretsBefore = new Map(before.secrets.map((secret) => [secret.id, secret]));
  for (const secret of after.secrets) {
    const oldVersions = new Map((secretsBefore.get(secret.id)?.versions ?? []).map((version) => [version.versionNumber, version]));
    for (const version of secret.versions) {
      const old = oldVersions.get(version.versionNumber);
      const stages = `[${version.stages.join(', ') || 'DEPRECATED'}]`;
      if (!old) {
        changes.push({
          kind: 'added',
          text: `secret ${secret.secretName} v${version.versionNumber} ${stages}${version.name ? ` name ${version.name}` : ''}`,
        });
      } else if (old.stages.join() !== version.stages.join()) {
        changes.push({
          kind: 'changed',
          text: `secret ${secret.secretName} v${version.versionNumber} [${old.stages.join(', ') || 'DEPRECATED'}] -> ${stages}`,
        });
      }
    }
  }
  return changes;
}

function diffSet(
  changes: StateChange[],
  before: readonly string[],
  after: readonly string[],
  describe: (id: string, added: boolean) => string,
): void {
  for (const id of after) if (!before.includes(id)) changes.push({ kind: 'added', text: describe(id, true) });
  for (const id of before) if (!after.includes(id)) changes.push({ kind: 'removed', text: describe(id, false) });
}
