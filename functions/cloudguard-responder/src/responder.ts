import type { RemediationRequest, SecretTargets } from './domain/remediation-request.js';
import { parseEvent } from './intake/parse-event.js';
import { invocationBudget, type InvocationBudget } from './invocation/invocation-budget.js';
import { runInInvocation, type InvocationContext } from './invocation/invocation-context.js';
import { renderNotification } from './notify/render-notification.js';
import type { Outcome } from './outcome.js';
import { baseOutcome, finish } from './outcome-frame.js';
import type { LoggerPort } from './ports/logger-port.js';
import type { NotifierPort } from './ports/notifier-port.js';
import type { ProblemPort } from './ports/problem-port.js';
import { describeFailure } from './rotation/oci-failure.js';
import type { RotationDependencies } from './rotation/rotation-context.js';
import type { RotationReport } from './rotation/rotation-types.js';
import { rotationMarker } from './rotation/rotation-marker.js';
import { OciCallError } from './errors/oci-call-error.js';
import { RotationRefusedError } from './errors/rotation-refused-error.js';
import { rotateCredential } from './rotation/rotate-credential.js';
import { CLOUD_GUARD_TRIGGER } from './rotation/rotation-trigger.js';
import { verifyProblem } from './rotation/verify-problem.js';
import { whenSettled } from './rotation/secret-versions.js';
import { waitUntil } from './rotation/wait-until.js';
import type { RotationMarker } from './rotation/rotation-marker.js';
import { decideReopen, nextActionAfterReopen, type ReopenDecision } from './reopen/reopen-decision.js';
import { readRotationTruth, type RotationTruth } from './reopen/rotation-truth.js';
import { secretsBoundToUser } from './reopen/secrets-bound.js';
import { printable } from './text/printable.js';

export interface ResponderDependencies extends Omit<RotationDependencies, 'logger'> {
  problems: ProblemPort;
  /** Set a verified problem OPEN again when its rotation failed or was refused. */
  reopenProblems: boolean;
  notifier: NotifierPort;
  /** Reads the secrets a recorded closure comment names, to compare them with the event's. */
  secretsNamedBy(comment: string, request: RemediationRequest): SecretTargets | null;
}

export interface Invocation {
  correlationId: string;
  /**
   * Fn's deadline for this call (`Fn-Deadline`); null when there is none. Missing, unreadable,
   * past or far-future deadlines each get a defined budget (invocation-budget.ts).
   */
  deadline: Date | null;
  /** Stop this long before the deadline, so the outcome and the email still go out. */
  deadlineMarginMs: number;
  logger: LoggerPort;
}

export type Responder = (input: unknown, invocation: Invocation) => Promise<Outcome>;

/**
 * The whole job for one event: intake, re-verification against Cloud Guard, the rotation and
 * the report. Never throws for anything an event or OCI can cause: every path ends in an
 * outcome. SecOps gets one email per rotation: for `rotated`, `refused` and `failed`, not for
 * a duplicate delivery (`already-rotated`, `in-progress`), an `ignored` event, or input that
 * is no Cloud Guard event at all.
 */
export function createResponder(deps: ResponderDependencies): Responder {
  return async (input, invocation) => {
    const { logger } = invocation;
    const budget = invocationBudget(invocation.deadline, deps.clock.now().getTime(), invocation.deadlineMarginMs);
    if (budget.note)
      logger.warn('invocation budget adjusted', { note: budget.note, workUntil: new Date(budget.workUntilMs).toISOString() });
    const context: InvocationContext = { callsUntilMs: budget.workUntilMs, actions: [], uncertainWrites: new Set() };
    return runInInvocation(context, () => respond(deps, input, invocation, budget, context));
  };
}

