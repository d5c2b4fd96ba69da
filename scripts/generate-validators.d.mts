/** Where `npm run generate` writes the validators; see generate-validators.mjs. */
export declare const GENERATED_DIR: string;
/** Builds the standalone validator module and its declarations in memory (nothing is written). */
export function generateValidators(): Promise<Array<{ path: string; contents: string }>>;
