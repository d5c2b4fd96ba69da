import { ResponderError } from './responder-error.js';

/**
 * An OCI call succeeded but its answer lacks what the documented response always holds (a
 * secret bundle without Base64 content, a tenancy without a home region). Carries the
 * operation and the OCID it was about; the message never holds a response body.
 */
export class UnexpectedResponseError extends ResponderError {
  override name = 'UnexpectedResponseError';
  readonly operation: string;
  readonly resourceId: string;

  constructor(details: { operation: string; resourceId: string; detail: string }, options?: ErrorOptions) {
    super(`${details.operation} of ${details.resourceId} ${details.detail}`, options);
    this.operation = details.operation;
    this.resourceId = details.resourceId;
  }
}
