import common from 'oci-common';
import { IdentityClient } from 'oci-identity';
import type { EmulatorState } from '../../emulator/index.js';
import type { models } from 'oci-cloudguard';
import type { EmulatorHarness } from './emulator.js';
import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };
import type { Outcome } from '../../functions/cloudguard-responder/src/outcome.js';
import { signedClientParams } from '../../functions/cloudguard-responder/src/index.js';
import { SAMPLE_EVENTS, eventObject } from './events.js';
import { nextPooledKeyPair } from './key-pool.js';
import { fingerprintOfPrivateKey, sha256Hex } from './oci-reads.js';

export type RotationKind = 'API_KEY' | 'AUTH_TOKEN' | 'CUSTOMER_SECRET_KEY' | 'UI_PASSWORD';

/**
 * The sample tenancy made fully real for safety tests: alice's old API key is a real key pair
 * whose private half is the Vault CURRENT version, so "the old key still works" can be proven
 * by signing with what Vault holds. Short lifecycle delays keep the matrix fast.
 */
export function realisticState(base: EmulatorState): { state: EmulatorState; apiKeyEvent: string; oldFingerprint: string } {
  const state = structuredClone(base);
  // Realistic windows, on the harness's simulated clock: a credential is CREATING for 3 s, and a
  // secret stays UPDATING for 6 s after each write, longer than the whole retry budget of the
  // Function's production policy (5 attempts, ~4 s), so the responder must wait for it itself.
  state.settings.credentialActivationDelayMs = 3_000;
  state.settings.secretUpdatingMs = 6_000;
  const { publicKeyPem, privateKeyPem: privatePem } = nextPooledKeyPair();
  const oldFingerprint = fingerprintOfPrivateKey(privatePem) ?? '';
  const alice = state.users.find((user) => user.id === sampleIds.alice);
  const key = alice?.apiKeys[0];
  if (!alice || !key) throw new Error('sample tenancy changed');
  key.fingerprint = oldFingerprint;
  key.keyValue = publicKeyPem;
  const secret = state.secrets.find((candidate) => candidate.id === sampleIds.secretApi);
  const version = secret?.versions[0];
  if (!version) throw new Error('sample tenancy changed');
  version.content = Buffer.from(privatePem).toString('base64');
  version.contentSha256 = sha256Hex(Buffer.from(privatePem));
  const resourceId = `${sampleIds.tenancy}/${sampleIds.alice}/${oldFingerprint}`;
  const problem = state.problems.find((candidate) => candidate.id === sampleIds.probApi);
  if (problem) problem.resourceId = resourceId;
  const event = eventObject(SAMPLE_EVENTS.apiKey) as { data: { additionalDetails: { resourceId: string } } };
  event.data.additionalDetails.resourceId = resourceId;
  return { state, apiKeyEvent: JSON.stringify(event), oldFingerprint };
}

function currentContent(state: EmulatorState, secretId: string): Buffer | null {
  const version = state.secrets
    .find((secret) => secret.id === secretId)
    ?.versions.find((candidate) => candidate.stages.includes('CURRENT'));
  return version?.content ? Buffer.from(version.content, 'base64') : null;
}

function allContentDigests(state: EmulatorState, secretId: string): Set<string> {
  return new Set(state.secrets.find((secret) => secret.id === secretId)?.versions.map((version) => version.contentSha256) ?? []);
}

/**
 * The safety invariants after any run, from the emulator's state (contents included):
 * the Vault CURRENT of every named secret holds a credential that exists and is ACTIVE (so it
 * works), every credential on the user is recorded in Vault (no orphan), and a rotated outcome
 * really left only the new credential. Returns the violations; empty means it held.
 */
