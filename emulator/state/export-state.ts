import type { EmulatorState } from './types.js';

/**
 * A deep copy of the state for callers outside the server. Secret contents and customer secret
 * key values are replaced by null unless asked for: a state dump (`--state-out`,
 * `GET /_emulator/state`) must not put secret values on disk or on a screen; `contentSha256`
 * and `keySha256` still identify them.
 */
export function exportState(state: EmulatorState, options: { includeSecretContent?: boolean } = {}): EmulatorState {
  const copy = structuredClone(state);
  if (!options.includeSecretContent) {
    for (const secret of copy.secrets) for (const version of secret.versions) version.content = null;
    for (const user of copy.users) for (const key of user.customerSecretKeys) if (key.secretKey !== undefined) key.secretKey = null;
  }
  return copy;
}
