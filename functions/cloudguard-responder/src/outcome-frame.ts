import { PROBLEM_CREDENTIAL_TYPES } from './domain/credential-type.js';
import type { InvocationContext } from './invocation/invocation-context.js';
import type { Outcome } from './outcome.js';
import { printableDeep } from './text/printable.js';

/**
 * An outcome's frame, the same for a Cloud Guard event and a Vault rotation step: what it starts
 * as (nothing done yet, no email, the invocation's audit trail attached) and how it leaves the
 * Function.
 */

/** What an invocation's outcome starts as: its head, nothing done, and the calls' audit trail as it fills. */
export function baseOutcome(
  invocation: { correlationId: string },
  context: InvocationContext,
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
    notification: { published: false, title: null, messageId: null, error: null, skipped: null },
    correlationId: invocation.correlationId,
    problemReopened: false,
    // The same array the calls fill: complete once the outcome is returned.
    actions: context.actions,
  };
}

function credentialTypeOf(problemName: string | null): Outcome['credential']['type'] {
  if (problemName === null || !Object.hasOwn(PROBLEM_CREDENTIAL_TYPES, problemName)) return null;
  return PROBLEM_CREDENTIAL_TYPES[problemName as keyof typeof PROBLEM_CREDENTIAL_TYPES];
}

/** The outcome as it leaves the Function (and reaches the CLI): the complete audit trail, printable text only. */
export function finish(outcome: Outcome, context: InvocationContext): Outcome {
  return printableDeep({ ...outcome, actions: [...context.actions] });
}
