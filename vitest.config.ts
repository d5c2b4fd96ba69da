import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/support/slow-first-sequencer.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Set-up key pairs and the two bundles, made once per run and shared by every worker.
    globalSetup: ['./test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // The OCI SDK retries and back-offs are configured per test; a generous ceiling keeps
    // a slow 2-core CI machine from flaking while still catching hangs.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Processes, not worker threads: paired whole-suite runs (3 each) found threads no faster
    // (wall ratio 0.98, range 0.81–1.06) at 2.4× the peak memory.
    pool: 'forks',
    // Most test time is waiting on local HTTP servers and child processes, not CPU: three files at
    // once keep both cores busy (vitest's default on 2 cores is one file at a time).
    maxWorkers: 3,
    // Each worker keeps its module cache from one file to the next (the SDK, the emulator and the
    // responder load once per worker instead of once per file): 220 s → 142 s for the suite. The
    // tests share no module state on purpose: each builds its own emulator, clock and responder.
    isolate: false,
    // The longest files first, also on a clean clone without vitest's duration cache.
    sequence: { sequencer: SlowFirstSequencer },
    // The OCI SDK console.warns every failed or retried call (runtime-notes §2); the tests assert on
    // the outcomes instead, so that noise is dropped from the report.
    onConsoleLog: (log) =>
      !/^(Request failed with Exception|Request cannot be retried|All retry attempts have exhausted|Retry|Total Latency|The request failed)/.test(
        log.trim(),
      ),
  },
});
