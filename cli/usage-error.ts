/**
 * A mistake in how the CLI was called: printed as one line plus a hint, exit code 2. `hint`
 * replaces the default "run --help" hint when there is something more useful to say; `flag` names
 * the option the mistake is about, so the hint can be that option's own help line.
 */
export class UsageError extends Error {
  override name = 'UsageError';

  constructor(
    message: string,
    readonly hint: string | null = null,
    readonly flag: string | null = null,
  ) {
    super(message);
  }
}
