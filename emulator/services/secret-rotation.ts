import { OciApiError, incorrectState, invalidParameter } from '../http/oci-api-error.js';
import type { EmulatorState, SecretRecord } from '../state/types.js';
import type { Clock } from '../../functions/cloudguard-responder/src/ports/clock-port.js';
import { secretOrThrow } from './secret-lookup.js';
import { currentVersion } from './secret-stages.js';

/**
 * Vault's side of a secret's own rotation (`rotationConfig` with a FUNCTION target): RotateSecret
 * "force[s] rotation of an existing secret in Vault and the specified target system; expects
 * secret to have a valid Target System Details object" (SDK doc,
 * https://docs.oracle.com/en-us/iaas/tools/powershell/118.0.0/articles/Invoke-OCIVaultRotateSecret.html).
 * Vault then invokes the function once per step, VERIFY_CONNECTION, CREATE_PENDING_VERSION,
 * UPDATE_TARGET_SYSTEM and PROMOTE_PENDING_VERSION, with `{step, secretId, versionNo}`, and reads
 * `{responseCode, returnMessage, versionNo}` back: the contract of Oracle's custom rotation
 * function template, `CustomRotateFunction` (GitHub tstahl/oci-rotate-secret-fn,
 * src/main/java/com/oracle/bmc/ocisms/fn/CustomRotateFunction.java; docs/scheduled-rotation.md).
 * What the template reads of `versionNo` decides what this Vault sends:
 * - VERIFY_CONNECTION: none (the field is left out; the template ignores it);
 * - CREATE_PENDING_VERSION: `null` (ignored too; both forms reach the template as a null Long);
 * - UPDATE_TARGET_SYSTEM: the CURRENT version, as Vault read it when the rotation began;
 * - PROMOTE_PENDING_VERSION: the number UPDATE_TARGET_SYSTEM answered, "which should be promoted".
 *
 * Assumed where OCI is silent: which of the two empty forms Vault sends; that UPDATE gets the
 * CURRENT version of the rotation's start; a step counts as done only on `responseCode` 200; a
 * 4xx answer ends the rotation at once (the function says retrying changes nothing); any other
 * answer, none, or none within the function's 300 s timeout (Oracle's pre-built rotation
 * functions advise 300 s), is tried again up to `stepAttempts` times in all, then the rotation
 * fails and the later steps are not invoked; a RotateSecret while one is IN_PROGRESS is refused
 * with 409 Conflict.
 */
export const VAULT_ROTATION_STEPS = [
  'VERIFY_CONNECTION',
  'CREATE_PENDING_VERSION',
  'UPDATE_TARGET_SYSTEM',
  'PROMOTE_PENDING_VERSION',
] as const;
export type VaultRotationStepName = (typeof VAULT_ROTATION_STEPS)[number];

/** How long Vault waits for one invocation: the function timeout Oracle advises for rotation functions. */
export const ROTATION_STEP_TIMEOUT_MS = 300_000;

export interface RotationStepCall {
  functionId: string;
  /** `versionNo` absent for VERIFY_CONNECTION, null for CREATE_PENDING_VERSION, a number (or null) after. */
  body: { step: VaultRotationStepName; secretId: string; versionNo?: number | null };
}

/** Invokes the rotation function (in-process, or over the Fn contract); resolves with its JSON answer. */
export type RotationInvoker = (call: RotationStepCall) => Promise<unknown>;

export interface RotationStepRecord {
  step: VaultRotationStepName;
  attempt: number;
  /** What the request carried as `versionNo` (null when absent or null). */
  sentVersionNo: number | null;
  /** null: the invocation itself failed (no answer, or not Vault's format). */
  responseCode: number | null;
  returnMessage: string;
  /** The `versionNo` the function answered (null when none). */
  answeredVersionNo: number | null;
}

export interface SecretRotationRecord {
  secretId: string;
  /** The secret's CURRENT version when the rotation began. */
  currentVersionNumber: number | null;
  functionId: string;
  status: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  steps: RotationStepRecord[];
  /** Every answer the function gave, in order, as it gave it. */
  answers: unknown[];
  timeStarted: string;
  timeFinished: string | null;
}

export interface BegunRotation {
  secretId: string;
  currentVersionNumber: number | null;
  functionId: string;
}

/** The checks RotateSecret makes before accepting, and the switch to IN_PROGRESS. Throws OciApiError. */
export function beginRotation(state: EmulatorState, secretId: string): BegunRotation {
  const secret = secretOrThrow(state, secretId);
  const config = secret.rotationConfig;
  if (!config) throw invalidParameter(`Secret ${secret.id} has no rotation config; RotateSecret expects a valid target system.`);
  if (secret.lifecycleState !== 'ACTIVE')
    throw incorrectState(`Secret ${secret.id} is in lifecycle state ${secret.lifecycleState}; it must be ACTIVE to be rotated.`);
  if (secret.isReplica) throw incorrectState(`Secret ${secret.id} is a replica; replicated secrets are read-only.`);
  if (secret.rotationStatus === 'IN_PROGRESS')
    throw new OciApiError(409, 'Conflict', `A rotation of secret ${secret.id} is already in progress.`);
  secret.rotationStatus = 'IN_PROGRESS';
  return begunFor(secret, config.targetSystemDetails.functionId);
}

