import type { SecretVersionInfo } from '../ports/secret-store-port.js';
import { isLive } from '../rotation/preflight-checks.js';
import type { RotationDependencies } from '../rotation/rotation-context.js';
import { isCurrent } from '../rotation/secret-versions.js';
import { credentialHeldBy } from './held-credential.js';
import type { ScheduledCredential, SecretDeclaration } from './secret-declaration.js';

export const CREDENTIAL_NOUNS: Readonly<Record<ScheduledCredential, string>> = {
  'api-key': 'API key',
  'auth-token': 'auth token',
  'customer-secret-key': 'customer secret key',
};

/** 200 with the working version; 400 when CURRENT's credential does not work; 404 when there is no CURRENT version. */
export interface VerifyResult {
  responseCode: 200 | 400 | 404;
  message: string;
  versionNo: number | null;
  userName: string | null;
  verified: string[];
}

/**
 * VERIFY_CONNECTION as the template does it: the PENDING version first, then the CURRENT one;
 * the answer is the number of the version whose credential works. "Works" here: the user is
 * ACTIVE and the credential the version holds is live on it. Reads only.
 */
export async function verifyConnection(
  deps: Pick<RotationDependencies, 'secrets' | 'keyPairs' | 'identity'>,
  declaration: SecretDeclaration,
  secretId: string,
  versions: readonly SecretVersionInfo[],
  partnerVersions: readonly SecretVersionInfo[],
): Promise<VerifyResult> {
  const noun = CREDENTIAL_NOUNS[declaration.credential];
  const fail = (responseCode: 400 | 404, message: string): VerifyResult => ({
    responseCode,
    message,
    versionNo: null,
    userName: null,
    verified: [],
  });
  const user = await deps.identity.getUser(declaration.userId);
  if (!user) return fail(400, `User ${declaration.userId} is not known to the classic IAM API (GetUser answered 404).`);
  if (user.lifecycleState !== 'ACTIVE') return fail(400, `User ${declaration.userId} is ${user.lifecycleState}, not ACTIVE.`);
  const live = await liveCredentialIds(deps, declaration);
  const pending = versions.find((version) => version.stages.includes('PENDING'));
  const current = versions.find((version) => isCurrent(version));
  for (const version of [pending, current]) {
    if (!version) continue;
    const held = await credentialHeldBy(deps, declaration, secretId, version, partnerVersions);
    const stage = version === current ? 'CURRENT' : 'PENDING';
    if (held.ok && live.includes(held.id)) {
      const what = `the ${stage} version ${version.versionNumber} holds ${noun} ${held.id}, live on user ${user.name}`;
      return { responseCode: 200, message: what, versionNo: version.versionNumber, userName: user.name, verified: [what] };
    }
    if (version === current) {
      const why = held.ok
        ? `the ${noun} ${held.id} it holds is not on user ${declaration.userId}: the secret and the user disagree. Put the credential the ` +
          `user really has into the secret (as CURRENT), then rotate again.`
        : held.reason;
      return fail(400, `The CURRENT version ${version.versionNumber} of ${secretId} does not work: ${why}`);
    }
  }
  return fail(404, `Secret ${secretId} has no CURRENT version.`);
}

async function liveCredentialIds(deps: Pick<RotationDependencies, 'identity'>, declaration: SecretDeclaration): Promise<string[]> {
  const { identity } = deps;
  const { userId } = declaration;
  switch (declaration.credential) {
    case 'api-key':
      return (await identity.listApiKeys(userId)).filter((key) => isLive(key.lifecycleState)).map((key) => key.fingerprint);
    case 'auth-token':
      return (await identity.listAuthTokens(userId)).filter((token) => isLive(token.lifecycleState)).map((token) => token.id);
    case 'customer-secret-key':
      return (await identity.listCustomerSecretKeys(userId)).filter((key) => isLive(key.lifecycleState)).map((key) => key.id);
  }
}
