import type { KeyPairSource } from '../emulator/index.js';

/** Where a command writes: the process's streams in use, buffers in tests. */
export interface CommandIo {
  stdout: { write(text: string): unknown };
  /** `isTTY`: a person watches the terminal (progress lines go there only then). */
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /**
   * Where an emulator the command runs in-process (replay, the dry run's mirror, rotate-secret)
   * gets the RSA pairs of its own set-up identities. Default: fresh ones; the tests pass a pool.
   */
  emulatorKeyPairs?: KeyPairSource;
}

export interface Command {
  name: string;
  usage: string;
  /** Resolves to the exit code. Throws UsageError for a mistake in the arguments (exit 2). */
  run(argv: string[], io: CommandIo): Promise<number>;
}

/**
 * A command as `cg-responder --help` lists it; its module (and with it the SDK, the emulator or
 * the responder) loads only when the command runs.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}
