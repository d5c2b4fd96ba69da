import type { CredentialType, ProblemName } from '../domain/credential-type.js';
import type { RemediationRequest, SecretTargets } from '../domain/remediation-request.js';
import { UnmanageableUserError } from '../errors/unmanageable-user-error.js';
import type { InvocationBudget } from '../invocation/invocation-budget.js';
import type { InvocationContext } from '../invocation/invocation-context.js';
import type { Outcome } from '../outcome.js';
import type { SecretInfo, SecretVersionInfo } from '../ports/secret-store-port.js';
import { applyReport, baseOutcome, publish, type Invocation, type ResponderDependencies } from '../responder.js';
import { describeFailure } from '../rotation/oci-failure.js';
import { isLive } from '../rotation/preflight-checks.js';
import type { RotationRun } from '../rotation/rotation-context.js';
import type { RotationReport } from '../rotation/rotation-journal.js';
import { isRotationMarker, markerInLabel, scheduledRotationMarker, type RotationMarker } from '../rotation/rotation-marker.js';
import type { RotationPhase } from '../rotation/rotation-phase.js';
import { RotationRefusedError } from '../rotation/rotation-refused-error.js';
import { rotateCredential } from '../rotation/rotate-credential.js';
import { unmanageableUser } from '../rotation/run-rotation.js';
import { isCurrent, whenSettled } from '../rotation/secret-versions.js';
import { checkPartner, readDeclaration, type ScheduledCredential, type SecretDeclaration } from './secret-declaration.js';
import type { VaultRotationAnswer } from './vault-rotation-answer.js';
import { inVaultTerms } from './vault-wording.js';
import { parseVaultRotationRequest, type VaultRotationRequest, type VaultRotationStep } from './vault-rotation-request.js';

const TYPES: Readonly<Record<ScheduledCredential, { type: CredentialType; problemName: ProblemName; noun: string }>> = {
  'api-key': { type: 'API_KEY', problemName: 'API_KEY_TOO_OLD', noun: 'API key' },
  'auth-token': { type: 'AUTH_TOKEN', problemName: 'AUTH_TOKEN_TOO_OLD', noun: 'auth token' },
  'customer-secret-key': { type: 'CUSTOMER_SECRET_KEY', problemName: 'SECRET_KEY_TOO_OLD', noun: 'customer secret key' },
};

/**
 * How far each of Vault's steps takes the rotation, and whether it may start one. Every step
 * reads its progress back from OCI under the marker derived from the secret and `versionNo`,
 * so a step Vault repeats finds its work done and changes nothing more, and a later step that
 * finds nothing staged is refused as out of order.
 */
const STEP_PLAN: Readonly<Record<Exclude<VaultRotationStep, 'VERIFY_CONNECTION'>, { until: RotationPhase; resumeOnly: boolean }>> = {
  CREATE_PENDING_VERSION: { until: 'stage', resumeOnly: false },
  UPDATE_TARGET_SYSTEM: { until: 'apply', resumeOnly: true },
  PROMOTE_PENDING_VERSION: { until: 'complete', resumeOnly: true },
};

type Reader = Pick<RotationRun, 'deps' | 'workUntilMs'>;

interface Prepared {
  request: RemediationRequest;
  declaration: SecretDeclaration;
  versions: SecretVersionInfo[];
}

/**
 * One step of a rotation Vault runs on the secret's schedule, through the same engine as a
 * Cloud Guard event: single flight per credential, keep when in doubt, the marker in version
 * names and labels, retry tokens, proof by use, the audit trail and the same email (for the
 * rotation's end, a refusal or a failure; not for the intermediate steps).
 */
