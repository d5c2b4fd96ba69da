import { ResponderError } from './responder-error.js';

/** A request could not be signed (its URL names no host); the request is not sent. */
export class RequestSigningError extends ResponderError {
  override name = 'RequestSigningError';
}
