import { unreachableCause } from './unreachable-cause.js';

/**
 * One way to say what failed, for every command: a service's answer as `<status> <code>: <message>`,
 * and a call that got no answer as the host it was sent to and why. The OCI SDK throws a failed
 * connection as a plain object `{message: 'fetch failed', requestEndpoint: 'GET <url>'}` with the
 * cause dropped (runtime-notes §2), which `String()` prints as `[object Object]`; the cause is then
 * found by `unreachableCause` where the caller can afford one more connection attempt.
 */
export function describeFailure(error: unknown, knownCause: string | null = null): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const failure = error as { statusCode?: unknown; serviceCode?: unknown; message?: unknown; requestEndpoint?: unknown; cause?: unknown };
  const message = typeof failure.message === 'string' ? oneLine(failure.message) : '';
  if (typeof failure.statusCode === 'number' && failure.statusCode > 0) {
    return `${failure.statusCode} ${typeof failure.serviceCode === 'string' ? failure.serviceCode : ''}: ${message}`.replace(/ :/, ':');
  }
  const endpoint = typeof failure.requestEndpoint === 'string' ? failure.requestEndpoint : null;
  const cause = causeCode(failure.cause);
  if (endpoint)
    return `no answer from ${hostOf(endpoint)} to ${requestLine(endpoint)}: ${knownCause ?? `${message || 'no response'}${cause ? ` (${cause})` : ''}`}`;
  return `${error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : ''}${message || 'unknown failure'}${knownCause ? `: ${knownCause}` : cause ? ` (${cause})` : ''}`;
}

/** `describeFailure`, with the cause of a call that got no answer found by one probe of its host. */
export async function explainFailure(error: unknown): Promise<string> {
  const url = failedUrl(error) ?? failedUrl((error as { cause?: unknown } | null)?.cause ?? null);
  return describeFailure(error, url ? await unreachableCause(url) : null);
}

/** The URL a failure was sent to, when it says (`requestEndpoint` of the SDK's network failures). */
export function failedUrl(error: unknown): string | null {
  const endpoint = (error as { requestEndpoint?: unknown } | null)?.requestEndpoint;
  return typeof endpoint === 'string' ? (/(https?:\/\/\S+)/.exec(endpoint)?.[1] ?? null) : null;
}

/** `GET /20160918/users/…` from `GET https://host/20160918/users/…`: the host is said once already. */
function requestLine(endpoint: string): string {
  const [method, url] = endpoint.split(' ');
  try {
    const parsed = new URL(url ?? '');
    return `${method ?? ''} ${parsed.pathname}`.trim();
  } catch {
    return endpoint;
  }
}

/** The host (and port) a `GET https://host:port/path` or URL names. */
export function hostOf(endpoint: string): string {
  const url = /(https?:\/\/[^\s]+)/.exec(endpoint)?.[1] ?? endpoint;
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The innermost system error code of a cause chain (fetch's `TypeError: fetch failed` hides ECONNREFUSED one level down). */
function causeCode(cause: unknown, depth = 0): string | null {
  if (typeof cause !== 'object' || cause === null || depth > 3) return null;
  const { code, message, cause: inner } = cause as { code?: unknown; message?: unknown; cause?: unknown };
  const deeper = causeCode(inner, depth + 1);
  if (deeper) return deeper;
  if (typeof code === 'string') return code;
  return typeof message === 'string' ? oneLine(message) : null;
}

function oneLine(text: string): string {
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
