import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { authenticate } from '../auth/authenticate.js';
import { SignatureRejectedError } from '../auth/http-signature.js';
import { UNKNOWN_ROUTE_OPERATION } from '../control/call-log.js';
import { CONTROL_PREFIX, handleControlRequest, type ControlTarget } from '../control/control-api.js';
import type { FaultSpec } from '../control/faults.js';
import { assertValidRetryToken } from '../control/retry-token-cache.js';
import type { EmulatorRuntime, Outcome } from '../emulator-runtime.js';
import { accessDenial } from '../iam/access-check.js';
import type { SecretRotationRuns } from '../services/secret-rotation-runs.js';
import { answerOciErrors, errorResponse, internalErrorResponse } from './error-response.js';
import { readBody, sendResponse } from './http-io.js';
import { OciApiError } from './oci-api-error.js';
import { splitRegionPrefix } from './region-prefix.js';
import { assertSubscribedRegion, assertWriteAllowedInRegion, servedRegion } from './regional-write-rules.js';
import { isAddressedToUs, isFromBrowser } from './request-origin.js';
import type { Principal, Route, RouteResponse, SelfAuthenticatedRoute } from './route.js';
import type { RouteTable } from './route-table.js';

const NOT_AUTHENTICATED = 'The required information to complete authentication was not provided or was incorrect.';

/**
 * How one HTTP request is answered, in order: the host check; the control API under
 * `/_emulator/`; the route (404 for none, or a self-authenticated Swift/S3 route); traffic
 * (latency, 429); an injected fault's delay; then, in the request queue, settled lifecycles,
 * the region's subscription, the OCI signature (§0.2), IAM policies, faults before or after the
 * handler, retry tokens and the handler itself. Every call is recorded in the call log.
 */
export class RequestDispatcher {
  constructor(
    private readonly runtime: EmulatorRuntime,
    private readonly routes: RouteTable,
    private readonly host: string,
    private readonly control: ControlTarget,
    private readonly rotations: SecretRotationRuns,
  ) {}

