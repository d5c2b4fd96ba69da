/** Folders never scanned: installed packages, build output, git's own. */
export declare const SKIPPED_DIRS: ReadonlySet<string>;
/** The text with old research-note citations rewritten to the repository's docs. */
export declare function rewriteCitations(text: string, fromDir: string, markdown?: boolean): string;
/** Repository-relative paths of the text files the rewrite looks at. */
export declare function listTextFiles(dir?: string): string[];
