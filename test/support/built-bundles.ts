import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { buildAll } from '../../scripts/build.mjs';

export interface BuiltBundles {
  functionOut: string;
  cliOut: string;
}

/**
 * The Function bundle and the CLI bundle, built from this checkout's sources by the project's
 * own build, once per `npm test` by the global set-up (nothing writes to them afterwards). Built
 * fresh rather than taken from dist/, so a test never runs a stale bundle. Returns the directory
 * to remove when the run ends.
 */
export async function buildTestBundles(): Promise<{ bundles: BuiltBundles; outRoot: string }> {
  // Self-contained bundles run from anywhere, as the Function's image does.
  const outRoot = await mkdtemp(join(tmpdir(), 'cgr-test-bundles-'));
  return { bundles: await buildAll({ outRoot, quiet: true }), outRoot };
}

export async function removeTestBundles(outRoot: string): Promise<void> {
  await rm(outRoot, { recursive: true, force: true });
}

/** In a test: the bundles the global set-up built for this run. */
export function builtBundles(): BuiltBundles {
  return inject('testBundles');
}
