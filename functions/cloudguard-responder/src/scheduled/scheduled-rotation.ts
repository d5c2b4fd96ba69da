import { UnmanageableUserError } from '../errors/unmanageable-user-error.js';
import type { InvocationBudget } from '../invocation/invocation-budget.js';
import type { InvocationContext } from '../invocation/invocation-context.js';
import type { Outcome } from '../outcome.js';
import type { SecretInfo, SecretVersionInfo } from '../ports/secret-store-port.js';
import { baseOutcome } from '../outcome-frame.js';
import { applyReport, publish, type Invocation, type ResponderDependencies } from '../responder.js';
import { describeFailure } from '../rotation/oci-failure.js';
import type { RotationRun } from '../rotation/rotation-context.js';
import type { RotationReport } from '../rotation/rotation-types.js';
import { rotateCredential } from '../rotation/rotate-credential.js';
import { unmanageableUser } from '../rotation/run-rotation.js';
import { whenSettled } from '../rotation/secret-versions.js';
import { waitUntil } from '../rotation/wait-until.js';
import { checkAuthority } from './rotation-authority.js';
import { scheduledRun } from './scheduled-request.js';
import { checkPartner, readDeclaration, type SecretDeclaration } from './secret-declaration.js';
import { planStep, type StepPlan } from './step-plan.js';
import type { VaultRotationAnswer } from './vault-rotation-answer.js';
import { parseVaultRotationRequest, type VaultRotationRequest } from './vault-rotation-request.js';
import { inVaultTerms } from './vault-wording.js';
import { printable, printableDeep } from '../text/printable.js';
import { verifyConnection } from './verify-connection.js';

/** What Fn tells the Function about itself besides the call: its own OCID (`FN_FN_ID`). */
export interface VaultInvocation extends Invocation {
  functionId?: string | null;
}

type Reader = Pick<RotationRun, 'deps' | 'workUntilMs'>;

/** One step's result before it becomes Vault's answer: the report, the code and the number handed on. */
interface StepResult {
  report: RotationReport;
  responseCode: VaultRotationAnswer['responseCode'];
  versionNo: number | null;
  /** The CURRENT version the rotation replaces, once known. */
  replaces: number | null;
  /** False: the request never reached a rotation Vault is running; nobody is emailed. */
  authorised: boolean;
}

/**
 * One step of a rotation Vault runs on the secret's schedule (docs/scheduled-rotation.md), through
 * the same engine as a Cloud Guard event: single flight per credential, keep when in doubt, the
 * marker in version names and labels, retry tokens, proof by use, the audit trail and the same
 * email (for the rotation's end, a refusal or a failure; not for the intermediate steps).
 */
