import { test } from 'vitest';
import type { EmulatorState, OciEmulatorOptions } from '../../emulator/index.js';
import { startEmulatorHarness, type EmulatorHarness } from './emulator.js';

/** The file's emulator, its SDK clients and the state every test starts from. */
export interface EmulatorFixture extends EmulatorHarness {
  /** The state each test starts from (secret contents included). */
  readonly baseline: EmulatorState;
}

export interface EmulatorFixtureOptions extends OciEmulatorOptions {
  /** Adjusts the starting state once per file (settings, extra users…); it becomes the baseline. */
  prepare?: (state: EmulatorState) => void;
}

/**
 * `it` with an `emulator` fixture: one emulator per test file (starting one costs an RSA key
 * pair and a port), put back to the baseline state, with no calls recorded and no faults left,
 * before each test. Replaces the beforeAll / afterAll / reset boilerplate each emulator test
 * file used to carry:
 *
 *   const it = emulatorTest(() => ({ state: createSampleTenancy() }));
 *   it('…', async ({ emulator }) => { await emulator.clients.identity.getUser(…) });
 */
export function emulatorTest(options: () => EmulatorFixtureOptions = () => ({})) {
  return test.extend<{ $test: { emulator: EmulatorFixture }; $file: { emulatorOfFile: EmulatorFixture } }>({
    emulatorOfFile: [
      // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from this destructuring; this one has none.
      async ({}, use) => {
        const { prepare, ...emulatorOptions } = options();
        const harness = await startEmulatorHarness(emulatorOptions);
        const baseline = harness.emulator.getState({ includeSecretContent: true });
        prepare?.(baseline);
        try {
          await use({ ...harness, baseline });
        } finally {
          await harness.close();
        }
      },
      { scope: 'file' },
    ],
    emulator: async ({ emulatorOfFile }, use) => {
      emulatorOfFile.emulator.setState(emulatorOfFile.baseline);
      emulatorOfFile.emulator.clearCalls();
      emulatorOfFile.emulator.clearFaults();
      await use(emulatorOfFile);
    },
  });
}
