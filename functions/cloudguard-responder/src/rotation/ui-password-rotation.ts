import { isLive, requireUsableUser, requireVersionRoom, requireWritableSecret } from './preflight-checks.js';
import type { RotationRun } from './rotation-context.js';
import { RotationJournal } from './rotation-journal.js';
import { RotationRefusedError } from '../errors/rotation-refused-error.js';
import type { RotationReport, RotationStep } from './rotation-types.js';
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
  const journal = new RotationJournal('UI_PASSWORD', run.request.userId, null);
  const outcome: { reset: boolean } = { reset: false };
  return runRotation(
    run,
    journal,
    () => execute(run, journal, passwordSecretId, outcome),
    async (step) => explain(step, passwordSecretId, outcome),
  );
}

async function execute(
  run: RotationRun,
  journal: RotationJournal,
  secretId: string | null,
  outcome: { reset: boolean },
): Promise<RotationReport> {
  const { identity, secrets, settings } = run.deps;
  const { request, marker } = run;

  journal.at('preflight');
  const user = await identity.getUser(request.userId);
  if (!user) throw new UnmanageableUserError({ operation: 'GetUser', userId: request.userId, opcRequestId: null });
  journal.userName = user.name;
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
      recordVersion(journal, secretId, 'password', stored, marker.versionName);
      return journal.report('already-rotated', {
        reason: `This problem's password reset already happened; the one-time password is CURRENT version ${stored.versionNumber} of ${secretId}. Nothing was changed.`,
      });
    }
    requireVersionRoom(secretId, versions, settings);
  } else {
    const info = await identity.getUiPasswordInfo(request.userId);
    if (info && isLive(info.lifecycleState) && run.resolvedAt && Date.parse(info.timeCreated) >= Date.parse(run.resolvedAt)) {
      return journal.report('already-rotated', {
        reason: `The console password was already reset at ${info.timeCreated}, after the problem was resolved at ${run.resolvedAt}. Nothing was changed.`,
      });
    }
  }

  journal.at('reset-password');
  const { info, value } = await identity.resetUiPassword(request.userId, marker.retryToken('reset-ui-password'));
  outcome.reset = true;
  journal.verify(`console password reset at ${info.timeCreated}; the old password no longer works`);
  if (!value) {
    // Identity-domain tenancies answer without a password and email the user a reset link
    // (oci-behaviour §3.4); a replay sends the same retry token, so OCI does not reset twice.
    journal.verify('OCI returned no one-time password: the user was sent a password reset link by email; nothing was stored in Vault');
    return journal.report('rotated');
  }
  if (!secretId) {
    journal.verify(
      'the one-time password was not stored anywhere (no password_secret_ocid in the comment); the user must use "Forgot password"',
    );
    return journal.report('rotated');
  }
  journal.at('store-password');
  const stored = await stageVersion(run, journal, { secretId, role: 'password', content: value, stage: 'CURRENT' });
  if (stored.joined) {
    // Another delivery of the same event, holding the same reset through the shared retry
    // token, stored it first: it reports the rotation, so SecOps gets one email.
    return journal.report('already-rotated', {
      reason: `Another delivery of this event reset the password at the same moment and stored it as version ${stored.version.versionNumber} of ${secretId}. Nothing more was changed.`,
    });
  }
  return journal.report('rotated');
}

function explain(step: RotationStep, secretId: string | null, outcome: { reset: boolean }): { stillWorking: string; nextAction: string } {
  if (!outcome.reset) {
    return {
      stillWorking: 'Nothing was changed: the current console password still works.',
      nextAction: 'Fix the cause above, then replay the event.',
    };
  }
  return {
    stillWorking: `The password WAS reset, so the old one no longer works, but the one-time password could not be stored in ${secretId ?? 'Vault'} (step ${step}).`,
    nextAction: 'Replay the event to reset and store again, or have the user use "Forgot password".',
  };
}
