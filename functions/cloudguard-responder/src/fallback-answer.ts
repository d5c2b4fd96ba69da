// What the Function answers when its responder cannot: in the caller's format, Vault's or an outcome.
import type { FunctionAnswer } from './handler.js';
import type { Outcome } from './outcome.js';
import type { VaultRotationAnswer } from './scheduled/vault-rotation-answer.js';
import { looksLikeVaultRotationRequest, parseVaultRotationRequest } from './scheduled/vault-rotation-request.js';

/**
 * The answer to a call the Function could not even start (its configuration is broken): a failed
 * outcome for a Cloud Guard event, and for a Vault rotation request Vault's own format with a
 * `responseCode`, so Vault records a refused step instead of a reply it cannot read. 400: a person
 * must fix the configuration; retrying the step changes nothing until then. `reason` names the
 * setting, never its value.
 */
export function unconfiguredAnswer(input: unknown, correlationId: string, reason: string): FunctionAnswer {
  return inCallersFormat(input, failedOutcome(correlationId, reason), 400, `The function is not configured: ${reason}`);
}

/** The answer when the responder threw (a bug): the same formats, 500 for Vault, since a retry may succeed. */
export function unexpectedFailureAnswer(input: unknown, correlationId: string): FunctionAnswer {
  const reason = 'unexpected internal error; see the function logs for this correlation id';
  return inCallersFormat(input, failedOutcome(correlationId, reason), 500, `The function failed: ${reason} (${correlationId})`);
}

function inCallersFormat(input: unknown, outcome: Outcome, responseCode: 400 | 500, returnMessage: string): FunctionAnswer {
  if (!looksLikeVaultRotationRequest(input)) return outcome;
  const parsed = parseVaultRotationRequest(input);
  // Echo the version Vault sent, as every other answer to a step does.
  const answer: VaultRotationAnswer = {
    responseCode,
    returnMessage,
    versionNo: parsed.ok ? parsed.request.versionNo : parsed.versionNo,
    outcome,
  };
  return answer;
}

/** An outcome for a call the responder could not even start: never undefined, never a 502. */
function failedOutcome(correlationId: string, reason: string): Outcome {
  return {
    eventId: null,
    problemId: null,
    problemName: null,
    status: 'failed',
    reason,
    step: null,
    credential: { type: null, userId: null, oldId: null, newId: null },
    secrets: [],
    verified: [],
    stillWorking: 'Nothing was changed.',
    nextAction: 'Fix the function configuration named in the reason, then replay the event.',
    notification: { published: false, title: null, messageId: null, error: 'not attempted' },
    correlationId,
    problemReopened: false,
    actions: [],
  };
}
