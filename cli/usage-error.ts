/**
 * A mistake in how the CLI was called: printed as one line plus a hint, exit code 2. `hint`
 * replaces the default "run --help" hint when there is something more useful to say.
 */
export class UsageError extends Error {
  override name = 'UsageError';

  constructor(
    message: string,
    readonly hint: string | null = null,
  ) {
    super(message);
  }
}
