import { ResponderError } from './responder-error.js';

/**
 * A name that should be a rotation marker (`cgr-<10 hex>-<12 hex>`) is not one, or a retry token
 * built from a marker would exceed OCI's 64 characters. A programming error, never input from
 * OCI taken on trust: the message shows at most the first 40 characters of the name.
 */
export class InvalidRotationMarkerError extends ResponderError {
  override name = 'InvalidRotationMarkerError';

  constructor(message: string) {
    super(message);
  }
}
