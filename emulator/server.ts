import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { authenticate } from './auth/authenticate.js';
import { SignatureRejectedError } from './auth/http-signature.js';
import { ResourcePrincipalTokens } from './auth/resource-principal-tokens.js';
import { FaultTable, isFaultSpec, type FaultSpec } from './control/faults.js';
import { RetryTokenCache } from './control/retry-token-cache.js';
import { OciApiError } from './http/oci-api-error.js';
import type { Principal, RouteResponse } from './http/route.js';
import { RouteTable } from './http/route-table.js';
import { newOpcRequestId } from './ids.js';
import { SERVICE_MODULES } from './services/index.js';
import { createSampleTenancy } from './state/create-sample-tenancy.js';
import { exportState } from './state/export-state.js';
import type { EmulatorState } from './state/types.js';
import { assertValidState, InvalidStateError } from './state/validate-state.js';

export type { FaultSpec } from './control/faults.js';

export interface OciEmulatorOptions {
  /** Default: the sample tenancy. Deep-copied and validated. */
  state?: EmulatorState;
  /** Drives lifecycles (CREATING → ACTIVE, UPDATING → ACTIVE); signature skew uses wall time. */
  clock?: () => Date;
  /** Default 127.0.0.1: the emulator never listens beyond this machine. */
  host?: string;
  port?: number;
  /** Silent unless given: one entry per request and per rejected signature. */
  log?: (entry: Record<string, unknown>) => void;
}

export interface CallRecord {
  operation: string;
  method: string;
  path: string;
  status: number;
  opcRequestId: string;
  retryToken: string | null;
  principal: string | null;
  time: string;
  faulted: boolean;
}

export interface ApiKeyIdentity {
  tenancyId: string;
  userId: string;
  fingerprint: string;
  privateKeyPem: string;
  keyId: string;
}

export interface OciConfigFiles {
  configFile: string;
  keyFile: string;
  profile: string;
  tenancyId: string;
  userId: string;
  fingerprint: string;
}

export interface OciEmulator {
  readonly url: string;
  readonly port: number;
  getState(options?: { includeSecretContent?: boolean }): EmulatorState;
  setState(state: EmulatorState): void;
  calls(): CallRecord[];
  clearCalls(): void;
  addFault(fault: FaultSpec): string;
  clearFaults(): void;
  createApiKeyIdentity(userId: string): ApiKeyIdentity;
  issueResourcePrincipalToken(options: { publicKeyPem: string; resourceId: string; compartmentId?: string; ttlSeconds?: number }): string;
  writeOciConfig(dir: string, options?: { profile?: string; userId?: string; region?: string }): Promise<OciConfigFiles>;
  close(): Promise<void>;
}

const OPERATOR_NAME = 'cg-responder-operator';
const NOT_AUTHENTICATED = 'The required information to complete authentication was not provided or was incorrect.';

/**
 * A local OCI: one HTTP server on 127.0.0.1 that speaks the wire format of Identity, Vault,
 * Secrets, Notifications and Cloud Guard under their real API-version paths (oci-facts §0.1),
 * authenticates every request by its OCI HTTP signature, and keeps all state in memory.
 * Requests are handled one at a time, so service handlers need no locking.
 */
