/** Bundles the Function (CJS) and the CLI (ESM) with esbuild; see build.mjs. */
export function buildAll(options?: { outRoot?: string; quiet?: boolean }): Promise<{ functionOut: string; cliOut: string }>;
/** Bundles the Function alone; resolves to the bundle's path. */
export function buildFunction(options?: { outRoot?: string; quiet?: boolean }): Promise<string>;
