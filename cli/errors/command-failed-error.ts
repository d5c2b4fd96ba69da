/**
 * A command could not do what it was asked for a reason outside its arguments (a problem Cloud
 * Guard does not know, an endpoint that does not answer): printed like a usage error, one line
 * naming what failed plus a hint, but exit code 1.
 */
export class CommandFailedError extends Error {
  override name = 'CommandFailedError';

  constructor(
    message: string,
    readonly hint: string | null = null,
  ) {
    super(message);
  }
}