export async function respondToVault(
  deps: ResponderDependencies,
  input: unknown,
  invocation: VaultInvocation,
  budget: InvocationBudget,
  context: InvocationContext,
): Promise<VaultRotationAnswer> {
  const { logger } = invocation;
  const parsed = parseVaultRotationRequest(input);
  if (!parsed.ok) {
    logger.warn('vault rotation request refused at intake', { reason: parsed.reason });
    const outcome = baseOutcome(invocation, context, {
      eventId: null,
      problemId: null,
      problemName: null,
      status: 'refused',
      reason: parsed.reason,
    });
    outcome.notification.skipped = 'the input is not a valid Vault rotation request';
    return { responseCode: 400, returnMessage: printable(parsed.reason), versionNo: null, outcome: printableDeep(outcome) };
  }
  const vault = parsed.request;
  logger.info('vault rotation step requested', { step: vault.step, secretId: vault.secretId, versionNo: vault.versionNo });

  const reader: Reader = { deps: { ...deps, logger }, workUntilMs: budget.workUntilMs };
  let result: StepResult;
  try {
    result = await runStep(reader, vault, invocation.functionId ?? null);
  } catch (error) {
    if (error instanceof UnmanageableUserError) {
      result = refused(unmanageableUser(error), null);
    } else {
      logger.error('scheduled rotation step could not read what it needs', { error });
      result = {
        report: beforeRotation('failed', `Reading secret ${vault.secretId} failed: ${describeFailure(error)}`),
        responseCode: 500,
        versionNo: null,
        replaces: null,
        authorised: true,
      };
    }
  }
  const report = inVaultTerms(result.report);
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
  outcome.trigger = {
    kind: 'vault-schedule',
    secretId: vault.secretId,
    ...(result.replaces !== null ? { versionNo: result.replaces } : {}),
  };
  logger.info('vault rotation step finished', {
    step: vault.step,
    status: report.status,
    code: result.responseCode,
    reached: report.reached,
    newId: report.credential.newId,
    actions: context.actions,
  });

  const answer = (final: Outcome, message: string): VaultRotationAnswer => ({
    responseCode: result.responseCode,
    // Vault's console shows the message and the CLI prints the outcome: printable text only, as in the email.
    returnMessage: printable(`${vault.step}: ${message}`),
    versionNo: result.versionNo,
    outcome: printableDeep(final),
  });
  const skip = (why: string): VaultRotationAnswer => {
    outcome.notification.skipped = why;
    outcome.actions = [...context.actions];
    return answer(outcome, report.reason ?? report.status);
  };
  if (!result.authorised) return skip('not a step of a rotation Vault is running for this Function; nothing was changed');
  if (report.reached !== null || (result.responseCode === 200 && report.status === 'in-progress'))
    return skip('an intermediate step of a scheduled rotation; the email follows its end');
  if (report.status === 'already-rotated')
    return skip('nothing to do: the credential was already replaced, and that rotation sent its email');
  if (report.status === 'in-progress') return skip('another rotation of this credential is running and sends its email');
  const published = await publish(deps, logger, outcome, budget, context, {
    problemDisplayName: 'Scheduled rotation (OCI Vault)',
    eventTime: null,
    userName: report.userName,
  });
  return answer(
    published,
    report.status === 'rotated'
      ? `rotated: ${report.credential.newId ?? '?'} replaced ${report.credential.oldId ?? '?'}`
      : (report.reason ?? report.status),
  );
}

async function runStep(reader: Reader, vault: VaultRotationRequest, functionId: string | null): Promise<StepResult> {
  const { secrets, clock, settings } = reader.deps;
  const authority = await checkAuthority(secrets, vault.secretId, vault.step, functionId);
  if (!authority.ok)
    return { report: beforeRotation('refused', authority.reason), responseCode: 400, versionNo: null, replaces: null, authorised: false };
  const declared = await declarationOf(reader, authority.secret);
  if (!declared.ok) return refused(declared.reason, null);
  const { declaration } = declared;
  const listed = (): Promise<SecretVersionInfo[]> => whenSettled(reader, vault.secretId, () => secrets.listVersions(vault.secretId));
  const partnerVersions = declaration.partnerSecretId
    ? await whenSettled(reader, declaration.partnerSecretId, () => secrets.listVersions(declaration.partnerSecretId as string))
    : [];
  let versions = await listed();

  if (vault.step === 'VERIFY_CONNECTION') {
    const verified = await verifyConnection(reader.deps, declaration, vault.secretId, versions, partnerVersions);
    const report = beforeRotation(verified.responseCode === 200 ? 'in-progress' : 'refused', verified.message);
    report.userName = verified.userName;
    report.verified.push(...verified.verified);
    return { report, responseCode: verified.responseCode, versionNo: verified.versionNo, replaces: null, authorised: true };
  }

  let plan = planStep(vault, versions, clock.now(), settings.inFlightWindowMs);
  if (plan.kind === 'answer' && plan.status === 'in-progress') {
    // A Cloud Guard rotation is staged in the secret: wait (bounded) for it to finish, then look again.
    const cleared = await waitUntil(
      async () => {
        versions = await listed();
        const again = planStep(vault, versions, clock.now(), settings.inFlightWindowMs);
        return again.kind === 'answer' && again.status === 'in-progress' ? undefined : again;
      },
      { clock, untilMs: reader.workUntilMs, timeoutMs: settings.joinWaitMs, initialDelayMs: 500 },
    );
    if (cleared) plan = cleared;
  }
  if (plan.kind === 'answer') {
    const code = plan.status === 'already-rotated' ? 200 : plan.status === 'refused' ? 400 : 500;
    return {
      report: beforeRotation(plan.status, plan.reason),
      responseCode: code,
      versionNo: plan.versionNo,
      replaces: null,
      authorised: true,
    };
  }
  return rotateStep(reader, vault, authority.secret, declaration, plan, partnerVersions);
}