export async function invariantViolations(
  kind: RotationKind,
  state: EmulatorState,
  outcome: Outcome,
  emulatorUrl: string,
): Promise<string[]> {
  const violations: string[] = [];
  const alice = state.users.find((user) => user.id === sampleIds.alice);
  if (!alice) return ['alice is gone'];
  if (outcome.status === 'failed' && (!outcome.step || !outcome.stillWorking || !outcome.nextAction))
    violations.push('failed outcome lacks step, stillWorking or nextAction');

  switch (kind) {
    case 'API_KEY': {
      const current = currentContent(state, sampleIds.secretApi);
      const fingerprint = current ? fingerprintOfPrivateKey(current.toString('utf8')) : null;
      const registered = alice.apiKeys.find((key) => key.fingerprint === fingerprint && key.lifecycleState === 'ACTIVE');
      if (!registered || !current) violations.push('Vault CURRENT private key is not an ACTIVE key of alice');
      else if (!(await signsWith(emulatorUrl, fingerprint as string, current.toString('utf8'))))
        violations.push('Vault CURRENT private key cannot sign a request');
      const storedFingerprints = new Set(
        (state.secrets.find((secret) => secret.id === sampleIds.secretApi)?.versions ?? []).map((version) =>
          version.content ? fingerprintOfPrivateKey(Buffer.from(version.content, 'base64').toString('utf8')) : null,
        ),
      );
      for (const key of alice.apiKeys)
        if (!storedFingerprints.has(key.fingerprint)) violations.push(`API key ${key.fingerprint} is recorded in no Vault version`);
      if (outcome.status === 'rotated' && (alice.apiKeys.length !== 1 || alice.apiKeys[0]?.fingerprint !== outcome.credential.newId))
        violations.push('rotated, but the old key is still there or the new one is missing');
      break;
    }
    case 'AUTH_TOKEN': {
      const current = currentContent(state, sampleIds.secretAuth);
      const digest = current ? sha256Hex(current) : null;
      if (!alice.authTokens.some((token) => token.tokenSha256 === digest && token.lifecycleState === 'ACTIVE'))
        violations.push('Vault CURRENT token is not an ACTIVE token of alice');
      const stored = allContentDigests(state, sampleIds.secretAuth);
      for (const token of alice.authTokens)
        if (!stored.has(token.tokenSha256)) violations.push(`auth token ${token.id} is recorded in no Vault version`);
      if (outcome.status === 'rotated' && (alice.authTokens.length !== 1 || alice.authTokens[0]?.id !== outcome.credential.newId))
        violations.push('rotated, but the old token is still there or the new one is missing');
      break;
    }
    case 'CUSTOMER_SECRET_KEY': {
      const secretKey = currentContent(state, sampleIds.secretSecretKey);
      const accessKeyId = currentContent(state, sampleIds.secretAccess)?.toString('utf8');
      const pair = alice.customerSecretKeys.find((key) => key.id === accessKeyId);
      if (!pair || !secretKey || pair.keySha256 !== sha256Hex(secretKey) || pair.lifecycleState !== 'ACTIVE')
        violations.push('Vault CURRENT access key id and secret key are not one ACTIVE key of alice');
      const stored = allContentDigests(state, sampleIds.secretSecretKey);
      for (const key of alice.customerSecretKeys)
        if (!stored.has(key.keySha256)) violations.push(`customer secret key ${key.id} is recorded in no Vault version`);
      if (
        outcome.status === 'rotated' &&
        (alice.customerSecretKeys.length !== 1 || alice.customerSecretKeys[0]?.id !== outcome.credential.newId)
      )
        violations.push('rotated, but the old key is still there or the new one is missing');
      break;
    }
    case 'UI_PASSWORD': {
      // The old password dies at the reset (OCI's behaviour): what must hold is that a reset the
      // outcome does not report never happened, and a reported one is stored when it says so.
      const current = currentContent(state, sampleIds.secretPassword);
      const resetHappened = alice.uiPassword?.timeCreated !== '2026-04-01T09:00:00.000Z';
      const stored = current !== null && alice.uiPassword?.passwordSha256 === sha256Hex(current);
      if (resetHappened && !stored && !(outcome.stillWorking ?? '').includes('WAS reset'))
        violations.push('password was reset but is neither stored nor reported as lost');
      if (outcome.status === 'rotated' && !stored) violations.push('rotated, but the stored password is not the current one');
      break;
    }
  }
  return violations;
}

async function signsWith(url: string, fingerprint: string, privateKeyPem: string): Promise<boolean> {
  const provider = new common.SimpleAuthenticationDetailsProvider(
    sampleIds.tenancy,
    sampleIds.alice,
    fingerprint,
    privateKeyPem,
    null,
    common.Region.US_ASHBURN_1,
  );
  const client = new IdentityClient(signedClientParams(provider), {
    retryConfiguration: common.NoRetryConfigurationDetails,
    circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }),
  });
  client.endpoint = url;
  try {
    await client.getUser({ userId: sampleIds.alice });
    return true;
  } catch {
    return false;
  }
}

/**
 * What SecOps does after a failed or refused rotation set the problem OPEN again: resolve it
 * again in Cloud Guard, with the event's closure comment. A replay of the event then answers the
 * new resolve (a new history record, so a new rotation marker) and resumes what is stored.
 */
export async function resolveAgain(harness: EmulatorHarness, problemId: string, event: string | Record<string, unknown>): Promise<void> {
  const parsed = (typeof event === 'string' ? JSON.parse(event) : event) as {
    data?: { additionalDetails?: { problemAdditionalDetails?: { comments?: string } } };
  };
  const comment = parsed.data?.additionalDetails?.problemAdditionalDetails?.comments;
  await harness.clients.cloudGuard.updateProblemStatus({
    problemId,
    updateProblemStatusDetails: { status: 'RESOLVED' as models.ProblemLifecycleDetail, ...(comment ? { comment } : {}) },
  });
}

/**
 * SecOps resolving a reopened problem again, typing the closure comment that names the secrets
 * (the reopen comment the responder wrote names none, so it cannot be reused as one).
 */
export async function resolveAgainWith(harness: EmulatorHarness, problemId: string, comment: string): Promise<void> {
  await harness.clients.cloudGuard.updateProblemStatus({
    problemId,
    updateProblemStatusDetails: { status: 'RESOLVED' as models.ProblemLifecycleDetail, comment },
  });
}
