#!/usr/bin/env node
// Assembles the folder `fn deploy` builds the Function's image from, holding only what ships:
//   func.yaml          (runtime node: fn's node build image runs `npm install`, a no-op, and the
//                       run image starts `entrypoint`, i.e. node dist/func.cjs)
//   package.json       (no dependencies: the bundle is self-contained)
//   dist/func.cjs      (the esbuild bundle; never the emulator or the CLI, build.mjs checks)
// Usage: node scripts/package-function.mjs [outDir]   (default dist/function)
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFunction } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const functionDir = join(root, 'functions/cloudguard-responder');

export async function packageFunction({ outDir = join(root, 'dist/function'), quiet = false } = {}) {
  const scratch = await mkdtemp(join(tmpdir(), 'cgr-package-'));
  try {
    const functionOut = await buildFunction({ outRoot: scratch, quiet });
    const entrypoint = /^entrypoint:\s*node\s+(?:--\S+\s+)*(\S+)\s*$/m.exec(await readFile(join(functionDir, 'func.yaml'), 'utf8'))?.[1];
    if (!entrypoint) throw new Error('func.yaml must have `entrypoint: node <bundle>`');
    await rm(outDir, { recursive: true, force: true });
    await mkdir(join(outDir, dirname(entrypoint)), { recursive: true });
    await copyFile(join(functionDir, 'func.yaml'), join(outDir, 'func.yaml'));
    await copyFile(join(functionDir, 'package.json'), join(outDir, 'package.json'));
    await copyFile(functionOut, join(outDir, entrypoint));
    return { outDir, files: ['func.yaml', 'package.json', entrypoint] };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = process.argv[2] ? resolve(process.argv[2]) : undefined;
  const { outDir, files } = await packageFunction({ ...(target ? { outDir: target } : {}), quiet: true });
  process.stdout.write(
    `packaged ${files.join(', ')} into ${relative(process.cwd(), outDir) || '.'}\nnext: cd ${relative(process.cwd(), outDir) || '.'} && fn ` +
      `deploy --app <app>\n`,
  );
}
