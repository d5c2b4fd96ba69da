import { createPublicKey } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../functions/cloudguard-responder/src/ports/clock-port.js';
import { addApiKeyIdentity, UnknownEmulatorUserError, type ApiKeyIdentity, type KeyPairSource } from './auth/api-key-identity.js';
import { writeOciConfigFiles, type OciConfigFiles } from './config-writer.js';
import type { CallRecord } from './control/call-log.js';
import type { ControlTarget } from './control/control-api.js';
import { InvalidFaultSpecError, type FaultSpec } from './control/faults.js';
import type { TrafficSpec, TrafficStats } from './control/traffic.js';
import { EmulatorRuntime } from './emulator-runtime.js';
import { internalErrorResponse } from './http/error-response.js';
import { sendResponse } from './http/http-io.js';
import { regionEndpoint } from './http/region-prefix.js';
import { describeError, RequestDispatcher } from './http/request-dispatcher.js';
import { RouteTable } from './http/route-table.js';
import { ensureEmulatorAdministrator } from './iam/emulator-administrator.js';
import { newOpcRequestId } from './ids.js';
import { SERVICE_MODULES } from './services/index.js';
import { scanCloudGuard } from './services/cloudguard-scan.js';
import type { RotationInvoker, SecretRotationRecord } from './services/secret-rotation.js';
import { SecretRotationRuns } from './services/secret-rotation-runs.js';
import { createSampleTenancy } from './state/create-sample-tenancy.js';
import type { EmulatorState } from './state/types.js';
import { assertValidState } from './state/validate-state.js';

export type { ApiKeyIdentity } from './auth/api-key-identity.js';
export type { OciConfigFiles } from './config-writer.js';
export type { CallRecord } from './control/call-log.js';
export type { FaultSpec } from './control/faults.js';
export type { TrafficSpec, TrafficStats } from './control/traffic.js';
export type { RotationInvoker, RotationStepCall, SecretRotationRecord } from './services/secret-rotation.js';

export interface OciEmulatorOptions {
  /** Default: the sample tenancy. Deep-copied and validated. */
  state?: EmulatorState;
  /**
   * The Function's `Clock` (a `VirtualClock`, or any object with its `now()`; default real time). Drives lifecycles
   * (CREATING → ACTIVE, UPDATING → ACTIVE) and retry-token expiry; signature skew and RPST expiry use real time.
   */
  clock?: Pick<Clock, 'now'>;
  /** Default 127.0.0.1: the emulator is not meant to be reachable from other machines. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Silent unless given: one entry per call, per rejected signature and per internal failure. Never secret values. */
  log?: (entry: Record<string, unknown>) => void;
  /**
   * Vault's call to a secret's rotation function (its `rotationConfig` FUNCTION target): the CLI
   * and the tests pass one that runs the Function's handler, or the built bundle over the Fn
   * socket. Absent: every rotation fails at its first step, as with an unreachable function.
   */
  rotationInvoker?: RotationInvoker;
  /** How many times in all Vault invokes a step that did not answer 200 (assumed; default 3). */
  rotationStepAttempts?: number;
  /**
   * Where `createApiKeyIdentity`, `writeOciConfig` and the resource-principal token signer get
   * their RSA-2048 pairs; default a fresh one each (100–300 ms of CPU). The tests pass a pool.
   */
  keyPairs?: KeyPairSource | undefined;
}

export interface OciEmulator {
  /** `http://127.0.0.1:PORT`: set it as `client.endpoint` on any of the five SDK clients; served as `settings.defaultRegion` (default: the home region). */
  readonly url: string;
  /** `http://127.0.0.1:PORT/<regionId>`: that region's endpoint for any SDK client. Throws InvalidRegionIdError. */
  urlFor(regionId: string): string;
  readonly port: number;
  /** A settled deep copy; secret contents are null unless asked for. */
  getState(options?: { includeSecretContent?: boolean }): EmulatorState;
  /** Replaces the whole state (deep-copied, validated: throws InvalidStateError). Forgets retry tokens. */
  setState(state: EmulatorState): void;
  calls(): CallRecord[];
  clearCalls(): void;
  /** Throws InvalidFaultSpecError; returns the fault's id. */
  addFault(fault: FaultSpec): string;
  clearFaults(): void;
  /** Latency and a 429 rate limit for every OCI call (real time); `{}` turns both off. Throws InvalidTrafficSpecError. */
  setTraffic(spec: TrafficSpec): void;
  /** The traffic spec in force and how many calls it throttled. */
  traffic(): TrafficStats;
  /** Cloud Guard's next scan: reopens every RESOLVED problem whose credential is still on the user; returns their ids. */
  scanCloudGuard(): string[];
  /** Generates an RSA-2048 pair and registers the public key ACTIVE on the user (counts toward the cap). */
  createApiKeyIdentity(userId: string): ApiKeyIdentity;
  /** Issues an RPST bound to the caller's public key (the emulator never sees the private key). */
  issueResourcePrincipalToken(options: { publicKeyPem: string; resourceId: string; compartmentId?: string; ttlSeconds?: number }): string;
  /**
   * Vault's RotateSecret, run to its end: the four steps against the secret's function through
   * `rotationInvoker`. Throws OciApiError when RotateSecret would be refused.
   */
  rotateSecret(secretId: string): Promise<SecretRotationRecord>;
  /** Every rotation Vault ran or runs (also those started over HTTP by RotateSecret), oldest first. */
  rotations(): SecretRotationRecord[];
  /** Resolves once every rotation started so far has finished. */
  settleRotations(): Promise<void>;
  /** Writes `config` (profile) + a 0600 key file into dir for a new API key of userId (default: the operator user). */
  writeOciConfig(dir: string, options?: { profile?: string; userId?: string; region?: string }): Promise<OciConfigFiles>;
  close(): Promise<void>;
}

