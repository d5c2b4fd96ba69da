import sample from './sample-tenancy.json' with { type: 'json' };
import type { EmulatorState } from './types.js';

/**
 * The sample tenancy every replay starts from: alice with one API key, auth token, customer
 * secret key and console password; a vault holding the five secrets the bundled events name;
 * the SecOps topic; and five resolved problems (the password twice: with and without a secret to store it in). Stable OCIDs (`sample-ids.json`) so the
 * bundled events line up. The old secret contents are labelled placeholders, not real keys.
 */
export function createSampleTenancy(): EmulatorState {
  return structuredClone(sample) as EmulatorState;
}
