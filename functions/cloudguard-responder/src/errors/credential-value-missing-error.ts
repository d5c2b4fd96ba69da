import { ResponderError } from './responder-error.js';

/**
 * The once-only value of a generated credential was needed to write a secret, but this run does
 * not hold it (it resumed a rotation another run created). The rotation protocol writes the
 * value-holding secret only in the run that created the credential, so this is a broken
 * invariant, reported as a failure of the step rather than a crash.
 */
export class CredentialValueMissingError extends ResponderError {
  override name = 'CredentialValueMissingError';
  /** What the value is, for the message: "auth token", "secret key". */
  readonly what: string;

  constructor(what: string) {
    super(`the new ${what} value is needed but was not returned in this run`);
    this.what = what;
  }
}
