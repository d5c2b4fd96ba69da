import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { writeInstantTenancy } from './instant-tenancy.js';

export interface StandaloneEmulator {
  endpoint: string;
  configFile: string;
  profile: string;
  stop(): void;
}

/**
 * `cg-responder emulator --json` from the built CLI, seeded with the instant tenancy, its OCI
 * config written into `configDir`: a tenancy in another process, as the CLI's live and dry-run
 * modes and `rotate-secret --endpoint` meet one. Resolves on the one JSON line it prints.
 */
export async function startStandaloneEmulator(cli: string, configDir: string): Promise<StandaloneEmulator> {
  const child = spawn(
    process.execPath,
    [cli, 'emulator', '--json', '--config-dir', configDir, '--state', await writeInstantTenancy(configDir)],
    { env: { PATH: process.env['PATH'] ?? '' } },
  );
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`cg-responder emulator exited with ${code} before printing its endpoint`)));
  });
  const { endpoint, configFile, profile } = JSON.parse(firstLine) as { endpoint: string; configFile: string; profile: string };
  return { endpoint, configFile, profile, stop: () => void child.kill('SIGTERM') };
}
