import { PROBLEM_CREDENTIAL_TYPES } from './domain/credential-type.js';
import type { RemediationRequest, SecretTargets } from './domain/remediation-request.js';
import { parseEvent } from './intake/parse-event.js';
import { renderNotification } from './notify/render-notification.js';
import type { Outcome } from './outcome.js';
import type { LoggerPort } from './ports/logger-port.js';
import type { NotifierPort } from './ports/notifier-port.js';
import type { ProblemPort } from './ports/problem-port.js';
import { describeFailure } from './rotation/oci-failure.js';
import type { RotationDependencies } from './rotation/rotation-context.js';
import type { RotationReport } from './rotation/rotation-journal.js';
import { rotationMarker } from './rotation/rotation-marker.js';
import { RotationRefusedError } from './rotation/rotation-refused-error.js';
import { rotateCredential } from './rotation/rotate-credential.js';
import { verifyProblem } from './rotation/verify-problem.js';

export interface ResponderDependencies extends Omit<RotationDependencies, 'logger'> {
  problems: ProblemPort;
  notifier: NotifierPort;
  /** Reads the secrets a recorded closure comment names, to compare them with the event's. */
  secretsNamedBy(comment: string, request: RemediationRequest): SecretTargets | null;
}

export interface Invocation {
  correlationId: string;
  /** Fn's deadline for this call; null when there is none (CLI). */
  deadline: Date | null;
  /** Stop this long before the deadline, so the outcome and the email still go out. */
  deadlineMarginMs: number;
  logger: LoggerPort;
}

export type Responder = (input: unknown, invocation: Invocation) => Promise<Outcome>;

/**
 * The whole job for one event: intake, re-verification against Cloud Guard, the rotation and
 * the report. Never throws for anything an event or OCI can cause: every path ends in an
 * outcome, and every outcome but `ignored` is published to SecOps.
 */
export function createResponder(deps: ResponderDependencies): Responder {
  return async (input, invocation) => {
    const { logger } = invocation;
    const intake = parseEvent(input);
    if (intake.kind === 'ignored') {
      logger.info('event ignored', { reason: intake.reason, eventId: intake.eventId, problemName: intake.problemName });
      return baseOutcome(invocation, {
        eventId: intake.eventId,
        problemId: intake.problemId,
        problemName: intake.problemName,
        status: 'ignored',
        reason: intake.reason,
      });
    }
    if (intake.kind === 'refused') {
      logger.warn('event refused at intake', { reason: intake.reason, field: intake.field, eventId: intake.eventId });
      const outcome = baseOutcome(invocation, {
        eventId: intake.eventId,
        problemId: intake.problemId,
        problemName: intake.problemName,
        status: 'refused',
        reason: intake.reason,
      });
      outcome.credential.type = credentialTypeOf(intake.problemName);
      return publish(deps, logger, outcome, { problemDisplayName: null, eventTime: null, userName: null });
    }

    const request = intake.request;
    logger.info('rotation requested', { eventId: request.eventId, problemId: request.problemId, problemName: request.problemName, userId: request.userId });
    const signal = deadlineSignal(invocation);
    const report = await verifyThenRotate(deps, request, signal, logger);
    const outcome = baseOutcome(invocation, {
      eventId: request.eventId,
      problemId: request.problemId,
      problemName: request.problemName,
      status: report.status,
      ...(report.reason !== null ? { reason: report.reason } : {}),
    });
    outcome.step = report.step;
    outcome.credential = { ...report.credential };
    outcome.secrets = report.secrets;
    outcome.verified = report.verified;
    outcome.stillWorking = report.stillWorking;
    outcome.nextAction = report.nextAction;
    logger.info('rotation finished', { status: report.status, step: report.step, newId: report.credential.newId });
    return publish(deps, logger, outcome, { problemDisplayName: request.problemDisplayName, eventTime: request.eventTime, userName: report.userName });
  };
}

async function verifyThenRotate(deps: ResponderDependencies, request: RemediationRequest, signal: AbortSignal, logger: LoggerPort): Promise<RotationReport> {
  const failedBeforeRotation = (status: 'refused' | 'failed', reason: string): RotationReport => ({
    status,
    reason,
    step: status === 'failed' ? 'verify-problem' : null,
    credential: { type: request.credentialType, userId: request.userId, oldId: request.credentialType === 'UI_PASSWORD' ? null : request.credentialId, newId: null },
    userName: null,
    secrets: [],
    verified: [],
    stillWorking: status === 'failed' ? 'Nothing was changed: the current credential still works and Vault is untouched.' : null,
    nextAction: status === 'failed' ? 'Check that the function may read Cloud Guard problems, then replay the event.' : null,
  });
  let resolveRecord;
  try {
    ({ resolveRecord } = await verifyProblem(deps.problems, request, (comment) => deps.secretsNamedBy(comment, request)));
  } catch (error) {
    if (error instanceof RotationRefusedError) return failedBeforeRotation('refused', error.message);
    logger.error('problem verification failed', { error });
    return failedBeforeRotation('failed', `Step verify-problem failed: ${describeFailure(error)}`);
  }
  const report = await rotateCredential({
    deps: { ...deps, logger },
    request,
    marker: rotationMarker(request.problemId, resolveRecord?.id ?? null),
    resolvedAt: resolveRecord?.timeCreated ?? null,
    signal,
  });
  if (resolveRecord) report.verified.unshift(`Cloud Guard confirms problem ${request.problemId} was resolved by ${resolveRecord.actorName ?? resolveRecord.actorType} at ${resolveRecord.timeCreated}`);
  return report;
}

async function publish(
  deps: ResponderDependencies,
  logger: LoggerPort,
  outcome: Outcome,
  facts: { problemDisplayName: string | null; eventTime: string | null; userName: string | null },
): Promise<Outcome> {
  const message = renderNotification({ outcome, ...facts });
  outcome.notification.title = message.title;
  try {
    const { messageId } = await deps.notifier.publish(message);
    outcome.notification.published = true;
    outcome.notification.messageId = messageId;
  } catch (error) {
    // The rotation's result stands; the caller sees that SecOps was not told.
    outcome.notification.error = describeFailure(error);
    logger.error('notification not published', { error });
  }
  return outcome;
}

function baseOutcome(
  invocation: Invocation,
  head: Pick<Outcome, 'eventId' | 'problemId' | 'problemName' | 'status'> & { reason?: string },
): Outcome {
  return {
    eventId: head.eventId,
    problemId: head.problemId,
    problemName: head.problemName,
    status: head.status,
    ...(head.reason !== undefined ? { reason: head.reason } : {}),
    step: null,
    credential: { type: credentialTypeOf(head.problemName), userId: null, oldId: null, newId: null },
    secrets: [],
    verified: [],
    stillWorking: null,
    nextAction: null,
    notification: { published: false, title: null, messageId: null, error: null },
    correlationId: invocation.correlationId,
  };
}

function credentialTypeOf(problemName: string | null): Outcome['credential']['type'] {
  if (problemName === null || !Object.hasOwn(PROBLEM_CREDENTIAL_TYPES, problemName)) return null;
  return PROBLEM_CREDENTIAL_TYPES[problemName as keyof typeof PROBLEM_CREDENTIAL_TYPES];
}

function deadlineSignal(invocation: Invocation): AbortSignal {
  if (!invocation.deadline) return new AbortController().signal;
  const budgetMs = invocation.deadline.getTime() - Date.now() - invocation.deadlineMarginMs;
  return AbortSignal.timeout(Math.max(0, budgetMs));
}
