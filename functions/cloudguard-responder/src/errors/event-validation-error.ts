import { ResponderError } from './responder-error.js';

/**
 * An event that cannot be processed as it is. `field` is the JSON Pointer of the offending
 * value (e.g. `/data/additionalDetails/problemAdditionalDetails/comments`), or null when the
 * input is not JSON at all. The message names the field and what was expected, never the value.
 */
export class EventValidationError extends ResponderError {
  override name = 'EventValidationError';
  readonly field: string | null;

  constructor(field: string | null, message: string, options?: ErrorOptions) {
    super(message, { ...options, retryable: false });
    this.field = field;
  }
}
