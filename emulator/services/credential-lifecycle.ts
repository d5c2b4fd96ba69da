import type { CredentialLifecycleState, EmulatorState } from '../state/types.js';

/**
 * Every Identity create doc says to wait until the new credential's lifecycleState changes from
 * CREATING to ACTIVE before using it (oci-facts.md §3.2). The emulator models that window with
 * `settings.credentialActivationDelayMs`; 0 means the credential is ACTIVE at once.
 */
export function initialCredentialLifecycle(
  now: Date,
  activationDelayMs: number,
): { lifecycleState: CredentialLifecycleState; activatesAt: string | null } {
  if (activationDelayMs <= 0) return { lifecycleState: 'ACTIVE', activatesAt: null };
  return { lifecycleState: 'CREATING', activatesAt: new Date(now.getTime() + activationDelayMs).toISOString() };
}

interface SettleableCredential {
  lifecycleState: CredentialLifecycleState;
  activatesAt: string | null;
}

function settleCredential(credential: SettleableCredential, nowMs: number): void {
  if (credential.lifecycleState !== 'CREATING' || credential.activatesAt === null) return;
  if (Date.parse(credential.activatesAt) <= nowMs) {
    credential.lifecycleState = 'ACTIVE';
    credential.activatesAt = null;
  }
}

/**
 * Flips every CREATING API key, auth token and customer secret key whose `activatesAt` has
 * passed to ACTIVE. A CREATING credential with no `activatesAt` (only possible in a hand-written
 * state) stays CREATING, which lets a test model a credential that never activates.
 */
export function settleUserCredentials(state: EmulatorState, now: Date): void {
  const nowMs = now.getTime();
  for (const user of state.users) {
    for (const apiKey of user.apiKeys) settleCredential(apiKey, nowMs);
    for (const authToken of user.authTokens) settleCredential(authToken, nowMs);
    for (const secretKey of user.customerSecretKeys) settleCredential(secretKey, nowMs);
  }
}

/**
 * When Object Storage (Swift, the S3 compatibility API) starts accepting a credential created
 * now: once it is ACTIVE and `settings.credentialPropagationMs` more have passed. OCI documents
 * the CREATING window only; the propagation window is the emulator's model of an IAM change
 * reaching another service later (assumed), settable so a test can exercise a bounded wait.
 */
export function objectStorageAcceptsAt(now: Date, activationDelayMs: number, propagationMs: number | undefined): string {
  return new Date(now.getTime() + Math.max(0, activationDelayMs) + Math.max(0, propagationMs ?? 0)).toISOString();
}
