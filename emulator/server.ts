import { createPublicKey } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { addApiKeyIdentity, UnknownEmulatorUserError, type ApiKeyIdentity, type KeyPairSource } from './auth/api-key-identity.js';
import { authenticate } from './auth/authenticate.js';
import { SignatureRejectedError } from './auth/http-signature.js';
import { ResourcePrincipalTokens } from './auth/resource-principal-tokens.js';
import { writeOciConfigFiles, type OciConfigFiles } from './config-writer.js';
import { ensureEmulatorAdministrator } from './iam/emulator-administrator.js';
import { accessDenial } from './iam/access-check.js';
import { UNKNOWN_ROUTE_OPERATION, type CallRecord } from './control/call-log.js';
import { CONTROL_PREFIX, handleControlRequest, type ControlTarget } from './control/control-api.js';
import { FaultTable, type FaultSpec } from './control/faults.js';
import { TrafficShaper, type TrafficSpec, type TrafficStats } from './control/traffic.js';
import { assertValidRetryToken, RetryTokenCache } from './control/retry-token-cache.js';
import { scanCloudGuard } from './services/cloudguard-scan.js';
import { answerOciErrors, errorResponse, internalErrorResponse } from './http/error-response.js';
import { readBody, sendResponse } from './http/http-io.js';
import { OciApiError } from './http/oci-api-error.js';
import { regionEndpoint, splitRegionPrefix } from './http/region-prefix.js';
import { assertSubscribedRegion, assertWriteAllowedInRegion, servedRegion } from './http/regional-write-rules.js';
import { isAddressedToUs, isFromBrowser } from './http/request-origin.js';
import { principalId, type Principal, type Route, type RouteResponse, type SelfAuthenticatedRoute } from './http/route.js';
import { RouteTable } from './http/route-table.js';
import { newOpcRequestId } from './ids.js';
import { SERVICE_MODULES } from './services/index.js';
import { createSampleTenancy } from './state/create-sample-tenancy.js';
import { exportState } from './state/export-state.js';
import type { EmulatorState } from './state/types.js';
import type { Clock } from '../functions/cloudguard-responder/src/ports/clock-port.js';
import {
  beginRotation,
  begunFor,
  driveRotation,
  type BegunRotation,
  type RotationInvoker,
  type SecretRotationRecord,
} from './services/secret-rotation.js';
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
  /** Drives lifecycles (CREATING → ACTIVE, UPDATING → ACTIVE) and retry-token expiry; signature skew and RPST expiry use real time. */
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

const NOT_AUTHENTICATED = 'The required information to complete authentication was not provided or was incorrect.';
const DEFAULT_RPST_TTL_SECONDS = 3600;

