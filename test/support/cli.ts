import { spawn } from 'node:child_process';
import { runCli } from '../../cli/run-cli.js';
import { pooledKeyPair } from './key-pool.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs cg-responder in this process (no build, no spawn), capturing what it writes. Its embedded
 * emulator's operator identity takes a pair from the test key pool instead of generating one.
 */
export async function runCliInProcess(args: string[], options: { stderrIsTTY?: boolean } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: options.stderrIsTTY ?? false },
    emulatorKeyPairs: pooledKeyPair,
  });
  return { code, stdout, stderr };
}

/** What the built CLI did in its own process; `code` is null when a signal ended it. */
export interface SpawnedCliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI (`cli`, from `builtBundles()`) as a user would: its own process, in
 * `workDir`, with nothing of the test's environment but PATH (HOME is `workDir`, so no real
 * ~/.oci/config is ever read).
 */
export function runBuiltCli(cli: string, args: string[], workDir: string): Promise<SpawnedCliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: workDir, env: { PATH: process.env['PATH'] ?? '', HOME: workDir } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
