import { connect } from 'node:net';

const PROBE_TIMEOUT_MS = 3_000;
const probes = new Map<string, Promise<string>>();

/**
 * Why a host gave no answer, found by opening one TCP connection to it (the OCI SDK drops the
 * cause of a failed fetch: runtime-notes §2): refused, no such host, no answer in 3 s, or
 * reachable (the failure was then above TCP: TLS, a proxy, an HTTP server that hung up). One
 * probe per host and process. Sends nothing over the connection.
 */
export function unreachableCause(url: string): Promise<string> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve('not a URL');
  }
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const key = `${target.hostname}:${port}`;
  let probe = probes.get(key);
  if (!probe) {
    probe = new Promise<string>((resolve) => {
      const socket = connect({ host: target.hostname, port, timeout: PROBE_TIMEOUT_MS });
      const done = (cause: string): void => {
        socket.destroy();
        resolve(cause);
      };
      socket.once('connect', () =>
        done(`${key} accepts connections: the failure was above TCP (TLS, a proxy, or the server closed the request)`),
      );
      socket.once('timeout', () => done(`${key} did not answer within ${PROBE_TIMEOUT_MS / 1000} s`));
      socket.once('error', (error: NodeJS.ErrnoException) => done(causeText(key, target.hostname, error.code)));
    });
    probes.set(key, probe);
  }
  return probe;
}

function causeText(key: string, host: string, code: string | undefined): string {
  if (code === 'ECONNREFUSED') return `${key} refused the connection (nothing listens there)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the host name ${host} does not resolve (${code})`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `${key} is unreachable from here (${code})`;
  return `${key}: ${code ?? 'connection failed'}`;
}
