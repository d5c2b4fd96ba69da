/** Bundles the Function (CJS) and the CLI (ESM) with esbuild; see build.mjs. */
export function buildAll(options?: { outRoot?: string; quiet?: boolean }): Promise<{ functionOut: string; cliOut: string }>;
