import type { CredentialType } from '../domain/credential-type.js';
import { ResponderError } from './responder-error.js';

export interface RotationStepErrorDetails {
  /** The rotation step that failed, e.g. `store-pending`. */
  step: string;
  credentialType: CredentialType;
  /** The credential or secret the step worked on, when there is one. */
  resourceId: string | null;
  /** Whether a replay of the event can finish the rotation. */
  retryable: boolean;
  /** What went wrong, in one line; never a secret value. */
  detail: string;
}

/** A rotation step could not complete; what state it left behind is the engine's report. */
export class RotationStepError extends ResponderError {
  override name = 'RotationStepError';
  readonly step: string;
  readonly credentialType: CredentialType;
  readonly resourceId: string | null;

  constructor(details: RotationStepErrorDetails, options?: ErrorOptions) {
    const target = details.resourceId ? ` on ${details.resourceId}` : '';
    super(`${details.credentialType} rotation step ${details.step}${target} failed: ${details.detail}`, {
      ...options,
      retryable: details.retryable,
    });
    this.step = details.step;
    this.credentialType = details.credentialType;
    this.resourceId = details.resourceId;
  }
}
