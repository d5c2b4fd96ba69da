import { CredentialProofError } from '../errors/credential-proof-error.js';
import { OciCallError } from '../errors/oci-call-error.js';
import type { CredentialProofResult } from '../ports/credential-proof-port.js';
import type { SecretValue } from '../secret-value.js';
import type { GeneratedCredential, GeneratedCredentialKind } from './generated-credential-kind.js';
import type { ProofDependencies, RotationRun } from './rotation-context.js';
import type { RotationRecord } from './rotation-record.js';
import { stepError } from './secret-versions.js';
import { waitUntil } from './wait-until.js';

/**
 * Listed ACTIVE is not yet accepted: IAM propagates a new credential for a while (oci-behaviour
 * §3.9). The new one is promoted only once it authenticates the way its consumers use it; until
 * then the old one stays CURRENT. Within the bound a refusal means "not yet"; after it, "no".
 */
export async function proveByUse(
  run: RotationRun,
  kind: GeneratedCredentialKind,
  proofs: ProofDependencies,
  record: RotationRecord,
  attempt: { userName: string; credential: GeneratedCredential; value: SecretValue },
): Promise<void> {
  const { clock, settings } = run.deps;
  const boundAt = Math.min(clock.now().getTime() + settings.proofTimeoutMs, run.workUntilMs);
  let namespace: string | undefined;
  let last: CredentialProofResult | undefined;
  // A throttled (429), failing (5xx) or silent Object Storage says nothing about the credential:
  // within the bound it is asked again, like a "not yet"; after it, the last such failure is the reason.
  let transient: unknown;
  const proven = await waitUntil(
    async () => {
      try {
        namespace ??= await proofs.namespaces.getNamespace();
        last = await kind.prove(proofs, { namespace, ...attempt, withinPropagationBound: clock.now().getTime() < boundAt });
      } catch (error) {
        if (!((error instanceof CredentialProofError || error instanceof OciCallError) && error.retryable)) throw error;
        transient = error;
        return undefined;
      }
      transient = undefined;
      if (last.proof === 'proven') return true;
      if (last.proof === 'rejected') return false;
      return undefined;
    },
    { clock, untilMs: boundAt, timeoutMs: settings.proofTimeoutMs, initialDelayMs: 500 },
  );
  if (proven !== true && transient !== undefined) throw transient;
  if (proven !== true) {
    throw stepError(
      run,
      'prove-credential',
      attempt.credential.id,
      `${last?.protocol ?? 'Object Storage'} did not accept it ${last?.proof === 'rejected' ? `after ${Math.round(settings.proofTimeoutMs / 1000)} s of propagation` : 'within the time left'} (${last?.evidence ?? 'no answer'}); it stays PENDING`,
    );
  }
  record.verify(
    `new ${kind.noun} ${attempt.credential.id} authenticated with ${last?.protocol === 'S3' ? 'the S3 Compatibility API (AWS Signature V4, ListBuckets)' : 'Swift (GET /auth/v1.0)'}: ${last?.evidence ?? ''}`.trim(),
  );
}