export async function respondToVault(
  deps: ResponderDependencies,
  input: unknown,
  invocation: Invocation,
  budget: InvocationBudget,
  context: InvocationContext,
): Promise<VaultRotationAnswer> {
  const { logger } = invocation;
  const parsed = parseVaultRotationRequest(input);
  if (!parsed.ok) {
    logger.warn('vault rotation request refused at intake', { reason: parsed.reason });
    const outcome = baseOutcome(invocation, context, { eventId: null, problemId: null, problemName: null, status: 'refused', reason: parsed.reason });
    outcome.notification.skipped = 'the input is not a valid Vault rotation request';
    return { responseCode: 400, returnMessage: parsed.reason, versionNo: parsed.versionNo, outcome };
  }
  const vault = parsed.request;
  const marker = scheduledRotationMarker(vault.secretId, vault.versionNo);
  logger.info('vault rotation step requested', { step: vault.step, secretId: vault.secretId, versionNo: vault.versionNo, marker: marker.versionName });

  const report = inVaultTerms(await runStep(deps, vault, marker, budget, invocation));
  const outcome = baseOutcome(invocation, context, {
    eventId: null,
    problemId: null,
    problemName: null,
    status: report.status,
    ...(report.reason !== null ? { reason: report.reason } : {}),
  });
  applyReport(outcome, report);
  // Refused before the secret said what it holds: no credential to name.
  if (report.credential.userId === '') outcome.credential = { type: null, userId: null, oldId: null, newId: null };
  outcome.trigger = { kind: 'vault-schedule', secretId: vault.secretId, versionNo: vault.versionNo };
  logger.info('vault rotation step finished', { step: vault.step, status: report.status, reached: report.reached, newId: report.credential.newId, actions: context.actions });

  const answer = (responseCode: VaultRotationAnswer['responseCode'], message: string, final: Outcome): VaultRotationAnswer => ({
    responseCode,
    returnMessage: `${vault.step}: ${message}`.replace(/[\u0000-\u001f\u007f]+/g, ' '),
    versionNo: vault.versionNo,
    outcome: final,
  });
  const stepDone = report.reached !== null || (vault.step === 'VERIFY_CONNECTION' && report.status === 'in-progress');
  if (stepDone) {
    outcome.notification.skipped = 'an intermediate step of a scheduled rotation; the email follows its end';
    outcome.actions = [...context.actions];
    return answer(200, report.reason ?? 'done', outcome);
  }
  switch (report.status) {
    case 'already-rotated':
      outcome.notification.skipped = 'a repeated step: the rotation was already complete and its email sent';
      outcome.actions = [...context.actions];
      return answer(200, report.reason ?? 'already complete', outcome);
    case 'in-progress':
      outcome.notification.skipped = 'another rotation of this credential is running and sends its email';
      outcome.actions = [...context.actions];
      return answer(500, report.reason ?? 'another rotation is running; retry the step later', outcome);
    default: {
      const published = await publish(deps, logger, outcome, budget, context, { problemDisplayName: 'Scheduled rotation (OCI Vault)', eventTime: null, userName: report.userName });
      const code = report.status === 'rotated' ? 200 : report.status === 'refused' || report.status === 'nothing-to-rotate' ? 400 : 500;
      return answer(code, report.status === 'rotated' ? `rotated: ${report.credential.newId ?? '?'} replaced ${report.credential.oldId ?? '?'}` : (report.reason ?? report.status), published);
    }
  }
}

async function runStep(deps: ResponderDependencies, vault: VaultRotationRequest, marker: RotationMarker, budget: InvocationBudget, invocation: Invocation): Promise<RotationReport> {
  const rotationDeps = { ...deps, logger: invocation.logger };
  // Until the request is known only the Vault reads run; they use the same settle-and-retry as the rotation.
  const reader: Reader = { deps: rotationDeps, workUntilMs: budget.workUntilMs };
  let prepared: Prepared;
  try {
    prepared = await prepare(reader, vault, marker);
  } catch (error) {
    if (error instanceof RotationRefusedError) return beforeRotation('refused', error.message, null);
    if (error instanceof UnmanageableUserError) return beforeRotation('refused', unmanageableUser(error), null);
    invocation.logger.error('scheduled rotation could not read its secret', { error });
    return beforeRotation('failed', `Reading secret ${vault.secretId} failed: ${describeFailure(error)}`, null);
  }
  const { request, declaration, versions } = prepared;
  const run: RotationRun = {
    deps: rotationDeps,
    request,
    marker,
    resolvedAt: null,
    // The secret carries cg-responder-user: the binding holds without a closure comment.
    commentConfirmed: false,
    workUntilMs: budget.workUntilMs,
    trigger: { kind: 'vault-schedule', secretId: vault.secretId, versionNo: vault.versionNo },
  };
  if (vault.step === 'VERIFY_CONNECTION') return verifyConnection(run, declaration);

  if (vault.step === 'CREATE_PENDING_VERSION') {
    // Single flight per credential: a Cloud Guard rotation staged in this secret runs first.
    const foreign = versions.find((version) => version.stages.includes('PENDING') && isRotationMarker(version.name) && !(version.name as string).startsWith(marker.problemPrefix));
    if (foreign) {
      return beforeRotation(
        'in-progress',
        `Rotation ${foreign.name ?? '?'} (from a Cloud Guard event) has staged version ${foreign.versionNumber} of ${vault.secretId} and is still running; this step changed nothing. Vault's retry of the step, or the next schedule, continues once it is done.`,
        request,
      );
    }
  }
  const plan = STEP_PLAN[vault.step];
  return rotateCredential({ ...run, until: plan.until, resumeOnly: plan.resumeOnly });
}