async function respond(
  deps: ResponderDependencies,
  input: unknown,
  invocation: Invocation,
  budget: InvocationBudget,
  context: InvocationContext,
): Promise<Outcome> {
  const { logger } = invocation;
  const intake = parseEvent(input);
  if (intake.kind === 'ignored') {
    logger.info('event ignored', { reason: intake.reason, eventId: intake.eventId, problemName: intake.problemName });
    const outcome = baseOutcome(invocation, context, {
      eventId: intake.eventId,
      problemId: intake.problemId,
      problemName: intake.problemName,
      status: 'ignored',
      reason: intake.reason,
    });
    outcome.notification.skipped = 'not a remediated stale-credential event';
    return finish(outcome, context);
  }
  if (intake.kind === 'refused') {
    logger.warn('event refused at intake', { reason: intake.reason, field: intake.field, eventId: intake.eventId });
    const outcome = baseOutcome(invocation, context, {
      eventId: intake.eventId,
      problemId: intake.problemId,
      problemName: intake.problemName,
      status: 'refused',
      reason: intake.reason,
    });
    if (!intake.eventShaped) {
      outcome.notification.skipped = 'the input is not a Cloud Guard remediated event';
      return finish(outcome, context);
    }
    return publish(deps, logger, outcome, budget, context, { problemDisplayName: null, eventTime: null, userName: null });
  }

  const request = intake.request;
  logger.info('rotation requested', {
    eventId: request.eventId,
    problemId: request.problemId,
    problemName: request.problemName,
    userId: request.userId,
  });
  const rotation = await verifyThenRotate(deps, request, budget, logger);
  let report = rotation.report;
  let decision: ReopenDecision | null = null;
  if (report.status === 'failed' || report.status === 'refused') {
    decision = await decideAfterFailure(deps, request, rotation, budget, context, logger);
    report = settledReport(report, decision);
  }
  const outcome = baseOutcome(invocation, context, {
    eventId: request.eventId,
    problemId: request.problemId,
    problemName: request.problemName,
    status: report.status,
    ...(report.reason !== null ? { reason: report.reason } : {}),
  });
  applyReport(outcome, report);
  outcome.trigger = { kind: 'cloud-guard' };
  logger.info('rotation finished', { status: report.status, step: report.step, newId: report.credential.newId, actions: context.actions });
  if (decision?.kind === 'reopen') await reopenProblem(deps, request, outcome, budget, context, logger);
  else if (decision?.kind === 'leave' && (report.status === 'failed' || report.status === 'refused')) outcome.reopenSkipped = decision.why;
  if (report.status === 'already-rotated' || report.status === 'in-progress') {
    // Said apart: a rotation already done has sent its email; one at work sends it when it ends.
    outcome.notification.skipped =
      report.status === 'already-rotated'
        ? "the rotation was already done (by another delivery of this event, or Vault's scheduled rotation), and the run that did it sent the email"
        : "another delivery of this event, or Vault's scheduled rotation, is rotating the credential and sends the email when it ends";
    return finish(outcome, context);
  }
  return publish(deps, logger, outcome, budget, context, {
    problemDisplayName: request.problemDisplayName,
    eventTime: request.eventTime,
    userName: report.userName,
  });
}

interface VerifiedRotation {
  report: RotationReport;
  /** Cloud Guard's record confirms the problem, user and credential. */
  problemVerified: boolean;
  /** Cloud Guard's record of the resolve names the event's secrets. */
  commentConfirmed: boolean;
  marker: RotationMarker | null;
  resolvedAt: string | null;
}

/**
 * After a failure or refusal: the facts Cloud Guard, Identity and Vault give (each read
 * definite, or the answer is "in doubt"), and what they say about reopening and the email.
 */
async function decideAfterFailure(
  deps: ResponderDependencies,
  request: RemediationRequest,
  rotation: VerifiedRotation,
  budget: InvocationBudget,
  context: InvocationContext,
  logger: LoggerPort,
): Promise<ReopenDecision> {
  let truth: RotationTruth | null = null;
  let secretsBound: boolean | null = null;
  const wroteAnything = context.actions.some((action) => !action.operation.endsWith('(proof)'));
  if (rotation.problemVerified && rotation.marker) {
    const reader = { deps: { ...deps, logger }, workUntilMs: budget.workUntilMs };
    const listVersions = (secretId: string) => whenSettled(reader, secretId, () => deps.secrets.listVersions(secretId));
    const marker = rotation.marker;
    const read = () =>
      readRotationTruth(
        { identity: deps.identity, listVersions, inFlightWindowMs: deps.settings.inFlightWindowMs, nowMs: deps.clock.now().getTime() },
        request,
        marker,
        rotation.resolvedAt,
      );
    try {
      truth = await read();
      // A delivery that failed before writing anything may have raced a duplicate that has not
      // written yet either: watch a few seconds for its work before calling the failure the truth.
      if (rotation.report.status === 'failed' && !wroteAnything && truth.staleExists && !truth.completed && truth.traces.length === 0) {
        truth =
          (await waitUntil(
            async () => {
              const seen = await read();
              return seen.completed || seen.traces.length > 0 ? seen : undefined;
            },
            { clock: deps.clock, untilMs: budget.workUntilMs, timeoutMs: DUPLICATE_SETTLE_MS, initialDelayMs: 1_000 },
          )) ?? truth;
      }
    } catch (error) {
      truth = null;
      logger.warn('could not read what Identity and Vault hold after the failure; Cloud Guard is left as it is', { error });
    }
    try {
      secretsBound = await secretsBoundToUser(deps.secrets, request, deps.settings, rotation.commentConfirmed);
    } catch (error) {
      logger.warn('could not read whether the named secrets are bound to the user; Cloud Guard is left as it is', { error });
    }
  }
  return decideReopen({
    status: rotation.report.status,
    failedStep: rotation.report.step,
    reopenEnabled: deps.reopenProblems,
    problemVerified: rotation.problemVerified,
    secretsBound,
    truth,
    wroteAnything,
  });
}

