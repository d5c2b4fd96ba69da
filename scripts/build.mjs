#!/usr/bin/env node
// Builds the two deliverables with esbuild:
//  - functions/cloudguard-responder/dist/func.cjs: the Function, one self-contained CommonJS file
//    (bundled: ~100 ms faster cold start than node_modules, runtime-notes §6; CJS: the OCI SDK's
//    require() calls need no banner);
//  - dist/cli.js: the cg-responder CLI (ESM, with the createRequire banner runtime-notes §6 requires).
// It refuses a Function bundle that pulls in the emulator or the CLI: those never ship in the image.
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const functionRoot = join(root, 'functions/cloudguard-responder');

/**
 * Each oci-* package's `lib/model/index.js` requires every model of its service at load time
 * (oci-cloudguard: 978 files, 1.2 MB of the bundle, for two read calls), and CommonJS cannot be
 * tree-shaken. This plugin replaces that index, in the Function bundle only, by one that
 * requires just the models the Function can reach: those named in the SDK methods our source
 * calls (any `.name(` in functions/cloudguard-responder that is a method of the package's
 * client, so a call added later is picked up without editing this list), those our source
 * names itself (`models.Secret…`), and everything they reference in turn (`model.X` in each
 * model file, which covers polymorphic subtypes). A missing model would surface as
 * `model.X is undefined` on that call: the e2e tests drive every call over the real SDK.
 */
export function sdkModelTrimPlugin({ sourceDirs = [functionRoot], stats = [] } = {}) {
  const ourTokens = new Set();
  for (const sourceDir of sourceDirs) {
    for (const file of readdirSync(sourceDir, { recursive: true })) {
      if (!/\.(ts|js)$/.test(file) || file.includes('node_modules') || file.startsWith('dist')) continue;
      for (const token of readFileSync(join(sourceDir, file), 'utf8').match(/[A-Za-z_$][\w$]*/g) ?? []) ourTokens.add(token);
    }
  }
  return {
    name: 'sdk-model-trim',
    setup(pluginBuild) {
      pluginBuild.onLoad({ filter: /[\\/]node_modules[\\/]oci-[a-z0-9-]+[\\/]lib[\\/]model[\\/]index\.js$/ }, ({ path }) => {
        const modelDir = dirname(path);
        const index = readFileSync(path, 'utf8');
        const pairs = new Map();
        for (const match of index.matchAll(/^const (\w+) = __importStar\(require\("\.\/([\w.-]+)"\)\);\n(exports\.\1 = .*;)$/gm)) {
          pairs.set(match[1], { file: match[2], text: `${match[0]}` });
        }
        const clientFile = join(modelDir, '..', 'client.js');
        const seeds = new Set([...pairs.keys()].filter((name) => ourTokens.has(name)));
        let clientSource = '';
        try {
          clientSource = readFileSync(clientFile, 'utf8');
        } catch {
          return undefined; // a package without a client: leave it alone
        }
        for (const method of clientSource.matchAll(/^ {4}(\w+)\(\w+\) \{\n([\s\S]*?)^ {4}\}$/gm)) {
          if (!ourTokens.has(method[1])) continue;
          for (const ref of method[2].matchAll(/\bmodel\.(\w+)/g)) seeds.add(ref[1]);
        }
        const kept = new Set();
        const queue = [...seeds].filter((name) => pairs.has(name));
        while (queue.length > 0) {
          const name = queue.pop();
          if (kept.has(name)) continue;
          kept.add(name);
          const source = readFileSync(join(modelDir, `${pairs.get(name).file}.js`), 'utf8');
          for (const ref of source.matchAll(/\bmodel\.(\w+)/g)) if (pairs.has(ref[1]) && !kept.has(ref[1])) queue.push(ref[1]);
        }
        const header = index.slice(0, index.search(/^const \w+ = __importStar\(require\(/m));
        stats.push({ package: relative(join(root, 'node_modules'), join(modelDir, '../..')), models: pairs.size, kept: kept.size });
        const contents =
          header +
          [...kept]
            .sort()
            .map((name) => pairs.get(name).text)
            .join('\n') +
          '\n';
        return { contents, resolveDir: modelDir, loader: 'js' };
      });
    },
  };
}

/**
 * oci-common loads `isomorphic-fetch`, which loads `node-fetch` 2 and with it `whatwg-url` and
 * `tr46` (0.3 MB, and tr46 builds its Unicode mapping table at load), only to install a global
 * `fetch` when none exists. Node 20 has one (and the SDK calls the global), so in the Function
 * bundle `isomorphic-fetch` is empty and the one direct `node-fetch` user (the instance-principal
 * certificate fetch, not used by a Function) gets the global `fetch`.
 */
export function nativeFetchPlugin() {
  return {
    name: 'native-fetch',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^(isomorphic-fetch|node-fetch)$/ }, ({ path }) => ({ path, namespace: 'native-fetch' }));
      pluginBuild.onLoad({ filter: /.*/, namespace: 'native-fetch' }, ({ path }) => ({
        contents:
          path === 'isomorphic-fetch'
            ? 'module.exports = globalThis.fetch;\n'
            : 'module.exports = { __esModule: true, default: (url, options) => globalThis.fetch(url, options) };\n',
        loader: 'js',
      }));
    },
  };
}