/** VERIFY_CONNECTION: the user exists, may use the credential, and the CURRENT one is on it. Reads only. */
async function verifyConnection(run: RotationRun, declaration: SecretDeclaration): Promise<RotationReport> {
  const { request } = run;
  const { noun } = TYPES[declaration.credential];
  try {
    const user = await run.deps.identity.getUser(request.userId);
    if (!user) throw new UnmanageableUserError({ operation: 'GetUser', userId: request.userId, opcRequestId: null });
    if (user.lifecycleState !== 'ACTIVE') return beforeRotation('refused', `User ${request.userId} is ${user.lifecycleState}, not ACTIVE; nothing was changed.`, request);
    const live = await liveCredentialIds(run, declaration.credential);
    if (!live.includes(request.credentialId)) {
      return beforeRotation(
        'refused',
        `The ${noun} ${request.credentialId} that the CURRENT version of ${run.trigger.kind === 'vault-schedule' ? run.trigger.secretId : '?'} holds is not on user ${request.userId}: the secret and the user disagree. Put the credential the user really has into the secret (as CURRENT), then rotate again. Nothing was changed.`,
        request,
      );
    }
    const report = beforeRotation('in-progress', `the CURRENT ${noun} ${request.credentialId} is on user ${user.name} (${request.userId})`, request);
    report.userName = user.name;
    report.verified.push(`the CURRENT ${noun} ${request.credentialId} is listed on user ${user.name}`);
    return report;
  } catch (error) {
    if (error instanceof UnmanageableUserError) return beforeRotation('refused', unmanageableUser(error), request);
    return beforeRotation('failed', `Step verify-connection failed: ${describeFailure(error)}`, request);
  }
}

async function liveCredentialIds(run: RotationRun, credential: ScheduledCredential): Promise<string[]> {
  const { identity } = run.deps;
  const userId = run.request.userId;
  switch (credential) {
    case 'api-key':
      return (await identity.listApiKeys(userId)).filter((key) => isLive(key.lifecycleState)).map((key) => key.fingerprint);
    case 'auth-token':
      return (await identity.listAuthTokens(userId)).filter((token) => isLive(token.lifecycleState)).map((token) => token.id);
    case 'customer-secret-key':
      return (await identity.listCustomerSecretKeys(userId)).filter((key) => isLive(key.lifecycleState)).map((key) => key.id);
  }
}

/**
 * Reads what the secret declares and which credential is being replaced: the one the secret
 * held as CURRENT before this rotation (its CURRENT version, or, once this rotation promoted
 * its own, the version before it), so every step of one rotation names the same old credential.
 */