/** A failure that another delivery's work overtook is reported as that work, without an email of its own. */
function settledReport(report: RotationReport, decision: ReopenDecision): RotationReport {
  const stopped = `this delivery stopped at step ${report.step ?? '?'} (${report.reason ?? 'no reason given'})`;
  if (decision.kind === 'completed-by-other') {
    return {
      ...report,
      status: 'already-rotated',
      step: null,
      reason: `Another delivery of this event completed the rotation while this one ran; ${stopped}, which was no longer needed, and changed nothing of it.`,
      stillWorking: null,
      nextAction: null,
    };
  }
  if (decision.kind === 'other-at-work') {
    return {
      ...report,
      status: 'in-progress',
      step: null,
      reason:
        `Another delivery of this event is rotating (${decision.traces.join('; ')}); ${stopped} before changing anything and leaves ` +
        `the rotation and its email to that one.`,
      stillWorking: report.credential.oldId
        ? `The old credential ${report.credential.oldId} still exists.`
        : 'The current credential still works.',
      nextAction: 'Nothing, if a "Rotated" email follows. Otherwise replay the event.',
    };
  }
  return report;
}

async function verifyThenRotate(
  deps: ResponderDependencies,
  request: RemediationRequest,
  budget: InvocationBudget,
  logger: LoggerPort,
): Promise<VerifiedRotation> {
  const failedBeforeRotation = (
    status: 'refused' | 'failed',
    reason: string,
    nextAction = 'Check that the function may read Cloud Guard problems, then replay the event.',
  ): RotationReport => ({
    status,
    reason,
    step: status === 'failed' ? 'verify-problem' : null,
    credential: {
      type: request.credentialType,
      userId: request.userId,
      oldId: request.credentialType === 'UI_PASSWORD' ? null : request.credentialId,
      newId: null,
    },
    userName: null,
    secrets: [],
    verified: [],
    stillWorking: status === 'failed' ? 'Nothing was changed: the current credential still works and Vault is untouched.' : null,
    nextAction: status === 'failed' ? nextAction : null,
    reached: null,
    hygiene: null,
  });
  let verified: Awaited<ReturnType<typeof verifyProblem>>;
  try {
    verified = await verifyProblem(deps.problems, request, (comment) => deps.secretsNamedBy(comment, request));
  } catch (error) {
    const unverified = { problemVerified: false, commentConfirmed: false, marker: null, resolvedAt: null };
    if (error instanceof RotationRefusedError) return { report: failedBeforeRotation('refused', error.message), ...unverified };
    logger.error('problem verification failed', { error });
    // A call that got no answer, or a service fault, says nothing about the policy: the next action says what it does say.
    const next =
      error instanceof OciCallError && (!error.answered || (error.statusCode ?? 0) >= 500 || error.statusCode === 429)
        ? `Cloud Guard ${error.answered ? `answered ${error.statusCode}` : 'gave no answer'}: replay the event once it answers (from the Function, check its subnet's route to OCI services).`
        : undefined;
    return { report: failedBeforeRotation('failed', `Step verify-problem failed: ${describeFailure(error)}`, next), ...unverified };
  }
  const { resolveRecord, commentConfirmed } = verified;
  const marker = rotationMarker(request.problemId, resolveRecord?.id ?? null);
  const report = await rotateCredential({
    deps: { ...deps, logger },
    request,
    marker,
    resolvedAt: resolveRecord?.timeCreated ?? null,
    commentConfirmed,
    workUntilMs: budget.workUntilMs,
    trigger: CLOUD_GUARD_TRIGGER,
  });
  if (resolveRecord)
    report.verified.unshift(
      `Cloud Guard confirms problem ${request.problemId} was resolved by ${resolveRecord.actorName ?? resolveRecord.actorType} at ${resolveRecord.timeCreated}`,
    );
  return { report, problemVerified: true, commentConfirmed, marker, resolvedAt: resolveRecord?.timeCreated ?? null };
}

