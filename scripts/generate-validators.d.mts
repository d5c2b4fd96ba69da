/** Where `npm run generate` writes the Function's validators; see generate-validators.mjs. */
export declare const GENERATED_DIR: string;
/** Where it writes the emulator's state validator. */
export declare const EMULATOR_GENERATED_DIR: string;
/** Builds the standalone validator modules and their declarations in memory (nothing is written). */
export function generateValidators(): Promise<Array<{ path: string; contents: string }>>;