/** What a rotation of this secret starts from: its CURRENT version and its function. */
export function begunFor(secret: SecretRecord, functionId: string): BegunRotation {
  return { secretId: secret.id, currentVersionNumber: currentVersion(secret.versions)?.versionNumber ?? null, functionId };
}

/**
 * Runs the four steps of a rotation already begun, one invocation each, handing each step's
 * answer on as the template expects, and records every attempt. State changes go through
 * `update`, which the emulator serialises with requests.
 */
export async function driveRotation(options: {
  begun: BegunRotation;
  invoker: RotationInvoker | null;
  stepAttempts: number;
  clock: Pick<Clock, 'now'>;
  update: (change: (state: EmulatorState, now: Date) => void) => Promise<void>;
}): Promise<SecretRotationRecord> {
  const { begun, invoker, stepAttempts, clock } = options;
  const record: SecretRotationRecord = {
    ...begun,
    status: 'IN_PROGRESS',
    steps: [],
    answers: [],
    timeStarted: clock.now().toISOString(),
    timeFinished: null,
  };
  let succeeded = true;
  let toPromote: number | null = null;
  for (const step of VAULT_ROTATION_STEPS) {
    const body: RotationStepCall['body'] =
      step === 'VERIFY_CONNECTION'
        ? { step, secretId: begun.secretId }
        : {
            step,
            secretId: begun.secretId,
            versionNo: step === 'CREATE_PENDING_VERSION' ? null : step === 'UPDATE_TARGET_SYSTEM' ? begun.currentVersionNumber : toPromote,
          };
    let done = false;
    for (let attempt = 1; attempt <= stepAttempts && !done; attempt++) {
      const answer = await invoke(invoker, { functionId: begun.functionId, body });
      record.answers.push(answer.raw);
      record.steps.push({
        step,
        attempt,
        sentVersionNo: body.versionNo ?? null,
        responseCode: answer.responseCode,
        returnMessage: answer.returnMessage,
        answeredVersionNo: answer.versionNo,
      });
      done = answer.responseCode === 200;
      if (done && step === 'UPDATE_TARGET_SYSTEM') toPromote = answer.versionNo;
      if (answer.responseCode !== null && answer.responseCode >= 400 && answer.responseCode < 500) break;
    }
    if (!done) {
      succeeded = false;
      break;
    }
  }
  record.status = succeeded ? 'SUCCEEDED' : 'FAILED';
  await options.update((state, time) => {
    const secret = state.secrets.find((candidate) => candidate.id === begun.secretId);
    record.timeFinished = time.toISOString();
    if (!secret) return;
    const config = secret.rotationConfig;
    secret.rotationStatus = config?.isScheduledRotationEnabled ? 'SCHEDULED' : 'NOT_ENABLED';
    if (succeeded) {
      secret.lastRotationTime = time.toISOString();
      secret.nextRotationTime =
        config?.isScheduledRotationEnabled && config.rotationInterval ? addInterval(time, config.rotationInterval).toISOString() : null;
    }
  });
  return record;
}

async function invoke(
  invoker: RotationInvoker | null,
  call: RotationStepCall,
): Promise<{ responseCode: number | null; returnMessage: string; versionNo: number | null; raw: unknown }> {
  if (!invoker)
    return { responseCode: null, returnMessage: 'no function invoker is configured in this emulator', versionNo: null, raw: null };
  let raw: unknown;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within the function timeout of ${ROTATION_STEP_TIMEOUT_MS / 1000} s`)),
        ROTATION_STEP_TIMEOUT_MS,
      );
      timer.unref();
    });
    raw = await Promise.race([invoker(call), timedOut]);
  } catch (error) {
    return {
      responseCode: null,
      returnMessage: `the invocation failed: ${error instanceof Error ? error.message : String(error)}`,
      versionNo: null,
      raw: null,
    };
  } finally {
    clearTimeout(timer);
  }
  const answer = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const code = answer['responseCode'];
  const message = answer['returnMessage'];
  const versionNo = answer['versionNo'];
  if (typeof code !== 'number')
    return {
      responseCode: null,
      returnMessage: 'the function did not answer in the rotation format (no responseCode)',
      versionNo: null,
      raw,
    };
  return {
    responseCode: code,
    returnMessage: typeof message === 'string' ? message : '',
    versionNo: typeof versionNo === 'number' ? versionNo : null,
    raw,
  };
}

/** `P<n>M`: n calendar months later (the interval's documented range is 1 to 12 months). */
function addInterval(from: Date, interval: string): Date {
  const months = Number(/^P(\d+)M$/.exec(interval)?.[1] ?? 0);
  const next = new Date(from.getTime());
  next.setUTCMonth(next.getUTCMonth() + months);
  return next;
}
