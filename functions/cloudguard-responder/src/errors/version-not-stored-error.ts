import { ResponderError } from './responder-error.js';

/**
 * The write of a secret version could not be confirmed. `definitelyAbsent` is true only when
 * Vault answered the write (with an error) AND a successful read afterwards shows no version of
 * this name: then, and only then, may the caller treat the value as stored nowhere.
 */
export class VersionNotStoredError extends ResponderError {
  override name = 'VersionNotStoredError';
  readonly secretId: string;
  readonly versionName: string;
  readonly definitelyAbsent: boolean;

  constructor(details: { secretId: string; versionName: string; definitelyAbsent: boolean }, options?: ErrorOptions) {
    super(
      details.definitelyAbsent
        ? `Vault refused version ${details.versionName} of ${details.secretId}`
        : `version ${details.versionName} of ${details.secretId} could not be confirmed stored`,
      { ...options, retryable: true },
    );
    this.secretId = details.secretId;
    this.versionName = details.versionName;
    this.definitelyAbsent = details.definitelyAbsent;
  }
}
