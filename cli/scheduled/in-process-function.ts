import { randomUUID } from 'node:crypto';
import type { OciEmulator, RotationInvoker } from '../../emulator/index.js';
import {
  buildResponder,
  createLogger,
  type Clock,
  type FunctionHandler,
  type LoggerPort,
} from '../../functions/cloudguard-responder/src/index.js';
import { operatorBuildOptions } from '../emulator-operator.js';

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
  const wiring = operatorBuildOptions(emulator, options.clock);
  const { handle } = buildResponder(wiring);
  const loggerFor = options.logger ?? ((correlationId: string) => createLogger({ sink: () => undefined, base: { correlationId } }));
  const run: FunctionHandler = (input, invocation) => handle(input, invocation);
  return {
    handle: run,
    topicId: wiring.topicId,
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
