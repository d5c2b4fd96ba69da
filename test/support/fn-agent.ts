import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface FnCallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RunningFunction {
  call(body: string, headers?: Record<string, string>): Promise<FnCallResult>;
  /** Everything the function process wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<number | null>;
}

/**
 * Starts a bundled function exactly as the Fn agent does (runtime-notes §1): a fresh directory for
 * the unix socket, FN_FORMAT=http-stream and FN_LISTENER in the environment, wait for the
 * socket symlink, then `POST /call` with Fn's headers over that socket.
 */
export async function startFunction(entry: string, env: Record<string, string>): Promise<RunningFunction> {
  const socketDir = await mkdtemp(join(tmpdir(), 'cgr-fn-'));
  const socketPath = join(socketDir, 'lsnr.sock');
  const child: ChildProcess = spawn(process.execPath, [entry], {
    env: { PATH: process.env['PATH'] ?? '', FN_FORMAT: 'http-stream', FN_LISTENER: `unix:${socketPath}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const readyBy = Date.now() + 15_000;
  while (!existsSync(socketPath)) {
    if (child.exitCode !== null || Date.now() > readyBy) {
      await rm(socketDir, { recursive: true, force: true });
      throw new Error(`function did not start listening:\n${output}`);
    }
    await delay(5);
  }

  return {
    call: (body, headers = {}) =>
      new Promise<FnCallResult>((resolve, reject) => {
        const req = request(
          {
            socketPath,
            method: 'POST',
            path: '/call',
            headers: {
              'Content-Type': 'application/json',
              'Fn-Call-Id': `01CALL${Date.now()}`,
              'Fn-Deadline': new Date(Date.now() + 120_000).toISOString(),
              'Fn-Intent': 'cloudevent',
              'Fn-Invoke-Type': 'sync',
              ...headers,
            },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
          },
        );
        req.on('error', reject);
        req.end(body);
      }),
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      const code = await exited;
      await rm(socketDir, { recursive: true, force: true });
      return code;
    },
  };
}
