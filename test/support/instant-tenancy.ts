import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSampleTenancy, type EmulatorState } from '../../emulator/index.js';

/**
 * The sample tenancy with OCI's waiting windows at zero (CREATING → ACTIVE, a secret UPDATING
 * after a write, Object Storage propagation). For tests across processes (the bundled Function
 * over its Fn socket, the CLI against a standalone emulator), which cannot share a simulated
 * clock with the emulator and would otherwise wait them out in real time. The windows
 * themselves are tested on the shared simulated clock (fault matrix, real-tenancy truths).
 */
export function instantTenancy(): EmulatorState {
  const state = createSampleTenancy();
  state.settings.credentialActivationDelayMs = 0;
  state.settings.secretUpdatingMs = 0;
  state.settings.credentialPropagationMs = 0;
  return state;
}

/** `instantTenancy()` as a file for `cg-responder emulator --state`. */
export async function writeInstantTenancy(dir: string): Promise<string> {
  const file = join(dir, 'instant-tenancy.json');
  await writeFile(file, JSON.stringify(instantTenancy()));
  return file;
}
