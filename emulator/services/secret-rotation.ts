import { OciApiError, incorrectState, invalidParameter } from '../http/oci-api-error.js';
import type { EmulatorState, SecretRecord } from '../state/types.js';
import { secretOrThrow } from './secret-lookup.js';

/**
 * Vault's side of a secret's own rotation (`rotationConfig` with a FUNCTION target): RotateSecret
 * "force[s] rotation of an existing secret in Vault and the specified target system; expects
 * secret to have a valid Target System Details object" (SDK doc,
 * https://docs.oracle.com/en-us/iaas/tools/powershell/118.0.0/articles/Invoke-OCIVaultRotateSecret.html),
 * and Vault then invokes the function with `{step, secretId, versionNo}` for VERIFY_CONNECTION,
 * CREATE_PENDING_VERSION, UPDATE_TARGET_SYSTEM and PROMOTE_PENDING_VERSION in turn, expecting
 * `{responseCode, returnMessage, versionNo}` (Oracle's public rotation function samples).
 *
 * Assumed where OCI is silent: `versionNo` is the number the next version of the secret gets;
 * a step counts as done only on `responseCode` 200; a 4xx answer ends the rotation at once (the
 * function says retrying changes nothing); any other answer, or none, is tried again up to
 * `stepAttempts` times in all, then the rotation fails and the later steps are not invoked;
 * a RotateSecret while one is IN_PROGRESS is refused with 409 Conflict.
 */
export const VAULT_ROTATION_STEPS = ['VERIFY_CONNECTION', 'CREATE_PENDING_VERSION', 'UPDATE_TARGET_SYSTEM', 'PROMOTE_PENDING_VERSION'] as const;

export interface RotationStepCall {
  functionId: string;
  body: { step: (typeof VAULT_ROTATION_STEPS)[number]; secretId: string; versionNo: number };
}

/** Invokes the rotation function (in-process, or over the Fn contract); resolves with its JSON answer. */
export type RotationInvoker = (call: RotationStepCall) => Promise<unknown>;

export interface RotationStepRecord {
  step: (typeof VAULT_ROTATION_STEPS)[number];
  attempt: number;
  /** null: the invocation itself failed (no answer, or not Vault's format). */
  responseCode: number | null;
  returnMessage: string;
}

export interface SecretRotationRecord {
  secretId: string;
  versionNo: number;
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
  versionNo: number;
  functionId: string;
}

/** The checks RotateSecret makes before accepting, and the switch to IN_PROGRESS. Throws OciApiError. */
export function beginRotation(state: EmulatorState, secretId: string): BegunRotation {
  const secret = secretOrThrow(state, secretId);
  const config = secret.rotationConfig;
  if (!config) throw invalidParameter(`Secret ${secret.id} has no rotation config; RotateSecret expects a valid target system.`);
  if (secret.lifecycleState !== 'ACTIVE') throw incorrectState(`Secret ${secret.id} is in lifecycle state ${secret.lifecycleState}; it must be ACTIVE to be rotated.`);
  if (secret.isReplica) throw incorrectState(`Secret ${secret.id} is a replica; replicated secrets are read-only.`);
  if (secret.rotationStatus === 'IN_PROGRESS') throw new OciApiError(409, 'Conflict', `A rotation of secret ${secret.id} is already in progress.`);
  secret.rotationStatus = 'IN_PROGRESS';
  return { secretId: secret.id, versionNo: nextVersionNumber(secret), functionId: config.targetSystemDetails.functionId };
}

function nextVersionNumber(secret: SecretRecord): number {
  return secret.versions.reduce((max, version) => Math.max(max, version.versionNumber), 0) + 1;
}

/**
 * Runs the four steps of a rotation already begun, one invocation each, and records every
 * attempt. State changes go through `update`, which the emulator serialises with requests.
 */
export async function driveRotation(options: {
  begun: BegunRotation;
  invoker: RotationInvoker | null;
  stepAttempts: number;
  now: () => Date;
  update: (change: (state: EmulatorState, now: Date) => void) => Promise<void>;
}): Promise<SecretRotationRecord> {
  const { begun, invoker, stepAttempts, now } = options;
  const record: SecretRotationRecord = { ...begun, status: 'IN_PROGRESS', steps: [], answers: [], timeStarted: now().toISOString(), timeFinished: null };
  let succeeded = true;
  for (const step of VAULT_ROTATION_STEPS) {
    let done = false;
    for (let attempt = 1; attempt <= stepAttempts && !done; attempt++) {
      const answer = await invoke(invoker, { functionId: begun.functionId, body: { step, secretId: begun.secretId, versionNo: begun.versionNo } });
      record.answers.push(answer.raw);
      record.steps.push({ step, attempt, responseCode: answer.responseCode, returnMessage: answer.returnMessage });
      done = answer.responseCode === 200;
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
      secret.nextRotationTime = config?.isScheduledRotationEnabled && config.rotationInterval ? addInterval(time, config.rotationInterval).toISOString() : null;
    }
  });
  return record;
}

async function invoke(invoker: RotationInvoker | null, call: RotationStepCall): Promise<{ responseCode: number | null; returnMessage: string; raw: unknown }> {
  if (!invoker) return { responseCode: null, returnMessage: 'no function invoker is configured in this emulator', raw: null };
  let raw: unknown;
  try {
    raw = await invoker(call);
  } catch (error) {
    return { responseCode: null, returnMessage: `the invocation failed: ${error instanceof Error ? error.message : String(error)}`, raw: null };
  }
  const answer = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const code = answer['responseCode'];
  const message = answer['returnMessage'];
  if (typeof code !== 'number') return { responseCode: null, returnMessage: 'the function did not answer in the rotation format (no responseCode)', raw };
  return { responseCode: code, returnMessage: typeof message === 'string' ? message : '', raw };
}

/** `P<n>M`: n calendar months later (the interval's documented range is 1 to 12 months). */
function addInterval(from: Date, interval: string): Date {
  const months = Number(/^P(\d+)M$/.exec(interval)?.[1] ?? 0);
  const next = new Date(from.getTime());
  next.setUTCMonth(next.getUTCMonth() + months);
  return next;
}