async function rotateStep(
  reader: Reader,
  vault: VaultRotationRequest,
  secret: SecretInfo,
  declaration: SecretDeclaration,
  plan: Extract<StepPlan, { kind: 'rotate' }>,
  partnerVersions: readonly SecretVersionInfo[],
): Promise<StepResult> {
  const replaces = plan.replaced.versionNumber;
  const prepared = await scheduledRun(reader, secret, declaration, plan.replaced, partnerVersions);
  if (!prepared.ok) {
    // The credential the replaced version held is gone and this rotation's version is CURRENT: it completed.
    if (prepared.gone && !plan.replaced.stages.includes('CURRENT')) {
      return {
        report: beforeRotation('already-rotated', `This rotation already completed: ${prepared.reason} Nothing was changed.`),
        responseCode: 200,
        versionNo: null,
        replaces,
        authorised: true,
      };
    }
    return refused(`${prepared.reason} Nothing was changed.`, replaces);
  }
  const report = await rotateCredential({ ...prepared.run, until: plan.until, resumeOnly: plan.resumeOnly });
  const done = report.reached !== null || report.status === 'rotated' || report.status === 'already-rotated';
  // A person must act on a refusal; a credential already gone needs nothing: neither is worth a retry.
  const code = done ? 200 : report.status === 'refused' || report.status === 'nothing-to-rotate' ? 400 : 500;
  // UPDATE_TARGET_SYSTEM hands on the version "which should be promoted": this rotation's own.
  const staged = report.secrets.find((ref) => ref.secretId === vault.secretId)?.versionNumber ?? null;
  return {
    report,
    responseCode: code,
    versionNo: vault.step === 'UPDATE_TARGET_SYSTEM' && done ? staged : null,
    replaces,
    authorised: true,
  };
}

async function declarationOf(
  reader: Reader,
  secret: SecretInfo,
): Promise<{ ok: true; declaration: SecretDeclaration } | { ok: false; reason: string }> {
  const declared = readDeclaration(secret);
  if (!declared.ok) return { ok: false, reason: `${declared.reason} Nothing was changed.` };
  const { declaration } = declared;
  if (declaration.partnerSecretId) {
    const mismatch = checkPartner(await reader.deps.secrets.getSecret(declaration.partnerSecretId), declaration, secret.id);
    if (mismatch) return { ok: false, reason: `${mismatch} Nothing was changed.` };
  }
  return declared;
}

function refused(reason: string, replaces: number | null): StepResult {
  return { report: beforeRotation('refused', reason), responseCode: 400, versionNo: null, replaces, authorised: true };
}

function beforeRotation(status: RotationReport['status'], reason: string): RotationReport {
  return {
    status,
    reason,
    step: status === 'failed' ? 'preflight' : null,
    credential: { type: 'API_KEY', userId: '', oldId: null, newId: null },
    userName: null,
    secrets: [],
    verified: [],
    stillWorking:
      status === 'failed' || status === 'in-progress' ? 'Nothing was changed by this step: the CURRENT credential still works.' : null,
    nextAction: status === 'failed' ? 'Fix the cause above; Vault retries the step, or run the rotation again (RotateSecret).' : null,
    reached: null,
    hygiene: null,
  };
}
