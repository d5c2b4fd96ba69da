import { randomUUID } from 'node:crypto';
import { VirtualClock, type OciEmulatorOptions } from '../../emulator/index.js';
import {
  buildResponder,
  createLogger,
  FUNCTION_RETRY_POLICY,
  type FunctionAnswer,
  type KeyPairPort,
  type Outcome,
  type ResponderDependencies,
  type RetryPolicy,
  type RotationSettings,
} from '../../functions/cloudguard-responder/src/index.js';
import common from 'oci-common';
import { providerFor, startEmulatorHarness, type EmulatorHarness } from './emulator.js';

/** `timeout` in func.yaml: the deadline Fn sends with each call. */
const FUNCTION_TIMEOUT_MS = 120_000;

const regionFor = (regionId: string): common.Region => common.Region.fromRegionId(regionId);

export interface ResponderHarness {
  harness: EmulatorHarness;
  /** Simulated time shared by the emulator and every responder on it. */
  clock: VirtualClock;
  /** The topic the responder publishes to (the sample tenancy's first topic). */
  topicId: string;
  deps: ResponderDependencies;
  /** Every JSON log line the responder wrote. */
  logLines: string[];
  /** `deadline` is on the harness clock (default: the Function's timeout from now; null: none sent); `marginMs` defaults to 0. */
  respond(input: unknown, options?: { deadline?: Date | null; marginMs?: number }): Promise<Outcome>;
  /** What the Function serves: a Cloud Guard event or a Vault rotation step (`{step, secretId, versionNo}`). */
  /** `functionId`: the OCID Fn would give the Function (FN_FN_ID); a Vault step checks it against the secret's rotation config. */
  handle(input: unknown, options?: { deadline?: Date | null; marginMs?: number; functionId?: string | null }): Promise<FunctionAnswer>;
  close(): Promise<void>;
}

/**
 * The real responder with the real OCI adapters, built by the same builder as the Function,
 * its SDK clients pointed at a fresh emulator: what the Function runs, minus the fdk. Emulator
 * and responder share one simulated clock, so activation delays, UPDATING windows and retry
 * back-offs of the production policy cost no real time. Tests assert on the emulator's state.
 */
export async function startResponderHarness(
  options: OciEmulatorOptions & {
    settings?: Partial<RotationSettings>;
    retry?: RetryPolicy;
    clock?: VirtualClock;
    responderKeyPairs?: KeyPairPort;
  } = {},
): Promise<ResponderHarness> {
  const { settings, retry, clock = new VirtualClock(), responderKeyPairs, ...emulatorOptions } = options;
  const harness = await startEmulatorHarness({ ...emulatorOptions, clock });
  return {
    harness,
    clock,
    ...attachResponder(harness, clock, {
      ...(settings ? { settings } : {}),
      ...(retry ? { retry } : {}),
      ...(responderKeyPairs ? { keyPairs: responderKeyPairs } : {}),
    }),
    close: () => harness.close(),
  };
}

/**
 * A responder on an emulator that already runs, with its own operator API key and SDK clients:
 * a second Function instance, for concurrency tests.
 */
export function attachResponder(
  harness: EmulatorHarness,
  clock: VirtualClock,
  options: {
    settings?: Partial<RotationSettings>;
    retry?: RetryPolicy;
    ownKey?: boolean;
    callTimeoutMs?: number;
    /**
     * Run as a Function in this region with per-region endpoints (`<emulator>/{region}`) and find
     * the home region itself, as in OCI. Default: the home region, pinned, one endpoint.
     */
    runsIn?: string;
    /** Pin the home region to this (`CGR_IDENTITY_REGION`), right or wrong. */
    identityRegion?: string;
    /** Sign as this principal instead (a Function's resource principal, for the IAM tests). */
    provider?: common.AuthenticationDetailsProvider;
    /** The API keys the responder generates; default the Function's own (node-forge). */
    keyPairs?: KeyPairPort;
  } = {},
): Pick<ResponderHarness, 'topicId' | 'deps' | 'logLines' | 'respond' | 'handle'> {
  const state = harness.emulator.getState();
  const topic = state.topics[0];
  if (!topic) throw new Error('the test state needs a topic');
  const region = options.runsIn ? regionFor(options.runsIn) : undefined;
  const identity = options.ownKey || region ? harness.emulator.createApiKeyIdentity(harness.identity.userId) : null;
  const provider = options.provider ?? (identity ? providerFor(identity, region) : harness.provider);
  const { respond, handle, deps } = buildResponder({
    provider,
    topicId: topic.id,
    endpoint: options.runsIn ? `${harness.emulator.url}/{region}` : harness.emulator.url,
    identityRegion: options.identityRegion ?? (options.runsIn ? null : state.tenancy.homeRegion),
    clock,
    retry: options.retry ?? FUNCTION_RETRY_POLICY,
    settings: { activationTimeoutMs: 10_000, ...options.settings },
    ...(options.callTimeoutMs !== undefined ? { callTimeoutMs: options.callTimeoutMs } : {}),
    ...(options.keyPairs ? { keyPairs: options.keyPairs } : {}),
  });
  const logLines: string[] = [];
  const invocation = (respondOptions: { deadline?: Date | null; marginMs?: number; functionId?: string | null }) => {
    const correlationId = randomUUID();
    const logger = createLogger({ level: 'debug', sink: (line: string) => void logLines.push(line), base: { correlationId } });
    return {
      correlationId,
      deadline: respondOptions.deadline === undefined ? new Date(clock.now().getTime() + FUNCTION_TIMEOUT_MS) : respondOptions.deadline,
      deadlineMarginMs: respondOptions.marginMs ?? 0,
      logger,
      functionId: respondOptions.functionId ?? null,
    };
  };
  return {
    topicId: topic.id,
    deps,
    logLines,
    respond: (input, respondOptions = {}) => respond(input, invocation(respondOptions)),
    handle: (input, respondOptions = {}) => handle(input, invocation(respondOptions)),
  };
}