export async function buildAll({ outRoot = root, quiet = false } = {}) {
  const [functionOut, cliOut] = await Promise.all([buildFunction({ outRoot, quiet }), buildCli({ outRoot, quiet })]);
  return { functionOut, cliOut };
}

/** The Function's bundle alone (what `fn deploy` ships); returns its path. */
export async function buildFunction({ outRoot = root, quiet = false } = {}) {
  const functionOut = join(outRoot, 'functions/cloudguard-responder/dist/func.cjs');
  const functionResult = await build({
    entryPoints: [join(root, 'functions/cloudguard-responder/func.ts')],
    outfile: functionOut,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    metafile: true,
    plugins: [sdkModelTrimPlugin(), nativeFetchPlugin()],
    // Half the bytes to read and parse at every cold start (measured: less CPU to "listening"
    // and ~2 MB less RSS). keepNames keeps class names, which errors and logs report.
    minify: true,
    keepNames: true,
    logLevel: quiet ? 'error' : 'warning',
  });
  const forbidden = Object.keys(functionResult.metafile.inputs).filter((input) => {
    const path = relative(root, join(root, input));
    return path.startsWith('emulator/') || path.startsWith('cli/');
  });
  if (forbidden.length > 0) throw new Error(`The Function bundle must not include the emulator or the CLI: ${forbidden.join(', ')}`);
  return functionOut;
}

/** The cg-responder CLI's bundle; returns its path. */
async function buildCli({ outRoot, quiet }) {
  const outdir = join(outRoot, 'dist');
  const cliOut = join(outdir, 'cli.js');
  await build({
    entryPoints: { cli: join(root, 'cli/main.ts') },
    outdir,
    // Each command, and node-forge, in chunks of their own that load when used (cli/run-cli.ts):
    // `--version`, `--help` and usage errors parse a small entry file instead of the whole CLI.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    banner: {
      js: "import { createRequire as __cgrCreateRequire } from 'node:module'; const require = __cgrCreateRequire(import.meta.url);",
    },
    // The same trims as the Function's (the CLI calls the SDK from the responder, cli/ and
    // emulator/): every CLI start, usage errors included, loads a third of the bytes.
    plugins: [sdkModelTrimPlugin({ sourceDirs: [functionRoot, join(root, 'cli'), join(root, 'emulator')] }), nativeFetchPlugin()],
    minify: true,
    keepNames: true,
    logLevel: quiet ? 'error' : 'warning',
  });
  await chmod(cliOut, 0o755);
  return cliOut;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quiet = process.argv.includes('--quiet');
  const { functionOut, cliOut } = await buildAll({ quiet });
  if (!quiet) process.stdout.write(`built ${relative(root, functionOut)} and ${relative(root, cliOut)}\n`);
}
