import { join } from 'node:path';
import { buildAll } from '../../scripts/build.mjs';

let built: Promise<{ functionOut: string; cliOut: string }> | null = null;

/**
 * The Function bundle and the CLI bundle, built from this checkout's sources by the project's
 * own build, once per vitest worker (the test files of a worker share it; nothing writes to it).
 * Built fresh rather than taken from dist/, so a test never runs a stale bundle.
 */
export function builtBundles(): Promise<{ functionOut: string; cliOut: string }> {
  // One directory per vitest worker slot, rebuilt by each run: vitest ends its workers without an
  // exit event, so a temporary directory would be left behind every run.
  const outRoot = join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'cgr-test-bundles', `worker-${process.env['VITEST_POOL_ID'] ?? process.pid}`);
  built ??= buildAll({ outRoot, quiet: true });
  return built;
}
