import common from 'oci-common';
import { createForgeKeyPairs } from './adapters/crypto/forge-key-pairs.js';
import { createHomeRegionRouter, regionFor } from './adapters/oci/home-region.js';
import { createOciApiKeyProbe } from './adapters/oci/oci-api-key-probe.js';
import { createOciCaller } from './adapters/oci/oci-call.js';
import {
  cloudGuardClientIn,
  createOciClients,
  endpointIn,
  identityClientIn,
  localRegionId,
  type OciClients,
} from './adapters/oci/oci-clients.js';
import { createOciIdentity } from './adapters/oci/oci-identity.js';
import { createOciProblems } from './adapters/oci/oci-problems.js';
import { createOciSecretStore } from './adapters/oci/oci-secret-store.js';
import { createOnsNotifier } from './adapters/oci/ons-notifier.js';
import { FUNCTION_RETRY_POLICY, type RetryPolicy } from './adapters/oci/retry-policy.js';
import { createOciNamespaceReader } from './adapters/oci/oci-namespace-reader.js';
import { createS3SigV4Probe } from './adapters/oci/s3-sigv4-probe.js';
import { createSwiftAuthProbe } from './adapters/oci/swift-auth-probe.js';
import { currentInvocation } from './invocation/invocation-context.js';
import type { CredentialProofPort, CredentialProofResult } from './ports/credential-proof-port.js';
import type { ProofDependencies } from './rotation/rotation-context.js';
import { systemClock } from './adapters/system/system-clock.js';
import type { Config } from './config.js';
import { parseClosureComment } from './domain/closure-comment.js';
import type { Clock } from './ports/clock-port.js';
import type { KeyPairPort } from './ports/key-pair-port.js';
import { createFunctionHandler, type FunctionHandler } from './handler.js';
import { createResponder, type Responder, type ResponderDependencies } from './responder.js';
import { DEFAULT_ROTATION_SETTINGS, type RotationSettings } from './rotation/rotation-settings.js';

export interface ResponderBuildOptions {
  /** Who signs the calls: resource principal in OCI, an API key profile locally. */
  provider: common.AuthenticationDetailsProvider;
  /** The ONS topic that reaches SecOps. */
  topicId: string;
  /** One base URL for every service (the emulator), `{region}` standing for a region; null in OCI. */
  endpoint?: string | null;
  /** The home region, when configuration pins it; otherwise discovered once per container. */
  identityRegion?: string | null;
  settings?: Partial<RotationSettings>;
  /** Defaults to the Function's production policy. */
  retry?: RetryPolicy;
  /** Defaults to real time; tests and the CLI's emulator runs share a simulated clock. */
  clock?: Clock;
  keyPairs?: KeyPairPort;
  /** Longest wait for one answer (a hung connection), within the deadline. */
  callTimeoutMs?: number;
  /** Prove new auth tokens and customer secret keys against Object Storage (Swift, S3); default true. */
  proveByUse?: boolean;
  /** Set a problem OPEN again when its rotation failed or was refused; default true. */
  reopenProblems?: boolean;
}

export interface BuiltResponder {
  /** Cloud Guard events only. */
  respond: Responder;
  /** What the Function serves: Cloud Guard events and Vault rotation steps. */
  handle: FunctionHandler;
  deps: ResponderDependencies;
  clients: OciClients;
}

/**
 * The one place where the responder is wired: SDK clients → OCI adapters → ports → responder.
 * The Function (`func.ts`), the CLI and the tests all build it here, so what a test runs is
 * what the Function runs, with only the clock, retry policy and endpoint swapped.
 */