async function prepare(reader: Reader, vault: VaultRotationRequest, marker: RotationMarker): Promise<Prepared> {
  const { secrets, keyPairs, identity, clock } = reader.deps;
  const secret = await secrets.getSecret(vault.secretId);
  const declared = readDeclaration(secret);
  if (!declared.ok) throw new RotationRefusedError(`${declared.reason} Nothing was changed.`);
  const declaration = declared.declaration;
  const { type, problemName, noun } = TYPES[declaration.credential];
  let partner: SecretInfo | null = null;
  if (declaration.partnerSecretId) {
    partner = await secrets.getSecret(declaration.partnerSecretId);
    const mismatch = checkPartner(partner, declaration, vault.secretId);
    if (mismatch) throw new RotationRefusedError(`${mismatch} Nothing was changed.`);
  }
  const versions = await whenSettled(reader, vault.secretId, () => secrets.listVersions(vault.secretId));
  const replaced = replacedVersion(versions, marker, vault.secretId);

  let credentialId: string;
  let targets: SecretTargets;
  switch (declaration.credential) {
    case 'api-key': {
      const held = await secrets.readVersionByNumber(vault.secretId, replaced.versionNumber);
      if (!held) throw new RotationRefusedError(`Version ${replaced.versionNumber} of ${vault.secretId} cannot be read; nothing was changed.`);
      try {
        credentialId = keyPairs.fromPrivateKey(held.value).fingerprint;
      } catch {
        throw new RotationRefusedError(`Version ${replaced.versionNumber} of ${vault.secretId} does not hold a PEM private key, yet the secret is tagged cg-responder-credential=api-key. Nothing was changed.`);
      }
      targets = { type: 'API_KEY', privateKeySecretId: vault.secretId };
      break;
    }
    case 'customer-secret-key': {
      const partnerId = declaration.partnerSecretId as string;
      const partnerVersions = await whenSettled(reader, partnerId, () => secrets.listVersions(partnerId));
      const replacedPartner = replacedVersion(partnerVersions, marker, partnerId);
      const held = await secrets.readVersionByNumber(partnerId, replacedPartner.versionNumber);
      if (!held) throw new RotationRefusedError(`Version ${replacedPartner.versionNumber} of ${partnerId} cannot be read; nothing was changed.`);
      credentialId = held.value.reveal().trim();
      targets = { type: 'CUSTOMER_SECRET_KEY', secretKeySecretId: vault.secretId, accessKeyIdSecretId: partnerId };
      break;
    }
    case 'auth-token': {
      const name = replaced.name;
      const tagged = name !== null && isRotationMarker(name) ? (await identity.listAuthTokens(declaration.userId)).find((token) => markerInLabel(token.description) === name) : undefined;
      const id = tagged?.id ?? declaration.credentialId;
      if (!id) {
        throw new RotationRefusedError(
          `Version ${replaced.versionNumber} of ${vault.secretId} was not written by this tool, so which auth token it holds is not known. For this first rotation, set the freeform tag cg-responder-credential-id=<auth token OCID> on the secret. Nothing was changed.`,
        );
      }
      credentialId = id;
      targets = { type: 'AUTH_TOKEN', tokenSecretId: vault.secretId };
      break;
    }
  }
  const request: RemediationRequest = {
    eventId: `vault-rotation:${vault.secretId}:${vault.versionNo}`,
    eventTime: clock.now().toISOString(),
    eventType: 'vault-scheduled-rotation',
    problemId: vault.secretId,
    problemName,
    problemDisplayName: `Scheduled rotation of ${noun} (OCI Vault)`,
    credentialType: type,
    tenancyId: null,
    compartmentId: secret.compartmentId,
    region: null,
    riskLevel: null,
    userId: declaration.userId,
    credentialId,
    credentialResourceId: credentialId,
    credentialName: null,
    secrets: targets,
    comment: '',
  };
  return { request, declaration, versions };
}

/** The version this rotation replaces: CURRENT, or the one before this rotation's own once it is CURRENT. */
function replacedVersion(versions: readonly SecretVersionInfo[], marker: RotationMarker, secretId: string): SecretVersionInfo {
  const current = versions.find((version) => isCurrent(version));
  if (!current) throw new RotationRefusedError(`Secret ${secretId} has no CURRENT version; nothing was changed.`);
  if (current.name !== marker.versionName) return current;
  const before = versions.find((version) => version.stages.includes('PREVIOUS')) ?? [...versions].filter((version) => version.versionNumber < current.versionNumber).sort((a, b) => b.versionNumber - a.versionNumber)[0];
  if (!before) throw new RotationRefusedError(`Secret ${secretId} has no version before rotation ${marker.versionName}; nothing was changed.`);
  return before;
}

function beforeRotation(status: RotationReport['status'], reason: string, request: RemediationRequest | null): RotationReport {
  return {
    status,
    reason,
    step: status === 'failed' ? 'preflight' : null,
    credential: { type: request?.credentialType ?? 'API_KEY', userId: request?.userId ?? '', oldId: request?.credentialId ?? null, newId: null },
    userName: null,
    secrets: [],
    verified: [],
    stillWorking: status === 'failed' || status === 'in-progress' ? 'Nothing was changed by this step: the CURRENT credential still works.' : null,
    nextAction: status === 'failed' ? 'Fix the cause above; Vault retries the step, or run the rotation again (RotateSecret).' : null,
    reached: null,
    hygiene: null,
  };
}
