import { randomUUID } from 'node:crypto';
import common from 'oci-common';
import type { OciEmulator, RotationInvoker } from '../../emulator/index.js';
import {
  buildResponder,
  createLogger,
  type Clock,
  type FunctionHandler,
  type LoggerPort,
} from '../../functions/cloudguard-responder/src/index.js';

export interface InProcessFunction {
  /** What func.ts serves: Cloud Guard events and Vault rotation steps. */
  handle: FunctionHandler;
  topicId: string;
  /** For the emulator's Vault: each step runs the handler, as Fn would run the Function. */
  invoker: RotationInvoker;
}

/**
 * The Function's handler, built by the same builder as func.ts, signing as the emulator's
 * operator user, pointed at the emulator: what the embedded and standalone emulators' Vault
 * invokes for a secret's rotation (the emulator itself never imports the Function).
 */
export function inProcessFunction(
  emulator: OciEmulator,
  options: { clock?: Clock; logger?: (correlationId: string) => LoggerPort } = {},
): InProcessFunction {
  const state = emulator.getState();
  const operator = state.users.find((user) => user.name === 'cg-responder-operator') ?? state.users[0];
  const topic = state.topics[0];
  if (!operator || !topic) throw new Error('the emulator state needs at least one user (the operator) and one topic');
  const identity = emulator.createApiKeyIdentity(operator.id);
  const region = common.Region.fromRegionId(state.tenancy.homeRegion);
  const provider = new common.SimpleAuthenticationDetailsProvider(
    identity.tenancyId,
    identity.userId,
    identity.fingerprint,
    identity.privateKeyPem,
    null,
    region,
  );
  const { handle } = buildResponder({
    provider,
    topicId: topic.id,
    endpoint: emulator.url,
    identityRegion: state.tenancy.homeRegion,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const loggerFor = options.logger ?? ((correlationId: string) => createLogger({ sink: () => undefined, base: { correlationId } }));
  const run: FunctionHandler = (input, invocation) => handle(input, invocation);
  return {
    handle: run,
    topicId: topic.id,
    invoker: (call) => {
      const correlationId = randomUUID();
      // Fn would tell the Function its own OCID: the one the emulator's Vault invoked.
      return handle(call.body, {
        correlationId,
        deadline: null,
        deadlineMarginMs: 0,
        logger: loggerFor(correlationId),
        functionId: call.functionId,
      });
    },
  };
}