export function buildResponder(options: ResponderBuildOptions): BuiltResponder {
  const clock = options.clock ?? systemClock;
  const caller = createOciCaller({
    clock,
    retry: options.retry ?? FUNCTION_RETRY_POLICY,
    ...(options.callTimeoutMs !== undefined ? { callTimeoutMs: options.callTimeoutMs } : {}),
  });
  const clientOptions = { provider: options.provider, endpoint: options.endpoint ?? null };
  const clients = createOciClients(clientOptions);
  const localRegion = localRegionId(options.provider) ?? options.identityRegion ?? 'us-ashburn-1';
  const router = createHomeRegionRouter({
    caller,
    local: { client: clients.identity, region: regionFor(localRegion), endpoint: endpointIn(clientOptions.endpoint, localRegion) },
    pinnedRegionId: options.identityRegion ?? null,
    clientIn: (regionId) => identityClientIn(clientOptions, regionId),
  });
  const endpointHere = endpointIn(clientOptions.endpoint, localRegion);
  const proofs: ProofDependencies | null =
    options.proveByUse === false
      ? null
      : {
          port: recordingProofs(
            { ...createSwiftAuthProbe({ region: localRegion, endpoint: endpointHere }), ...createS3SigV4Probe({ endpoint: endpointHere }) },
            clock,
          ),
          namespaces: createOciNamespaceReader({ provider: options.provider, region: localRegion, endpoint: endpointHere }),
          region: localRegion,
        };
  const deps: ResponderDependencies = {
    proofs,
    identity: createOciIdentity({ caller, local: clients.identity, home: (tenancyId) => router.targetFor(tenancyId) }),
    apiKeyProbe: createOciApiKeyProbe({ caller, home: (tenancyId) => router.targetFor(tenancyId) }),
    secrets: createOciSecretStore({ caller, vaults: clients.vaults, secrets: clients.secrets }),
    keyPairs: options.keyPairs ?? createForgeKeyPairs(),
    clock,
    settings: { ...DEFAULT_ROTATION_SETTINGS, ...options.settings },
    problems: createOciProblems(caller, clients.cloudGuard, {
      localRegionId: localRegion,
      clientIn: (regionId) => cloudGuardClientIn(clientOptions, regionId),
    }),
    reopenProblems: options.reopenProblems ?? true,
    notifier: createOnsNotifier(caller, clients.notifications, options.topicId),
    secretsNamedBy: (comment, request) => {
      const parsed = parseClosureComment(comment, request.credentialType);
      return parsed.ok ? parsed.secrets : null;
    },
  };
  const respond = createResponder(deps);
  return { respond, handle: createFunctionHandler(deps, respond), deps, clients };
}

/** Each proof goes into the invocation's audit trail, like a write: its request id is in OCI's logs too. */
function recordingProofs(port: CredentialProofPort, clock: Clock): CredentialProofPort {
  const record = async (
    operation: string,
    resourceId: string,
    prove: () => Promise<CredentialProofResult>,
  ): Promise<CredentialProofResult> => {
    const actions = currentInvocation()?.actions;
    try {
      const result = await prove();
      actions?.push({
        operation,
        resourceId,
        result: `${result.proof} (${result.evidence})`,
        opcRequestId: result.opcRequestId,
        time: clock.now().toISOString(),
      });
      return result;
    } catch (error) {
      actions?.push({ operation, resourceId, result: 'no answer', opcRequestId: null, time: clock.now().toISOString() });
      throw error;
    }
  };
  return {
    proveAuthToken: (request) =>
      record('Swift auth (proof)', `${request.namespace}/${request.userName}`, () => port.proveAuthToken(request)),
    proveCustomerSecretKey: (request) => record('S3 ListBuckets (proof)', request.accessKeyId, () => port.proveCustomerSecretKey(request)),
  };
}

/** The signer the configuration asks for. */
export function providerFor(config: Pick<Config, 'auth' | 'ociConfigFile' | 'ociProfile'>): common.AuthenticationDetailsProvider {
  return config.auth === 'config_file'
    ? new common.ConfigFileAuthenticationDetailsProvider(config.ociConfigFile ?? undefined, config.ociProfile ?? 'DEFAULT')
    : common.ResourcePrincipalAuthenticationDetailsProvider.builder();
}

/** Build options from the Function's configuration (`CGR_*`). */
export function buildOptionsFrom(
  config: Config,
  provider: common.AuthenticationDetailsProvider = providerFor(config),
): ResponderBuildOptions {
  return {
    provider,
    topicId: config.topicId,
    endpoint: config.ociEndpoint,
    identityRegion: config.identityRegion,
    proveByUse: config.proveByUse,
    reopenProblems: config.reopenProblems,
    settings: {
      allowedVaultIds: config.allowedVaultIds,
      allowedCompartmentIds: config.allowedCompartmentIds,
      activationTimeoutMs: config.apiKeyActivationTimeoutMs,
      keepPreviousVersions: config.keepPreviousVersions,
    },
  };
}