export async function createOciEmulator(options: OciEmulatorOptions = {}): Promise<OciEmulator> {
  let state = structuredClone(options.state ?? createSampleTenancy());
  assertValidState(state);
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const routes = new RouteTable(SERVICE_MODULES);
  const faults = new FaultTable();
  const retryTokens = new RetryTokenCache();
  const tokens = new ResourcePrincipalTokens();
  let callLog: CallRecord[] = [];
  let queue: Promise<unknown> = Promise.resolve();

  const serialize = <T>(work: () => T | Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const settle = (): void => {
    const now = clock();
    for (const module of SERVICE_MODULES) module.settle?.(state, now);
  };

  const server = createServer((req, res) => {
    void handleRequest(req, res).catch((error: unknown) => {
      log({ level: 'error', msg: 'emulator failure', error: String(error) });
      if (!res.headersSent) send(res, newOpcRequestId(), { status: 500, body: { code: 'InternalServerError', message: 'Internal error.' } });
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const rawTarget = req.url ?? '/';
    const url = new URL(rawTarget, 'http://emulator.local');
    const header = req.headers['opc-request-id'];
    const requestId = newOpcRequestId(typeof header === 'string' ? header : undefined);
    const method = req.method ?? 'GET';

    if (url.pathname.startsWith('/_emulator/')) {
      send(res, requestId, await serialize(() => control(method, url, body)));
      return;
    }

    const matched = routes.match(method, url.pathname);
    if (!matched) {
      send(res, requestId, errorResponse(new OciApiError(404, 'NotFound', `No such operation: ${method} ${url.pathname}`)));
      return;
    }
    const { route, params } = matched;
    const fault = faults.take(route.operation);
    if (fault?.delayMs) await delay(fault.delayMs);
    const retryTokenHeader = req.headers['opc-retry-token'];
    const retryToken = typeof retryTokenHeader === 'string' ? retryTokenHeader : null;

    const outcome = await serialize((): { response: RouteResponse; principal: Principal | null; faulted: boolean } => {
      settle();
      let principal: Principal;
      try {
        principal = authenticate({ state, tokens, method, requestTarget: rawTarget, headers: req.headers, body, wallClock: new Date(), now: clock() });
      } catch (error) {
        const reason = error instanceof SignatureRejectedError ? error.message : 'signature check failed';
        log({ level: 'warn', msg: 'request not authenticated', operation: route.operation, reason });
        return { response: errorResponse(new OciApiError(401, 'NotAuthenticated', NOT_AUTHENTICATED)), principal: null, faulted: false };
      }
      const injected = fault?.status !== undefined ? fault : null;
      if (injected && (injected.phase ?? 'before') === 'before') return { response: faultResponse(injected), principal, faulted: true };
      if (route.honoursRetryToken && retryToken) {
        const replay = retryTokens.get(route.operation, url.pathname, retryToken, clock());
        if (replay) return { response: replay, principal, faulted: false };
      }
      let parsedBody: unknown;
      if (body.length > 0) {
        try {
          parsedBody = JSON.parse(body.toString('utf8'));
        } catch {
          return { response: errorResponse(new OciApiError(400, 'CannotParseRequest', 'The request body is not valid JSON.')), principal, faulted: false };
        }
      }
      let response: RouteResponse;
      try {
        response = route.handle({ state, now: clock(), method, params, query: url.searchParams, headers: req.headers, body: parsedBody, principal });
      } catch (error) {
        if (error instanceof OciApiError) return { response: errorResponse(error), principal, faulted: false };
        throw error;
      }
      if (route.honoursRetryToken && retryToken && response.status < 300) retryTokens.put(route.operation, url.pathname, retryToken, response, clock());
      if (injected) return { response: faultResponse(injected), principal, faulted: true };
      return { response, principal, faulted: false };
    });

    callLog.push({
      operation: route.operation,
      method,
      path: url.pathname,
      status: outcome.response.status,
      opcRequestId: requestId,
      retryToken,
      principal: outcome.principal ? principalId(outcome.principal) : null,
      time: new Date().toISOString(),
      faulted: outcome.faulted,
    });
    log({ level: 'info', msg: 'call', operation: route.operation, status: outcome.response.status, opcRequestId: requestId });
    send(res, requestId, outcome.response);
  }

  function control(method: string, url: URL, body: Buffer): RouteResponse {
    const path = url.pathname.replace(/\/+$/, '');
    try {
      if (method === 'GET' && path === '/_emulator/health') return { status: 200, body: { status: 'ok' } };
      if (method === 'GET' && path === '/_emulator/state') {
        settle();
        return { status: 200, body: exportState(state, { includeSecretContent: url.searchParams.get('secrets') === 'include' }) };
      }
      if (method === 'PUT' && path === '/_emulator/state') {
        replaceState(JSON.parse(body.toString('utf8')) as unknown);
        return { status: 204 };
      }
      if (path === '/_emulator/calls' && method === 'GET') return { status: 200, body: callLog };
      if (path === '/_emulator/calls' && method === 'DELETE') {
        callLog = [];
        return { status: 204 };
      }
      if (path === '/_emulator/faults' && method === 'POST') {
        const spec = JSON.parse(body.toString('utf8')) as unknown;
        if (!isFaultSpec(spec)) throw new OciApiError(400, 'InvalidParameter', 'A fault needs an operation and a status or a delayMs.');
        return { status: 201, body: { id: faults.add(spec) } };
      }
      if (path === '/_emulator/faults' && method === 'DELETE') {
        faults.clear();
        return { status: 204 };
      }
      return errorResponse(new OciApiError(404, 'NotFound', `No such control operation: ${method} ${path}`));
    } catch (error) {
      if (error instanceof OciApiError) return errorResponse(error);
      if (error instanceof InvalidStateError) return errorResponse(new OciApiError(400, 'InvalidParameter', error.message));
      if (error instanceof SyntaxError) return errorResponse(new OciApiError(400, 'CannotParseRequest', 'The request body is not valid JSON.'));
      throw error;
    }
  }

  function replaceState(next: unknown): void {
    assertValidState(next);
    state = structuredClone(next);
    retryTokens.clear();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const emulator: OciEmulator = {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    getState: (stateOptions) => {
      settle();
      return exportState(state, stateOptions);
    },
    setState: (next) => replaceState(structuredClone(next)),
    calls: () => structuredClone(callLog),
    clearCalls: () => {
      callLog = [];
    },
    addFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    createApiKeyIdentity: (userId) => {
      const user = state.users.find((candidate) => candidate.id === userId);
      if (!user) throw new Error(`No user ${userId} in the emulator state`);
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const fingerprint = md5Fingerprint(publicKey.export({ type: 'spki', format: 'der' }));
      // Added directly, not through UploadApiKey: a test identity is not subject to the cap.
      user.apiKeys.push({
        fingerprint,
        keyValue: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        timeCreated: clock().toISOString(),
        lifecycleState: 'ACTIVE',
        activatesAt: null,
      });
      const tenancyId = user.compartmentId;
      return { tenancyId, userId, fingerprint, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), keyId: `${tenancyId}/${userId}/${fingerprint}` };
    },
    issueResourcePrincipalToken: ({ publicKeyPem, resourceId, compartmentId, ttlSeconds }) => {
      const expiresAt = new Date(Date.now() + (ttlSeconds ?? 3600) * 1000);
      const issued = tokens.issue({ tenancyId: state.tenancy.id, compartmentId: compartmentId ?? state.tenancy.id, resourceId, expiresAt });
      state.resourcePrincipalSessions.push({
        sessionId: issued.sessionId,
        publicKeyPem,
        tenancyId: state.tenancy.id,
        compartmentId: compartmentId ?? state.tenancy.id,
        resourceId,
        expiresAt: expiresAt.toISOString(),
      });
      return issued.token;
    },
    writeOciConfig: async (dir, configOptions = {}) => {
      const userId = configOptions.userId ?? state.users.find((user) => user.name === OPERATOR_NAME)?.id;
      if (!userId) throw new Error(`No user named ${OPERATOR_NAME} in the emulator state: pass userId`);
      const identity = emulator.createApiKeyIdentity(userId);
      const profile = configOptions.profile ?? 'DEFAULT';
      await mkdir(dir, { recursive: true });
      const keyFile = join(dir, 'cg-responder-emulator.pem');
      const configFile = join(dir, 'config');
      await writePrivateFile(keyFile, identity.privateKeyPem);
      await writePrivateFile(
        configFile,
        [
          `[${profile}]`,
          `user=${identity.userId}`,
          `fingerprint=${identity.fingerprint}`,
          `tenancy=${identity.tenancyId}`,
          `region=${configOptions.region ?? state.tenancy.homeRegion}`,
          `key_file=${keyFile}`,
          '',
        ].join('\n'),
      );
      return { configFile, keyFile, profile, tenancyId: identity.tenancyId, userId: identity.userId, fingerprint: identity.fingerprint };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return emulator;
}

/** Mode 0600 from creation, before the first byte is written; an older file is replaced. */
async function writePrivateFile(path: string, content: string): Promise<void> {
  await rm(path, { force: true });
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
}

function md5Fingerprint(der: Buffer): string {
  return createHash('md5').update(der).digest('hex').match(/../g)?.join(':') ?? '';
}

function principalId(principal: Principal): string {
  return principal.kind === 'user' ? principal.userId : principal.resourceId;
}

function errorResponse(error: OciApiError): RouteResponse {
  return { status: error.status, body: { code: error.code, message: error.message } };
}

function faultResponse(fault: FaultSpec): RouteResponse {
  const status = fault.status ?? 500;
  return { status, body: { code: fault.code ?? 'InternalServerError', message: fault.message ?? `Injected fault on ${fault.operation}.` } };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, requestId: string, response: RouteResponse): void {
  const headers: Record<string, string> = { 'opc-request-id': requestId, ...response.headers };
  if (response.body === undefined || response.status === 204) {
    res.writeHead(response.status, headers).end();
    return;
  }
  const text = JSON.stringify(response.body);
  res.writeHead(response.status, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }).end(text);
}
