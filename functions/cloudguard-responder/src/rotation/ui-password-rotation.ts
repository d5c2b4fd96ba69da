import type { SecretValue } from '../secret-value.js';
import { isLive, requireUsableUser, requireVersionRoom, requireWritableSecret } from './preflight-checks.js';
import type { RotationRun } from './rotation-context.js';
import { RotationRecord } from './rotation-record.js';
import { RotationRefusedError } from '../errors/rotation-refused-error.js';
import type { RotationReport } from './rotation-types.js';
import { finish, type Next, next } from './phase-driver.js';
import { runRotation } from './run-rotation.js';
import { findVersion, isCurrent, recordVersion, stageVersion, whenSettled } from './secret-versions.js';
import { UnmanageableUserError } from '../errors/unmanageable-user-error.js';

/**
 * Console password reset. There is no "new first" here: OCI replaces the password in one
 * call and the old one stops working at once (oci-behaviour §3.4), which the report says plainly.
 * The one-time password goes only to the optional `password_secret_ocid` secret, straight to
 * CURRENT (the old password is already dead), and never to a log or the email.
 */
export async function rotateUiPassword(run: RotationRun, passwordSecretId: string | null): Promise<RotationReport> {
  const record = new RotationRecord<PasswordFacts>('UI_PASSWORD', run.request.userId, null, { reset: false });
  const rotation: PasswordRotation = { run, record, secretId: passwordSecretId };
  return runRotation(
    run,
    record,
    next('preflight', () => checkUser(rotation)),
    async () => explain(rotation),
  );
}

/** What the failure explanation needs: whether OCI already replaced the password. */
interface PasswordFacts {
  reset: boolean;
}

interface PasswordRotation {
  run: RotationRun;
  record: RotationRecord<PasswordFacts>;
  /** The optional `password_secret_ocid`: where the one-time password goes. */
  secretId: string | null;
}

/** preflight: the user may have a console password, the secret is writable, and the reset is not done yet. */
async function checkUser({ run, record, secretId }: PasswordRotation): Promise<Next> {
  const { identity, secrets, settings } = run.deps;
  const { request, marker } = run;
  const user = await identity.getUser(request.userId);
  if (!user) throw new UnmanageableUserError({ operation: 'GetUser', userId: request.userId, opcRequestId: null });
  record.userName = user.name;
  if (user.isFederated) {
    throw new RotationRefusedError(
      `User ${request.userId} is federated: the console password belongs to the identity provider, not OCI. Nothing was changed.`,
    );
  }
  requireUsableUser(user, 'canUseConsolePassword', 'a console password');
  if (secretId) {
    requireWritableSecret(
      await whenSettled(run, secretId, () => secrets.getSecret(secretId)),
      request,
      settings,
      run.commentConfirmed,
      run.trigger,
    );
    const versions = await whenSettled(run, secretId, () => secrets.listVersions(secretId));
    const stored = findVersion(versions, marker.versionName);
    if (stored && isCurrent(stored)) {
      recordVersion(record, secretId, 'password', stored, marker.versionName);
      return finish(
        record.report('already-rotated', {
          reason:
            `This problem's password reset already happened; the one-time password is CURRENT version ${stored.versionNumber} of ` +
            `${secretId}. Nothing was changed.`,
        }),
      );
    }
    requireVersionRoom(secretId, versions, settings);
  } else {
    const info = await identity.getUiPasswordInfo(request.userId);
    if (info && isLive(info.lifecycleState) && run.resolvedAt && Date.parse(info.timeCreated) >= Date.parse(run.resolvedAt)) {
      return finish(
        record.report('already-rotated', {
          reason: `The console password was already reset at ${info.timeCreated}, after the problem was resolved at ${run.resolvedAt}. Nothing was changed.`,
        }),
      );
    }
  }
  return next('reset-password', () => resetPassword({ run, record, secretId }));
}

/** reset-password: OCI replaces the password in one call; the old one stops working at once. */
async function resetPassword(rotation: PasswordRotation): Promise<Next> {
  const { run, record, secretId } = rotation;
  const { info, value } = await run.deps.identity.resetUiPassword(run.request.userId, run.marker.retryToken('reset-ui-password'));
  record.facts.reset = true;
  record.verify(`console password reset at ${info.timeCreated}; the old password no longer works`);
  if (!value) {
    // Identity-domain tenancies answer without a password and email the user a reset link
    // (oci-behaviour §3.4); a replay sends the same retry token, so OCI does not reset twice.
    record.verify('OCI returned no one-time password: the user was sent a password reset link by email; nothing was stored in Vault');
    return finish(record.report('rotated'));
  }
  if (!secretId) {
    record.verify(
      'the one-time password was not stored anywhere (no password_secret_ocid in the comment); the user must use "Forgot password"',
    );
    return finish(record.report('rotated'));
  }
  return next('store-password', () => storePassword(rotation, secretId, value));
}

/** store-password: the one-time password straight to CURRENT (the old password is already dead). */
async function storePassword({ run, record }: PasswordRotation, secretId: string, value: SecretValue): Promise<Next> {
  const stored = await stageVersion(run, record, { secretId, role: 'password', content: value, stage: 'CURRENT' });
  if (stored.joined) {
    // Another delivery of the same event, holding the same reset through the shared retry
    // token, stored it first: it reports the rotation, so SecOps gets one email.
    return finish(
      record.report('already-rotated', {
        reason:
          `Another delivery of this event reset the password at the same moment and stored it as version ` +
          `${stored.version.versionNumber} of ${secretId}. Nothing more was changed.`,
      }),
    );
  }
  return finish(record.report('rotated'));
}

function explain({ record, secretId }: PasswordRotation): { stillWorking: string; nextAction: string } {
  if (!record.facts.reset) {
    return {
      stillWorking: 'Nothing was changed: the current console password still works.',
      nextAction: 'Fix the cause above, then replay the event.',
    };
  }
  return {
    stillWorking:
      `The password WAS reset, so the old one no longer works, but the one-time password could not be stored in ` +
      `${secretId ?? 'Vault'} (step ${record.step}).`,
    nextAction: 'Replay the event to reset and store again, or have the user use "Forgot password".',
  };
}
