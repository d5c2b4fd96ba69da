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
  const outcome = failedOutcome(correlationId, reason);
  if (!looksLikeVaultRotationRequest(input)) return outcome;
  const parsed = parseVaultRotationRequest(input);
  const answer: VaultRotationAnswer = {
    responseCode: 400,
    returnMessage: `The function is not configured: ${reason}`,
    // Echo the version Vault sent, as every other answer to a step does.
    versionNo: parsed.ok ? parsed.request.versionNo : parsed.versionNo,
    outcome,
  };
  return answer;
}

/** An outcome for a call the responder could not even start: never undefined, never a 502. */
export function failedOutcome(correlationId: string, reason: string): Outcome {
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
