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
export async function runCliInProcess(args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    emulatorKeyPairs: pooledKeyPair,
  });
  return { code, stdout, stderr };
}
