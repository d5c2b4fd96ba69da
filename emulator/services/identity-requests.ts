import { OciApiError, missingParameter } from '../http/oci-api-error.js';
import type { RequestContext, RouteResponse } from '../http/route.js';
import { resourceEtag } from './resource-etag.js';

/**
 * How the Identity routes read a request and answer a single resource: path parameters, the
 * details body, `if-match` against the resource's current etag (412 NoEtagMatch, oci-behaviour
 * §3.1, §8), and an answer that carries the resource's `etag` (§0.4).
 */

export function param(context: RequestContext, name: string): string {
  const value = context.params[name];
  if (value === undefined) throw missingParameter(name);
  return value;
}

export function bodyObject(context: RequestContext, requiredField: string): Record<string, unknown> {
  const body = context.body;
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw missingParameter(requiredField);
  }
  return body as Record<string, unknown>;
}

export function requireMatchingEtag(context: RequestContext, currentModel: unknown): void {
  const ifMatch = context.headers['if-match'];
  if (typeof ifMatch === 'string' && ifMatch !== '' && ifMatch !== '*' && ifMatch !== resourceEtag(currentModel)) {
    throw new OciApiError(412, 'NoEtagMatch', 'The resource has changed since the given etag was issued.');
  }
}

export function single(model: Record<string, unknown>, status = 200): RouteResponse {
  return { status, body: model, headers: { etag: resourceEtag(model) } };
}
