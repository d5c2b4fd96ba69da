import { randomUUID } from 'node:crypto';
import common from 'oci-common';
import type { OciEmulatorOptions } from '../../emulator/index.js';
import { createOciClients } from '../../functions/cloudguard-responder/src/adapters/oci/oci-clients.js';
import { ociResponderDependencies } from '../../functions/cloudguard-responder/src/adapters/oci/oci-responder-dependencies.js';
import type { RetryPolicy } from '../../functions/cloudguard-responder/src/adapters/oci/retry-policy.js';
import { createLogger } from '../../functions/cloudguard-responder/src/log/logger.js';
import type { Outcome } from '../../functions/cloudguard-responder/src/outcome.js';
import { createResponder, type ResponderDependencies } from '../../functions/cloudguard-responder/src/responder.js';
import { DEFAULT_ROTATION_SETTINGS, type RotationSettings } from '../../functions/cloudguard-responder/src/rotation/rotation-settings.js';
import { providerFor, startEmulatorHarness, type EmulatorHarness } from './emulator.js';

/** Retries short enough for tests, still on the SDK's own retry condition. */
export const TEST_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 50, maxDelayMs: 200 };

export interface ResponderHarness {
  harness: EmulatorHarness;
  /** The topic the responder publishes to (the sample tenancy's first topic). */
  topicId: string;
  deps: ResponderDependencies;
  /** Every JSON log line the responder wrote. */
  logLines: string[];
  respond(input: unknown, options?: { deadline?: Date | null }): Promise<Outcome>;
  close(): Promise<void>;
}

/**
 * The real responder with the real OCI adapters, its SDK clients pointed at a fresh emulator:
 * what the Function runs, minus the fdk. Integration tests assert on the emulator's state.
 */
export async function startResponderHarness(
  options: OciEmulatorOptions & { settings?: Partial<RotationSettings>; retry?: RetryPolicy } = {},
): Promise<ResponderHarness> {
  const { settings, retry, ...emulatorOptions } = options;
  const harness = await startEmulatorHarness(emulatorOptions);
  return { harness, ...attachResponder(harness, { ...(settings ? { settings } : {}), ...(retry ? { retry } : {}) }), close: () => harness.close() };
}

/**
 * A responder on an emulator that already runs, with its own operator API key and SDK clients:
 * a second Function instance, for concurrency tests.
 */
export function attachResponder(
  harness: EmulatorHarness,
  options: { settings?: Partial<RotationSettings>; retry?: RetryPolicy; ownKey?: boolean; provider?: common.AuthenticationDetailsProvider } = {},
): Pick<ResponderHarness, 'topicId' | 'deps' | 'logLines' | 'respond'> {
  const state = harness.emulator.getState();
  const topic = state.topics[0];
  if (!topic) throw new Error('the test state needs a topic');
  const region = common.Region.fromRegionId(state.tenancy.homeRegion);
  const provider = options.provider ?? (options.ownKey ? providerFor(harness.emulator.createApiKeyIdentity(harness.identity.userId)) : harness.provider);
  const clients = createOciClients({ provider, retry: options.retry ?? TEST_RETRY_POLICY, endpoint: harness.emulator.url });
  const deps = ociResponderDependencies({
    clients,
    topicId: topic.id,
    settings: { ...DEFAULT_ROTATION_SETTINGS, activationTimeoutMs: 10_000, ...options.settings },
    probe: { region, endpoint: harness.emulator.url },
  });
  const responder = createResponder(deps);
  const logLines: string[] = [];
  return {
    topicId: topic.id,
    deps,
    logLines,
    respond: (input, respondOptions = {}) => {
      const correlationId = randomUUID();
      const logger = createLogger({ level: 'debug', sink: (line: string) => void logLines.push(line), base: { correlationId } });
      return responder(input, { correlationId, deadline: respondOptions.deadline ?? null, deadlineMarginMs: 0, logger });
    },
  };
}
