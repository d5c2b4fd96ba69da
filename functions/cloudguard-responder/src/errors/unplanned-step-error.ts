import { ResponderError } from './responder-error.js';

/** A Vault rotation step reached the planner that is answered without a plan (it only reads). */
export class UnplannedStepError extends ResponderError {
  override name = 'UnplannedStepError';
  readonly step: string;

  constructor(step: string, reason: string) {
    super(`${step} ${reason}`);
    this.step = step;
  }
}
