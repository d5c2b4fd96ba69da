import type { CredentialType, ProblemName } from '../domain/credential-type.js';
import type { RemediationRequest, SecretTargets } from '../domain/remediation-request.js';
import type { SecretVersionInfo } from '../ports/secret-store-port.js';
import type { RotationRun } from '../rotation/rotation-context.js';
import { scheduledRotationMarker } from '../rotation/rotation-marker.js';
import { credentialHeldBy } from './held-credential.js';
import type { ScheduledCredential, SecretDeclaration } from './secret-declaration.js';
import { CREDENTIAL_NOUNS } from './verify-connection.js';

const TYPES: Readonly<Record<ScheduledCredential, { type: CredentialType; problemName: ProblemName }>> = {
  'api-key': { type: 'API_KEY', problemName: 'API_KEY_TOO_OLD' },
  'auth-token': { type: 'AUTH_TOKEN', problemName: 'AUTH_TOKEN_TOO_OLD' },
  'customer-secret-key': { type: 'CUSTOMER_SECRET_KEY', problemName: 'SECRET_KEY_TOO_OLD' },
};

export type ScheduledRunResult = { ok: true; run: RotationRun } | { ok: false; reason: string; gone?: true };

/**
 * The rotation that replaces `replaced`, as the engine runs it: the credential that version holds
 * is the one replaced, the marker is the secret's and that version's, the secret's tags bind it
 * to the user (the engine's secret checks see `cg-responder-user`).
 */
export async function scheduledRun(
  reader: Pick<RotationRun, 'deps' | 'workUntilMs'>,
  secret: { id: string; compartmentId: string },
  declaration: SecretDeclaration,
  replaced: SecretVersionInfo,
  partnerVersions: readonly SecretVersionInfo[],
): Promise<ScheduledRunResult> {
  const secretId = secret.id;
  const held = await credentialHeldBy(reader.deps, declaration, secretId, replaced, partnerVersions);
  if (!held.ok) return held;
  const { type, problemName } = TYPES[declaration.credential];
  const noun = CREDENTIAL_NOUNS[declaration.credential];
  const targets: SecretTargets =
    declaration.credential === 'api-key'
      ? { type: 'API_KEY', privateKeySecretId: secretId }
      : declaration.credential === 'auth-token'
        ? { type: 'AUTH_TOKEN', tokenSecretId: secretId }
        : { type: 'CUSTOMER_SECRET_KEY', secretKeySecretId: secretId, accessKeyIdSecretId: declaration.partnerSecretId as string };
  const request: RemediationRequest = {
    eventId: `vault-rotation:${secretId}:${replaced.versionNumber}`,
    eventTime: reader.deps.clock.now().toISOString(),
    eventType: 'vault-scheduled-rotation',
    problemId: secretId,
    problemName,
    problemDisplayName: `Scheduled rotation of ${noun} (OCI Vault)`,
    credentialType: type,
    tenancyId: null,
    compartmentId: secret.compartmentId,
    region: null,
    riskLevel: null,
    userId: declaration.userId,
    credentialId: held.id,
    credentialResourceId: held.id,
    credentialName: null,
    secrets: targets,
    comment: '',
  };
  return {
    ok: true,
    run: {
      ...reader,
      request,
      marker: scheduledRotationMarker(secretId, replaced.versionNumber),
      resolvedAt: null,
      // The secret carries cg-responder-user: the binding holds without a closure comment.
      commentConfirmed: false,
      trigger: { kind: 'vault-schedule', secretId, versionNo: replaced.versionNumber },
    },
  };
}
