/** Where a command writes: the process's streams in use, buffers in tests. */
export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Resolves to the exit code. Throws UsageError for a mistake in the arguments (exit 2). */
  run(argv: string[], io: CommandIo): Promise<number>;
}
