import type { TestProject } from 'vitest/node';
import { buildTestBundles, removeTestBundles, type BuiltBundles } from './built-bundles.js';
import { generateTestKeyPairs, type TestKeyPairPems } from './test-key-pairs.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testKeyPairs: TestKeyPairPems[];
    testBundles: BuiltBundles;
  }
}

/**
 * What every worker would otherwise make for itself, made once per run before any test file
 * starts: the set-up key pairs (Node's thread pool) and the two bundles (esbuild's own process),
 * side by side. The bundles' directory is removed when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [testKeyPairs, { bundles, outRoot }] = await Promise.all([generateTestKeyPairs(), buildTestBundles()]);
  project.provide('testKeyPairs', testKeyPairs);
  project.provide('testBundles', bundles);
  return () => removeTestBundles(outRoot);
}
