/** A mistake in how the CLI was called: printed as one line plus usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
