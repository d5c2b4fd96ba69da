import type { IncomingHttpHeaders } from 'node:http';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether the Host header names this server. A web page can make a browser send requests to a
 * loopback port, and with DNS rebinding even read the answers (`GET /_emulator/state?secrets=include`).
 * Such a request names the attacker's host name, so only loopback names and the configured host
 * are answered.
 */
export function isAddressedToUs(headers: IncomingHttpHeaders, configuredHost: string): boolean {
  const host = headers.host;
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
  const configured = configuredHost.includes(':') ? `[${configuredHost}]` : configuredHost;
  return LOOPBACK_NAMES.has(name.toLowerCase()) || name.toLowerCase() === configured.toLowerCase();
}

/**
 * Browsers send `Origin` on cross-origin POST/PUT/DELETE; SDKs, curl and Node's fetch do not. The
 * control API is unauthenticated, so a browser request to it (a page injecting faults or
 * replacing the state) is refused. OCI routes need a signature, which a page cannot forge.
 */
export function isFromBrowser(headers: IncomingHttpHeaders): boolean {
  return headers.origin !== undefined;
}
