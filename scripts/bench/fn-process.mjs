// Starts a bundled Function exactly as the Fn agent does (the Fn container contract,
// fnproject/fn docs/developers/fn-format.md): a clean environment (PATH, the FN_* variables and
// the function's configuration, nothing inherited such as NODE_OPTIONS or NODE_EXTRA_CA_CERTS),
// a fresh directory for the unix socket, "ready" when the socket symlink exists, then
// `POST /call` over that socket with Fn's headers.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

let callCounter = 0;

/**
 * @param {string} entry the bundle to run with `node`
 * @param {{ workDir: string, memoryMb?: number, config?: Record<string, string>, nodeArgs?: string[] }} options
 */
export async function startFunction(entry, { workDir, memoryMb = 128, config = {}, nodeArgs = [] }) {
  const socketDir = await mkdtemp(join(workDir, 'fn-'));
  const socketPath = join(socketDir, 'lsnr.sock');
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    FN_FORMAT: 'http-stream',
    FN_LISTENER: `unix:${socketPath}`,
    FN_MEMORY: String(memoryMb),
    FN_TYPE: 'sync',
    ...config,
  };
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, entry], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    // Keep only the tail: a burst can log a lot, and only a crash's last words matter here.
    stderr = (stderr + chunk.toString('utf8')).slice(-8_000);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  // The Fn agent waits for the symlink; 1 ms polling keeps the measurement error under a millisecond.
  const giveUpAt = started + 15_000;
  while (!existsSync(socketPath)) {
    if (child.exitCode !== null || performance.now() > giveUpAt) {
      child.kill('SIGKILL');
      await rm(socketDir, { recursive: true, force: true });
      throw new Error(`function did not start listening (exit ${child.exitCode}):\n${stderr}`);
    }
    await delay(1);
  }
  const readyMs = performance.now() - started;

  return {
    pid: child.pid,
    started,
    readyMs,
    /** @param {string} body */
    call: (body) => callOverSocket(socketPath, body),
    stderr: () => stderr,
    /** VmHWM and VmRSS of the function process, in MB. */
    memory: () => memoryOf(child.pid),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      await rm(socketDir, { recursive: true, force: true });
    },
  };
}

/** One Fn call; resolves with the HTTP status, the parsed body (or text) and the time it took. */
export function callOverSocket(socketPath, body) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    callCounter += 1;
    const req = request(
      {
        socketPath,
        method: 'POST',
        path: '/call',
        agent: false,
        headers: {
          'Content-Type': 'application/json',
          'Fn-Call-Id': `01BENCH${process.pid}x${callCounter}`,
          'Fn-Deadline': new Date(Date.now() + 120_000).toISOString(),
          'Fn-Intent': 'cloudevent',
          'Fn-Invoke-Type': 'sync',
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // kept as text: the caller reports it
          }
          resolve({ httpStatus: res.statusCode ?? 0, body: parsed, ms: performance.now() - started, endedAt: performance.now() });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Peak (VmHWM) and current (VmRSS) resident memory of a live process, in MB. */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

/**
 * What the container runs: func.yaml's `entrypoint` (the fn CLI writes it as the image's
 * ENTRYPOINT) and `memory`. Returns the node flags between `node` and the script.
 */
export function functionShape(funcYamlText) {
  const memoryMb = Number(/^memory:\s*(\d+)/m.exec(funcYamlText)?.[1] ?? 128);
  const words = (/^entrypoint:\s*(.+)$/m.exec(funcYamlText)?.[1] ?? 'node dist/func.cjs').trim().split(/\s+/);
  return { memoryMb, nodeArgs: words.slice(1, -1) };
}