interface Outcome {
  response: RouteResponse;
  principal: Principal | null;
  faulted: boolean;
}

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
  let state: EmulatorState = initial;
  const clock: Pick<Clock, 'now'> = options.clock ?? { now: () => new Date() };
  const log = options.log ?? (() => undefined);
  const host = options.host ?? '127.0.0.1';
  const routes = new RouteTable(SERVICE_MODULES);
  const faults = new FaultTable();
  const traffic = new TrafficShaper();
  const retryTokens = new RetryTokenCache();
  const tokens = new ResourcePrincipalTokens(options.keyPairs);
  let callLog: CallRecord[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  const rotationRecords: SecretRotationRecord[] = [];
  const runningRotations = new Set<Promise<SecretRotationRecord>>();

  const serialize = <T>(work: () => T): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };
  const settle = (): void => {
    const now = clock.now();
    for (const module of SERVICE_MODULES) module.settle?.(state, now);
  };
  const replaceState = (next: unknown): void => {
    assertValidState(next);
    state = structuredClone(next);
    // A token's cached answer describes resources of the state it was made in.
    retryTokens.clear();
  };
  const readState = (includeSecretContent: boolean): EmulatorState => {
    settle();
    return exportState(state, { includeSecretContent });
  };

  const control: ControlTarget = {
    getState: ({ includeSecretContent }) => readState(includeSecretContent),
    setState: replaceState,
    calls: () => structuredClone(callLog),
    clearCalls: () => {
      callLog = [];
    },
    addFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    scanCloudGuard: () => {
      settle();
      return scanCloudGuard(state, clock.now());
    },
    rotations: () => structuredClone(rotationRecords),
    setTraffic: (spec) => traffic.set(spec),
    traffic: () => traffic.stats(),
  };

  const server = createServer((req, res) => {
    const header = req.headers['opc-request-id'];
    const opcRequestId = newOpcRequestId(typeof header === 'string' ? header : undefined);
    handleRequest(req, res, opcRequestId).catch((error: unknown) => {
      log({ level: 'error', msg: 'emulator failure', opcRequestId, error: describeError(error) });
      if (!res.headersSent) sendResponse(res, opcRequestId, internalErrorResponse());
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse, opcRequestId: string): Promise<void> {
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const rawTarget = req.url ?? '/';
    const url = new URL(rawTarget, 'http://emulator.invalid');

    if (!isAddressedToUs(req.headers, host)) {
      sendResponse(
        res,
        opcRequestId,
        errorResponse(new OciApiError(403, 'NotAllowed', 'This emulator only answers requests addressed to its own host name.')),
      );
      return;
    }
    if (url.pathname.startsWith(CONTROL_PREFIX)) {
      if (isFromBrowser(req.headers)) {
        sendResponse(
          res,
          opcRequestId,
          errorResponse(new OciApiError(403, 'NotAllowed', 'The control API does not answer browser requests.')),
        );
        return;
      }
      const response = await serialize(() => answerOciErrors(() => handleControlRequest(control, method, url, body)));
      sendResponse(res, opcRequestId, response);
      return;
    }

    const { regionId: prefixRegion, apiPath } = splitRegionPrefix(url.pathname);
    const region = servedRegion(state, prefixRegion);
    let matched: ReturnType<RouteTable['match']>;
    try {
      matched = routes.match(method, apiPath);
    } catch (error) {
      if (!(error instanceof OciApiError)) throw error;
      record(
        { operation: UNKNOWN_ROUTE_OPERATION, method, path: apiPath, region, opcRequestId, retryToken: null },
        { response: errorResponse(error), principal: null, faulted: false },
      );
      sendResponse(res, opcRequestId, errorResponse(error));
      return;
    }
    if (!matched) {
      const selfAuthenticated = routes.matchSelfAuthenticated(method, apiPath);
      if (selfAuthenticated) {
        await handleSelfAuthenticated(
          selfAuthenticated.route,
          selfAuthenticated.params,
          url,
          apiPath,
          region,
          rawTarget,
          req,
          body,
          res,
          opcRequestId,
        );
        return;
      }
      const outcome = {
        response: errorResponse(new OciApiError(404, 'NotFound', `No such operation: ${method} ${apiPath}.`)),
        principal: null,
        faulted: false,
      };
      record({ operation: UNKNOWN_ROUTE_OPERATION, method, path: apiPath, region, opcRequestId, retryToken: null }, outcome);
      sendResponse(res, opcRequestId, outcome.response);
      return;
    }

    const { route, params } = matched;
    const retryTokenHeader = req.headers['opc-retry-token'];
    // Present but empty is still a token (of length 0, which OCI refuses); only an absent header is none.
    const retryToken = typeof retryTokenHeader === 'string' ? retryTokenHeader : null;
    if (await throttled(route.operation, method, apiPath, region, opcRequestId, retryToken, res)) return;
    const fault = faults.take(route.operation);
    if (fault?.delayMs) await delay(fault.delayMs);

    const outcome = await serialize((): Outcome => {
      settle();
      try {
        assertSubscribedRegion(state, region);
      } catch (error) {
        if (!(error instanceof OciApiError)) throw error;
        return { response: errorResponse(error), principal: null, faulted: false };
      }
      let principal: Principal;
      try {
        principal = authenticate({ state, tokens, method, requestTarget: rawTarget, headers: req.headers, body, wallClock: new Date() });
      } catch (error) {
        if (!(error instanceof SignatureRejectedError)) throw error;
        log({ level: 'warn', msg: 'request not authenticated', operation: route.operation, opcRequestId, reason: error.message });
        return { response: errorResponse(new OciApiError(401, 'NotAuthenticated', NOT_AUTHENTICATED)), principal: null, faulted: false };
      }
      // IAM policies, when the state has any (emulator/iam/): a denied call answers as OCI does.
      const denial = accessDenial(state, principal, route.operation, params, url.searchParams);
      if (denial) {
        log({ level: 'warn', msg: 'request not authorized', operation: route.operation, opcRequestId, reason: denial.decision.reason });
        return { response: errorResponse(denial.error), principal, faulted: false };
      }
      const injected = fault?.status === undefined ? null : fault;
      if (injected && injected.phase !== 'after') return { response: faultResponse(injected), principal, faulted: true };
      const response = answerOciErrors(
        () => runRoute(route, params, apiPath, url, req, body, principal, retryToken, region),
        (error) => log({ level: 'error', msg: 'handler failure', operation: route.operation, opcRequestId, error: describeError(error) }),
      );
      // 'after': the operation ran and its effect stays; only the answer is lost (see FaultSpec.phase).
      if (injected) return { response: faultResponse(injected), principal, faulted: true };
      return { response, principal, faulted: false };
    });

    record({ operation: route.operation, method, path: apiPath, region, opcRequestId, retryToken }, outcome);
    sendResponse(res, opcRequestId, outcome.response);
    // Vault runs the accepted rotation afterwards, like the work request OCI answers with.
    if (route.operation === 'RotateSecret' && outcome.response.status === 202 && !outcome.faulted) {
      const secretId = params['secretId'] ?? '';
      const begun = await serialize(() => {
        const secret = state.secrets.find((candidate) => candidate.id === secretId);
        const functionId = secret?.rotationConfig?.targetSystemDetails.functionId;
        return secret && functionId ? begunFor(secret, functionId) : null;
      });
      if (begun) void launchRotation(begun);
    }
  }

  function launchRotation(begun: BegunRotation): Promise<SecretRotationRecord> {
    const run = driveRotation({
      begun,
      invoker: options.rotationInvoker ?? null,
      stepAttempts: options.rotationStepAttempts ?? 3,
      clock,
      update: (change) =>
        serialize(() => {
          settle();
          change(state, clock.now());
        }),
    });
    runningRotations.add(run);
    return run.then(
      (record) => {
        rotationRecords.push(record);
        runningRotations.delete(run);
        return record;
      },
      (error: unknown) => {
        runningRotations.delete(run);
        throw error;
      },
    );
  }

  /**
   * Swift (`GET /auth/v1.0`) and the S3 compatibility API carry their own credentials (an auth
   * token in `X-Storage-Pass`, an AWS Signature V4 made with a customer secret key) and never an
   * OCI signature: OCI's Swift and S3 endpoints answer them without one, so the OCI signature
   * check would refuse every legitimate call. They skip that check on purpose and the handler
   * authenticates instead; the host check, faults, serialisation and call log apply as to any call.
   */
  async function handleSelfAuthenticated(
    route: SelfAuthenticatedRoute,
    params: Record<string, string>,
    url: URL,
    apiPath: string,
    region: string,
    rawTarget: string,
    req: IncomingMessage,
    body: Buffer,
    res: ServerResponse,
    opcRequestId: string,
  ): Promise<void> {
    if (await throttled(route.operation, route.method, apiPath, region, opcRequestId, null, res)) return;
    const fault = faults.take(route.operation);
    if (fault?.delayMs) await delay(fault.delayMs);
    const outcome = await serialize((): Outcome => {
      settle();
      const injected = fault?.status === undefined ? null : fault;
      if (injected && injected.phase !== 'after') return { response: faultResponse(injected), principal: null, faulted: true };
      const context = {
        state,
        now: clock.now(),
        method: route.method,
        params,
        query: url.searchParams,
        headers: req.headers,
        requestTarget: rawTarget,
        rawBody: body,
        wallClock: new Date(),
      };
      let handled: ReturnType<SelfAuthenticatedRoute['handle']>;
      try {
        handled = route.handle(context);
      } catch (error) {
        log({ level: 'error', msg: 'handler failure', operation: route.operation, opcRequestId, error: describeError(error) });
        return { response: internalErrorResponse(), principal: null, faulted: false };
      }
      if (injected) return { response: faultResponse(injected), principal: handled.principal, faulted: true };
      return { response: handled.response, principal: handled.principal, faulted: false };
    });
    record({ operation: route.operation, method: route.method, path: apiPath, region, opcRequestId, retryToken: null }, outcome);
    sendResponse(res, opcRequestId, outcome.response);
  }

  /**
   * The traffic in force for one call: its latency is awaited outside the request queue, then a
   * call over the rate is answered 429 TooManyRequests without running (and logged, faulted).
   * Returns whether it was answered so.
   */
  async function throttled(
    operation: string,
    method: string,
    apiPath: string,
    region: string,
    opcRequestId: string,
    retryToken: string | null,
    res: ServerResponse,
  ): Promise<boolean> {
    const admission = traffic.admit(Date.now());
    if (admission.delayMs > 0) await delay(admission.delayMs);
    if (!admission.throttled) return false;
    const response = errorResponse(new OciApiError(429, 'TooManyRequests', 'Too many requests for the tenancy; retry later.'));
    record({ operation, method, path: apiPath, region, opcRequestId, retryToken }, { response, principal: null, faulted: true });
    sendResponse(res, opcRequestId, response);
    return true;
  }

  /**
   * Applies the region's write rules, validates the retry token, replays or remembers retry-token
   * answers (a token whose created resource is gone is invalidated), parses the body and runs the handler.
   */
  function runRoute(
    route: Route,
    params: Record<string, string>,
    apiPath: string,
    url: URL,
    req: IncomingMessage,
    body: Buffer,
    principal: Principal,
    retryToken: string | null,
    region: string,
  ): RouteResponse {
    assertWriteAllowedInRegion(route, state, region);
    const tokenApplies = route.honoursRetryToken === true && retryToken !== null;
    if (tokenApplies) {
      assertValidRetryToken(retryToken);
      const stillExists = route.retryTokenResourceExists?.bind(route, state);
      const replay = retryTokens.replay(route.operation, apiPath, retryToken, clock.now(), stillExists);
      if (replay) return replay;
    }
    let parsedBody: unknown;
    if (body.length > 0) {
      try {
        parsedBody = JSON.parse(body.toString('utf8'));
      } catch {
        throw new OciApiError(400, 'CannotParseRequest', 'The request body is not valid JSON.');
      }
    }
    const response = route.handle({
      state,
      now: clock.now(),
      method: route.method,
      params,
      query: url.searchParams,
      headers: req.headers,
      body: parsedBody,
      principal,
      region,
    });
    if (tokenApplies && response.status < 300) retryTokens.put(route.operation, apiPath, retryToken, response, clock.now());
    return response;
  }

  function record(
    call: Pick<CallRecord, 'operation' | 'method' | 'path' | 'region' | 'opcRequestId' | 'retryToken'>,
    outcome: Outcome,
  ): void {
    callLog.push({
      ...call,
      status: outcome.response.status,
      principal: outcome.principal ? principalId(outcome.principal) : null,
      time: clock.now().toISOString(),
      faulted: outcome.faulted,
    });
    log({
      level: 'info',
      msg: 'call',
      operation: call.operation,
      status: outcome.response.status,
      opcRequestId: call.opcRequestId,
      faulted: outcome.faulted,
    });
  }

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
    getState: (stateOptions) => readState(stateOptions?.includeSecretContent ?? false),
    setState: (next) => replaceState(structuredClone(next)),
    calls: control.calls,
    clearCalls: control.clearCalls,
    addFault: control.addFault,
    clearFaults: control.clearFaults,
    setTraffic: control.setTraffic,
    traffic: control.traffic,
    scanCloudGuard: () => control.scanCloudGuard(),
    createApiKeyIdentity: (userId) => addApiKeyIdentity(state, userId, clock.now(), options.keyPairs),
    rotateSecret: async (secretId) => {
      const begun = await serialize(() => {
        settle();
        return beginRotation(state, secretId);
      });
      return launchRotation(begun);
    },
    rotations: () => structuredClone(rotationRecords),
    settleRotations: async () => {
      while (runningRotations.size > 0) await Promise.allSettled([...runningRotations]);
    },
    issueResourcePrincipalToken: ({ publicKeyPem, resourceId, compartmentId, ttlSeconds }) => {
      createPublicKey(publicKeyPem);
      const issuedAt = new Date();
      const expiresAt = new Date(issuedAt.getTime() + (ttlSeconds ?? DEFAULT_RPST_TTL_SECONDS) * 1000);
      const claims = {
        tenancyId: state.tenancy.id,
        compartmentId: compartmentId ?? state.tenancy.id,
        resourceId,
        sessionPublicKeyPem: publicKeyPem,
        expiresAt,
      };
      const { token, sessionId } = tokens.issue(claims, issuedAt);
      state.resourcePrincipalSessions.push({
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
      const userId = configOptions.userId ?? state.users.find((user) => user.name === OPERATOR_USER_NAME)?.id;
      if (!userId) throw new UnknownEmulatorUserError(OPERATOR_USER_NAME);
      const identity = addApiKeyIdentity(state, userId, clock.now(), options.keyPairs);
      const admin = addApiKeyIdentity(state, ensureEmulatorAdministrator(state, clock.now()), clock.now(), options.keyPairs);
      return writeOciConfigFiles(dir, identity, {
        profile: configOptions.profile ?? 'DEFAULT',
        region: configOptions.region ?? state.tenancy.homeRegion,
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

function faultResponse(fault: FaultSpec): RouteResponse {
  const status = fault.status ?? 500;
  return { status, body: { code: fault.code ?? 'InternalServerError', message: fault.message ?? `Injected fault on ${fault.operation}.` } };
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}
