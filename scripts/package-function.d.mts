/** Builds and assembles the folder `fn deploy` runs in (func.yaml, package.json, the bundle); see package-function.mjs. */
export function packageFunction(options?: { outDir?: string; quiet?: boolean }): Promise<{ outDir: string; files: string[] }>;
