// The Function's composition root and its only importer of @fnproject/fdk: reads the Fn
// configuration once per container, builds the OCI clients once, and serves every call with
// the same responder. Nothing here knows about the emulator; CGR_OCI_ENDPOINT merely points
// the clients elsewhere for local runs.
import { handle, type Context } from '@fnproject/fdk';
import { buildOptionsFrom, buildResponder } from './src/build-responder.js';
import { loadConfig, type Config } from './src/config.js';
import { createLogger } from './src/log/logger.js';
import type { FunctionAnswer, FunctionHandler } from './src/handler.js';
import { unconfiguredAnswer, unexpectedFailureAnswer } from './src/fallback-answer.js';

type Ready = { ok: true; config: Config; responder: FunctionHandler } | { ok: false; reason: string };

const startupLogger = createLogger({ base: { source: 'cloudguard-responder' } });
const ready = prepare();

function prepare(): Ready {
  try {
    const config = loadConfig(process.env);
    const { handle } = buildResponder(buildOptionsFrom(config));
    startupLogger.info('function ready', { auth: config.auth, endpointOverridden: config.ociEndpoint !== null });
    return { ok: true, config, responder: handle };
  } catch (error) {
    // Stay up and answer each call with the reason: a crash loop would hide it in Fn's logs.
    const reason = error instanceof Error ? error.message : 'configuration could not be read';
    startupLogger.error('function not configured', { error });
    return { ok: false, reason };
  }
}

async function onCall(input: unknown, context: Context): Promise<FunctionAnswer> {
  const correlationId = context.callID || `local-${Date.now()}`;
  const logger = createLogger({
    level: ready.ok ? ready.config.logLevel : 'info',
    base: { source: 'cloudguard-responder', correlationId },
  });
  // A Vault rotation request gets Vault's format ({responseCode, returnMessage}), an event an outcome.
  if (!ready.ok) return unconfiguredAnswer(input, correlationId, ready.reason);
  try {
    return await ready.responder(input, {
      correlationId,
      deadline: context.deadline,
      deadlineMarginMs: ready.config.deadlineMarginMs,
      logger,
      // Fn's FN_FN_ID: the OCID a Vault rotation step checks the secret's rotation config against.
      functionId: context.fnID ?? null,
    });
  } catch (error) {
    // The responder answers every expected failure itself; this is a bug. Never return
    // undefined (the FDK would crash the process, runtime-notes gotcha 7) and never rethrow raw.
    logger.error('unexpected failure', { error });
    return unexpectedFailureAnswer(input, correlationId);
  }
}

// The raw bytes, not the fdk's JSON.parse of them: the CLI reads the same bytes from a file, so
// both give the same answer to the same input (a top-level JSON string, say).
handle(onCall, { inputMode: 'buffer' });