/**
 * How long a failed delivery that wrote nothing watches for a duplicate's work before it reports
 * the failure as the truth: a duplicate delivered at the same moment makes its first write within
 * a few calls (oci-call.ts retries for about 4 s before this delivery failed at all).
 */
const DUPLICATE_SETTLE_MS = 5_000;

/** Cloud Guard accepts comments of bounded length; ours is one line, cut well below any limit (assumed 400). */
const MAX_REOPEN_COMMENT_LENGTH = 400;

/**
 * Sets the problem OPEN again, once decideReopen found every condition true, so Cloud Guard's
 * dashboard does not claim a stale credential is handled. Once OPEN, a replay of the event is
 * refused, so the one next action becomes resolving it again, which resumes the rotation from
 * whatever this attempt stored. The comment is printable text only (it quotes user-made labels).
 */
async function reopenProblem(
  deps: ResponderDependencies,
  request: RemediationRequest,
  outcome: Outcome,
  budget: InvocationBudget,
  context: InvocationContext,
  logger: LoggerPort,
): Promise<void> {
  const what = `${outcome.status}${outcome.step ? ` at ${outcome.step}` : ''}`;
  const comment = printable(`cg-responder: rotation ${what}: ${outcome.reason ?? ''} (correlation id ${outcome.correlationId})`);
  context.callsUntilMs = budget.reportUntilMs;
  try {
    await deps.problems.reopen(
      request.problemId,
      request.tenancyId,
      comment.length > MAX_REOPEN_COMMENT_LENGTH ? `${comment.slice(0, MAX_REOPEN_COMMENT_LENGTH - 3)}...` : comment,
    );
    outcome.problemReopened = true;
    outcome.nextAction = nextActionAfterReopen(outcome.nextAction);
  } catch (error) {
    outcome.reopenSkipped = `Setting the problem OPEN again failed (${describeFailure(error)}): Cloud Guard still shows it RESOLVED.`;
    logger.error('problem could not be set OPEN again; Cloud Guard still shows it RESOLVED', { problemId: request.problemId, error });
  }
}

/**
 * Publishes the summary with the report's own budget (the deadline margin is kept for it), the
 * call retried within it. A failure leaves the outcome as it is and is logged as an error, so
 * an ONS outage is seen in the Function's logs even when the rotation itself succeeded.
 */
export async function publish(
  deps: ResponderDependencies,
  logger: LoggerPort,
  outcome: Outcome,
  budget: InvocationBudget,
  context: InvocationContext,
  facts: { problemDisplayName: string | null; eventTime: string | null; userName: string | null },
): Promise<Outcome> {
  const message = renderNotification({ outcome, ...facts });
  outcome.notification.title = message.title;
  context.callsUntilMs = budget.reportUntilMs;
  try {
    const { messageId } = await deps.notifier.publish(message);
    outcome.notification.published = true;
    outcome.notification.messageId = messageId;
  } catch (error) {
    // The rotation's result stands; the caller sees that SecOps was not told.
    outcome.notification.error = describeFailure(error);
    logger.error('notification not published: SecOps was NOT told of this outcome', {
      status: outcome.status,
      problemId: outcome.problemId,
      error,
    });
  }
  return finish(outcome, context);
}

/** Copies a rotation's report into the outcome the caller returns. */
export function applyReport(outcome: Outcome, report: RotationReport): void {
  outcome.step = report.step;
  outcome.credential = { ...report.credential };
  outcome.secrets = report.secrets;
  outcome.verified = report.verified;
  outcome.stillWorking = report.stillWorking;
  outcome.nextAction = report.nextAction;
  if (report.hygiene) outcome.hygiene = report.hygiene;
}
