import { invocationBudget } from './invocation/invocation-budget.js';
import { runInInvocation, type InvocationContext } from './invocation/invocation-context.js';
import type { Outcome } from './outcome.js';
import type { Responder, ResponderDependencies } from './responder.js';
import { respondToVault, type VaultInvocation } from './scheduled/scheduled-rotation.js';
import type { VaultRotationAnswer } from './scheduled/vault-rotation-answer.js';
import { looksLikeVaultRotationRequest } from './scheduled/vault-rotation-request.js';

/** What the Function answers: an outcome for a Cloud Guard event, Vault's format for a Vault rotation step. */
export type FunctionAnswer = Outcome | VaultRotationAnswer;
/** `functionId`: the Function's own OCID as Fn gives it (`FN_FN_ID`); a Vault step checks the secret's rotation targets it. */
export type FunctionHandler = (input: unknown, invocation: VaultInvocation) => Promise<FunctionAnswer>;

/**
 * The Function's one entry: a Vault rotation request (`{step, secretId, versionNo}`, told by
 * shape) goes to the scheduled rotation, anything else to the Cloud Guard event path.
 */
export function createFunctionHandler(deps: ResponderDependencies, respond: Responder): FunctionHandler {
  return async (input, invocation) => {
    if (!looksLikeVaultRotationRequest(input)) return respond(input, invocation);
    const budget = invocationBudget(invocation.deadline, deps.clock.now().getTime(), invocation.deadlineMarginMs);
    if (budget.note)
      invocation.logger.warn('invocation budget adjusted', { note: budget.note, workUntil: new Date(budget.workUntilMs).toISOString() });
    const context: InvocationContext = { callsUntilMs: budget.workUntilMs, actions: [] };
    return runInInvocation(context, () => respondToVault(deps, input, invocation, budget, context));
  };
}
