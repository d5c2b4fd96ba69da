import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest (measured with `npm test` at the end of the last loop, in seconds),
 * started first so that no worker is left with a 20 s file at the end. vitest's own order needs
 * its duration cache, which a clean clone (and CI) does not have: it then sorts by file size, and
 * the four fault-matrix files, a few lines each, came last.
 */
const SLOWEST_FIRST = [
  'test/e2e/cli-replay.test.ts', // 20 s
  'test/integration/safety/fault-matrix.api-key.test.ts', // 20 s
  'test/integration/safety/fault-matrix.customer-secret-key.test.ts', // 16 s
  'test/e2e/emulator-cli.test.ts', // 15 s
  'test/e2e/events-replay.test.ts', // 14 s
  'test/integration/safety/concurrent-deliveries.test.ts', // 12 s
  'test/integration/safety/fault-matrix.auth-token.test.ts', // 12 s
  'test/e2e/burst.test.ts', // 9 s
  'test/integration/safety/deadlines.test.ts', // 8 s
  'test/integration/replay/replay-any-tenancy.property.test.ts', // 7 s
  'test/integration/safety/fault-matrix.ui-password.test.ts', // 7 s
  'test/integration/scheduled/scheduled-steps.test.ts', // 7 s
  'test/e2e/cli-rotate-secret.test.ts', // 7 s
];

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification): number => {
      const index = SLOWEST_FIRST.indexOf(relative(process.cwd(), file.moduleId).split('\\').join('/'));
      return index === -1 ? SLOWEST_FIRST.length : index;
    };
    return sorted
      .map((file, position) => ({ file, position }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.position - b.position)
      .map(({ file }) => file);
  }
}
