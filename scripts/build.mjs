#!/usr/bin/env node
// Builds the two deliverables with esbuild:
//  - functions/cloudguard-responder/dist/func.cjs: the Function, one self-contained CommonJS file
//    (bundled: ~100 ms faster cold start than node_modules, runtime-notes §6; CJS: the OCI SDK's
//    require() calls need no banner);
//  - dist/cli.js: the cg-responder CLI (ESM, with the createRequire banner runtime-notes §6 requires).
// It refuses a Function bundle that pulls in the emulator or the CLI: those never ship in the image.
import { build } from 'esbuild';
import { chmod } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildAll({ outRoot = root, quiet = false } = {}) {
  const functionOut = join(outRoot, 'functions/cloudguard-responder/dist/func.cjs');
  const cliOut = join(outRoot, 'dist/cli.js');
  const functionResult = await build({
    entryPoints: [join(root, 'functions/cloudguard-responder/func.ts')],
    outfile: functionOut,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
  });
  const forbidden = Object.keys(functionResult.metafile.inputs).filter((input) => {
    const path = relative(root, join(root, input));
    return path.startsWith('emulator/') || path.startsWith('cli/');
  });
  if (forbidden.length > 0) throw new Error(`The Function bundle must not include the emulator or the CLI: ${forbidden.join(', ')}`);

  await build({
    entryPoints: [join(root, 'cli/main.ts')],
    outfile: cliOut,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: { js: "import { createRequire as __cgrCreateRequire } from 'node:module'; const require = __cgrCreateRequire(import.meta.url);" },
    logLevel: quiet ? 'error' : 'warning',
  });
  await chmod(cliOut, 0o755);
  return { functionOut, cliOut };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quiet = process.argv.includes('--quiet');
  const { functionOut, cliOut } = await buildAll({ quiet });
  if (!quiet) process.stdout.write(`built ${relative(root, functionOut)} and ${relative(root, cliOut)}\n`);
}
