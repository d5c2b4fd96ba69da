// The few parts of @fnproject/fdk 0.0.76 we use; the package ships no types (runtime-notes §1).
declare module '@fnproject/fdk' {
  export interface Context {
    readonly callID: string;
    /** Parsed from the Fn-Deadline header; the FDK does not enforce it. */
    readonly deadline: Date | null;
    readonly config: Record<string, string | undefined>;
    readonly headers: Record<string, string[]>;
    readonly fnID: string | undefined;
    readonly appID: string | undefined;
    responseContentType: string;
    setResponseHeader(name: string, ...values: string[]): void;
  }
  export type Handler = (input: unknown, context: Context) => unknown;
  /** Starts serving on FN_LISTENER; returns a function that stops the server. */
  export function handle(handler: Handler, options?: { inputMode?: 'json' | 'string' | 'buffer' }): () => void;
}
