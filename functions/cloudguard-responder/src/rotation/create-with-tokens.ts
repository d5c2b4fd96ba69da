import type { SecretValue } from '../secret-value.js';
import type { GeneratedCredential, GeneratedCredentialKind } from './generated-credential-kind.js';
import type { RotationRun } from './rotation-context.js';
import { stepError } from './secret-versions.js';

/**
 * Retry tokens a rotation may use for its create, one after the other: a token whose credential
 * was deleted since is refused by OCI for 24 h (409 InvalidatedRetryToken, oci-behaviour §0.5), so
 * after a compensating delete the next delivery moves to the next one. Every delivery walks the
 * same sequence, so concurrent deliveries still meet on one credential.
 */
const MAX_CREATE_TOKENS = 5;

/** Creates with this rotation's retry tokens in turn, skipping those OCI has invalidated. */
export async function createWithTokens(
  run: RotationRun,
  kind: GeneratedCredentialKind,
  label: string,
): Promise<{ credential: GeneratedCredential; value: SecretValue | null }> {
  for (let generation = 1; generation <= MAX_CREATE_TOKENS; generation++) {
    const token = run.marker.retryToken(generation === 1 ? 'create' : `create-${generation}`);
    const result = await kind.create(run.request.userId, label, token);
    if (result.kind === 'created') return { credential: result.credential, value: result.value };
  }
  throw stepError(
    run,
    'create-credential',
    run.request.userId,
    `all ${MAX_CREATE_TOKENS} retry tokens of this rotation belong to credentials deleted since; resolve the problem again in Cloud Guard to start afresh`,
  );
}