  /** Answers one request; a failure it does not turn into an OCI error rejects (the server answers 500). */
  async handle(req: IncomingMessage, res: ServerResponse, opcRequestId: string): Promise<void> {
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const rawTarget = req.url ?? '/';
    const url = new URL(rawTarget, 'http://emulator.invalid');

    if (!isAddressedToUs(req.headers, this.host)) {
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
      const response = await this.runtime.serialize(() => answerOciErrors(() => handleControlRequest(this.control, method, url, body)));
      sendResponse(res, opcRequestId, response);
      return;
    }

    const { regionId: prefixRegion, apiPath } = splitRegionPrefix(url.pathname);
    const region = servedRegion(this.runtime.state, prefixRegion);
    let matched: ReturnType<RouteTable['match']>;
    try {
      matched = this.routes.match(method, apiPath);
    } catch (error) {
      if (!(error instanceof OciApiError)) throw error;
      this.runtime.record(
        { operation: UNKNOWN_ROUTE_OPERATION, method, path: apiPath, region, opcRequestId, retryToken: null },
        { response: errorResponse(error), principal: null, faulted: false },
      );
      sendResponse(res, opcRequestId, errorResponse(error));
      return;
    }
    if (!matched) {
      const selfAuthenticated = this.routes.matchSelfAuthenticated(method, apiPath);
      if (selfAuthenticated) {
        await this.handleSelfAuthenticated(
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
      this.runtime.record({ operation: UNKNOWN_ROUTE_OPERATION, method, path: apiPath, region, opcRequestId, retryToken: null }, outcome);
      sendResponse(res, opcRequestId, outcome.response);
      return;
    }

    const { route, params } = matched;
    const retryTokenHeader = req.headers['opc-retry-token'];
    // Present but empty is still a token (of length 0, which OCI refuses); only an absent header is none.
    const retryToken = typeof retryTokenHeader === 'string' ? retryTokenHeader : null;
    if (await this.throttled(route.operation, method, apiPath, region, opcRequestId, retryToken, res)) return;
    const fault = this.runtime.faults.take(route.operation);
    if (fault?.delayMs) await delay(fault.delayMs);

    const outcome = await this.runtime.serialize((): Outcome => {
      this.runtime.settle();
      try {
        assertSubscribedRegion(this.runtime.state, region);
      } catch (error) {
        if (!(error instanceof OciApiError)) throw error;
        return { response: errorResponse(error), principal: null, faulted: false };
      }
      let principal: Principal;
      try {
        principal = authenticate({
          state: this.runtime.state,
          tokens: this.runtime.tokens,
          method,
          requestTarget: rawTarget,
          headers: req.headers,
          body,
          wallClock: new Date(),
        });
      } catch (error) {
        if (!(error instanceof SignatureRejectedError)) throw error;
        this.runtime.log({
          level: 'warn',
          msg: 'request not authenticated',
          operation: route.operation,
          opcRequestId,
          reason: error.message,
        });
        return { response: errorResponse(new OciApiError(401, 'NotAuthenticated', NOT_AUTHENTICATED)), principal: null, faulted: false };
      }
      // IAM policies, when the state has any (emulator/iam/): a denied call answers as OCI does.
      const denial = accessDenial(this.runtime.state, principal, route.operation, params, url.searchParams);
      if (denial) {
        this.runtime.log({
          level: 'warn',
          msg: 'request not authorized',
          operation: route.operation,
          opcRequestId,
          reason: denial.decision.reason,
        });
        return { response: errorResponse(denial.error), principal, faulted: false };
      }
      const injected = fault?.status === undefined ? null : fault;
      if (injected && injected.phase !== 'after') return { response: faultResponse(injected), principal, faulted: true };
      const response = answerOciErrors(
        () => this.runRoute(route, params, apiPath, url, req, body, principal, retryToken, region),
        (error) =>
          this.runtime.log({
            level: 'error',
            msg: 'handler failure',
            operation: route.operation,
            opcRequestId,
            error: describeError(error),
          }),
      );
      // 'after': the operation ran and its effect stays; only the answer is lost (see FaultSpec.phase).
      if (injected) return { response: faultResponse(injected), principal, faulted: true };
      return { response, principal, faulted: false };
    });

    this.runtime.record({ operation: route.operation, method, path: apiPath, region, opcRequestId, retryToken }, outcome);
    sendResponse(res, opcRequestId, outcome.response);
    // Vault runs the accepted rotation afterwards, like the work request OCI answers with.
    if (route.operation === 'RotateSecret' && outcome.response.status === 202 && !outcome.faulted) {
      await this.rotations.launchAccepted(params['secretId'] ?? '');
    }
  }

  /**
   * Swift (`GET /auth/v1.0`) and the S3 compatibility API carry their own credentials (an auth
   * token in `X-Storage-Pass`, an AWS Signature V4 made with a customer secret key) and never an
   * OCI signature: OCI's Swift and S3 endpoints answer them without one, so the OCI signature
   * check would refuse every legitimate call. They skip that check on purpose and the handler
   * authenticates instead; the host check, faults, serialisation and call log apply as to any call.
   */
  private async handleSelfAuthenticated(
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
    if (await this.throttled(route.operation, route.method, apiPath, region, opcRequestId, null, res)) return;
    const fault = this.runtime.faults.take(route.operation);
    if (fault?.delayMs) await delay(fault.delayMs);
    const outcome = await this.runtime.serialize((): Outcome => {
      this.runtime.settle();
      const injected = fault?.status === undefined ? null : fault;
      if (injected && injected.phase !== 'after') return { response: faultResponse(injected), principal: null, faulted: true };
      const context = {
        state: this.runtime.state,
        now: this.runtime.clock.now(),
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
        this.runtime.log({ level: 'error', msg: 'handler failure', operation: route.operation, opcRequestId, error: describeError(error) });
        return { response: internalErrorResponse(), principal: null, faulted: false };
      }
      if (injected) return { response: faultResponse(injected), principal: handled.principal, faulted: true };
      return { response: handled.response, principal: handled.principal, faulted: false };
    });
    this.runtime.record(
      { operation: route.operation, method: route.method, path: apiPath, region, opcRequestId, retryToken: null },
      outcome,
    );
    sendResponse(res, opcRequestId, outcome.response);
  }

  /**
   * The traffic in force for one call: its latency is awaited outside the request queue, then a
   * call over the rate is answered 429 TooManyRequests without running (and logged, faulted).
   * Returns whether it was answered so.
   */
  private async throttled(
    operation: string,
    method: string,
    apiPath: string,
    region: string,
    opcRequestId: string,
    retryToken: string | null,
    res: ServerResponse,
  ): Promise<boolean> {
    const admission = this.runtime.traffic.admit(Date.now());
    if (admission.delayMs > 0) await delay(admission.delayMs);
    if (!admission.throttled) return false;
    const response = errorResponse(new OciApiError(429, 'TooManyRequests', 'Too many requests for the tenancy; retry later.'));
    this.runtime.record(
      { operation, method, path: apiPath, region, opcRequestId, retryToken },
      { response, principal: null, faulted: true },
    );
    sendResponse(res, opcRequestId, response);
    return true;
  }

  /**
   * Applies the region's write rules, validates the retry token, replays or remembers retry-token
   * answers (a token whose created resource is gone is invalidated), parses the body and runs the handler.
   */
  private runRoute(
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
    assertWriteAllowedInRegion(route, this.runtime.state, region);
    const tokenApplies = route.honoursRetryToken === true && retryToken !== null;
    if (tokenApplies) {
      assertValidRetryToken(retryToken);
      const stillExists = route.retryTokenResourceExists?.bind(route, this.runtime.state);
      const replay = this.runtime.retryTokens.replay(route.operation, apiPath, retryToken, this.runtime.clock.now(), stillExists);
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
      state: this.runtime.state,
      now: this.runtime.clock.now(),
      method: route.method,
      params,
      query: url.searchParams,
      headers: req.headers,
      body: parsedBody,
      principal,
      region,
    });
    if (tokenApplies && response.status < 300)
      this.runtime.retryTokens.put(route.operation, apiPath, retryToken, response, this.runtime.clock.now());
    return response;
  }
}

function faultResponse(fault: FaultSpec): RouteResponse {
  const status = fault.status ?? 500;
  return { status, body: { code: fault.code ?? 'InternalServerError', message: fault.message ?? `Injected fault on ${fault.operation}.` } };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}