/** The user the CLI and the tests sign as (`sample-ids.json` `operator`). */
export const OPERATOR_USER_NAME = 'cg-responder-operator';

const DEFAULT_RPST_TTL_SECONDS = 3600;

/**
 * A local OCI: one HTTP server that speaks the wire format of Identity, Vault, Secrets,
 * Notifications, Cloud Guard and Object Storage (GetNamespace, Swift auth, S3 ListBuckets)
 * under their real API-version paths (oci-behaviour §0.1),
 * authenticates every request by its OCI HTTP signature (§0.2) and keeps all state in memory.
 *
 * Requests are handled one at a time through a promise queue, so service handlers run to
 * completion on a consistent state and need no locking; only an injected delay waits outside it.
 */
export async function createOciEmulator(options: OciEmulatorOptions = {}): Promise<OciEmulator> {
  const initial = structuredClone(options.state ?? createSampleTenancy());
  assertValidState(initial);
  const runtime = new EmulatorRuntime(
    initial,
    options.clock ?? { now: () => new Date() },
    options.log ?? (() => undefined),
    options.keyPairs,
  );
  const host = options.host ?? '127.0.0.1';
  const rotations = new SecretRotationRuns(runtime, options.rotationInvoker ?? null, options.rotationStepAttempts ?? 3);

  const routes = new RouteTable(SERVICE_MODULES);
  const served = routes.operations();
  const control: ControlTarget = {
    getState: ({ includeSecretContent }) => runtime.readState(includeSecretContent),
    setState: (next) => runtime.replaceState(next),
    calls: () => runtime.calls(),
    clearCalls: () => runtime.clearCalls(),
    addFault: (fault) => {
      // A fault on an operation no route serves would never fire: refuse it rather than leave a test believing it armed.
      if (typeof fault.operation === 'string' && !served.some((name) => name.toLowerCase() === fault.operation.toLowerCase()))
        throw new InvalidFaultSpecError(`Unknown operation "${fault.operation}": the emulator serves ${served.join(', ')}.`);
      return runtime.faults.add(fault);
    },
    clearFaults: () => runtime.faults.clear(),
    scanCloudGuard: () => {
      runtime.settle();
      return scanCloudGuard(runtime.state, runtime.clock.now());
    },
    rotations: () => rotations.records(),
    setTraffic: (spec) => runtime.traffic.set(spec),
    traffic: () => runtime.traffic.stats(),
  };
  const dispatcher = new RequestDispatcher(runtime, routes, host, control, rotations);

  const server = createServer((req, res) => {
    const header = req.headers['opc-request-id'];
    const opcRequestId = newOpcRequestId(typeof header === 'string' ? header : undefined);
    dispatcher.handle(req, res, opcRequestId).catch((error: unknown) => {
      runtime.log({ level: 'error', msg: 'emulator failure', opcRequestId, error: describeError(error) });
      if (!res.headersSent) sendResponse(res, opcRequestId, internalErrorResponse());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const emulator: OciEmulator = {
    url,
    urlFor: (regionId) => regionEndpoint(url, regionId),
    port,
    getState: (stateOptions) => runtime.readState(stateOptions?.includeSecretContent ?? false),
    setState: (next) => runtime.replaceState(structuredClone(next)),
    calls: control.calls,
    clearCalls: control.clearCalls,
    addFault: control.addFault,
    clearFaults: control.clearFaults,
    setTraffic: control.setTraffic,
    traffic: control.traffic,
    scanCloudGuard: () => control.scanCloudGuard(),
    createApiKeyIdentity: (userId) => addApiKeyIdentity(runtime.state, userId, runtime.clock.now(), options.keyPairs),
    rotateSecret: (secretId) => rotations.rotate(secretId),
    rotations: () => rotations.records(),
    settleRotations: () => rotations.settle(),
    issueResourcePrincipalToken: ({ publicKeyPem, resourceId, compartmentId, ttlSeconds }) => {
      createPublicKey(publicKeyPem);
      const issuedAt = new Date();
      const expiresAt = new Date(issuedAt.getTime() + (ttlSeconds ?? DEFAULT_RPST_TTL_SECONDS) * 1000);
      const claims = {
        tenancyId: runtime.state.tenancy.id,
        compartmentId: compartmentId ?? runtime.state.tenancy.id,
        resourceId,
        sessionPublicKeyPem: publicKeyPem,
        expiresAt,
      };
      const { token, sessionId } = runtime.tokens.issue(claims, issuedAt);
      runtime.state.resourcePrincipalSessions.push({
        sessionId,
        publicKeyPem,
        tenancyId: claims.tenancyId,
        compartmentId: claims.compartmentId,
        resourceId,
        expiresAt: expiresAt.toISOString(),
      });
      return token;
    },
    writeOciConfig: async (dir, configOptions = {}) => {
      const userId = configOptions.userId ?? runtime.state.users.find((user) => user.name === OPERATOR_USER_NAME)?.id;
      if (!userId) throw new UnknownEmulatorUserError(OPERATOR_USER_NAME);
      const identity = addApiKeyIdentity(runtime.state, userId, runtime.clock.now(), options.keyPairs);
      const admin = addApiKeyIdentity(
        runtime.state,
        ensureEmulatorAdministrator(runtime.state, runtime.clock.now()),
        runtime.clock.now(),
        options.keyPairs,
      );
      return writeOciConfigFiles(dir, identity, {
        profile: configOptions.profile ?? 'DEFAULT',
        region: configOptions.region ?? runtime.state.tenancy.homeRegion,
        admin,
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return emulator;
}
