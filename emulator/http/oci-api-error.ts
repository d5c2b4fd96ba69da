/**
 * An error the emulator answers with, in OCI's wire shape: the HTTP status plus a
 * `{ code, message }` body. The SDK fills `OciError.serviceCode` only when both are present
 * (oci-behaviour §8), so every error the emulator sends goes through this class.
 */
export class OciApiError extends Error {
  override name = 'OciApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** OCI answers "missing" and "not permitted" with the same 404 by design (oci-behaviour §8). */
export function notFound(what: string): OciApiError {
  return new OciApiError(404, 'NotAuthorizedOrNotFound', `Authorization failed or requested resource not found: ${what}.`);
}

export function invalidParameter(message: string): OciApiError {
  return new OciApiError(400, 'InvalidParameter', message);
}

export function missingParameter(name: string): OciApiError {
  return new OciApiError(400, 'MissingParameter', `Missing required parameter '${name}'.`);
}

export function incorrectState(message: string): OciApiError {
  return new OciApiError(409, 'IncorrectState', message);
}
