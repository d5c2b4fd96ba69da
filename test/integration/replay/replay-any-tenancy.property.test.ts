import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../support/cli.js';
import { MUTATIONS, wellFormedEvent } from '../../support/remediated-event-arbitraries.js';

/**
 * Events nobody here chose: generated over every realm and region the OCI SDK registers, fresh
 * tenancies, users and secrets, and closure comments written every way the grammar allows. Each
 * case is one `cg-responder replay` in this process (its own embedded emulator), as a user would
 * run it. The run count keeps `npm test` near a minute; CGR_PROPERTY_RUNS raises it and
 * CGR_PROPERTY_SEED replays a failing seed, which fast-check prints with the counterexample.
 * A failure is reported at once, unshrunk (each shrink step is a replay); CGR_PROPERTY_SHRINK=1
 * shrinks it, best with that seed.
 */
const RUNS = Number(process.env['CGR_PROPERTY_RUNS'] ?? 12);
const SEED =
  process.env['CGR_PROPERTY_SEED'] === undefined ? Date.now() ^ (Math.random() * 0x7fffffff) : Number(process.env['CGR_PROPERTY_SEED']);

interface ReplayedOutcome {
  status: string;
  reason?: string;
  credential: { newId: string | null };
}

describe('replay of a captured event from any tenancy, region and realm', () => {
  let dir: string;
  let count = 0;

  const replay = async (event: Record<string, unknown>): Promise<{ code: number; outcome: ReplayedOutcome; stderr: string }> => {
    count += 1;
    const file = join(dir, `event-${count}.json`);
    await writeFile(file, JSON.stringify(event));
    const result = await runCliInProcess(['replay', file, '--json']);
    return {
      code: result.code,
      outcome: JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as ReplayedOutcome,
      stderr: result.stderr,
    };
  };

  /** fast-check's own report names the seed and the shrunk counterexample; the seed is repeated here so it is never lost. */
  const check = async <Ts extends [unknown, ...unknown[]]>(property: fc.IAsyncProperty<Ts>, runs: number): Promise<void> => {
    try {
      await fc.assert(property, { numRuns: runs, seed: SEED, endOnFailure: process.env['CGR_PROPERTY_SHRINK'] !== '1' });
    } catch (error) {
      throw new Error(
        `property failed with seed ${SEED} (rerun with CGR_PROPERTY_SEED=${SEED})\n${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cgr-property-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('rotates every well-formed remediated event, whatever its tenancy, region, realm, user and comment', async () => {
    await check(
      fc.asyncProperty(wellFormedEvent(), async (generated) => {
        // Act
        const { code, outcome, stderr } = await replay(generated.event);

        // Assess
        expect(outcome.status, `${outcome.reason ?? ''} ${stderr}`).toBe('rotated');
        expect(code).toBe(0);
        const newId = outcome.credential.newId ?? '';
        // A new auth token's OCID is minted in the event's own realm.
        if (generated.problemName === 'AUTH_TOKEN_TOO_OLD') expect(newId.split('.')[2]).toBe(generated.region.realmId);
      }),
      RUNS,
    );
  }, 120_000);

  it('refuses a remediated event with one field broken, naming that field, and changes nothing', async () => {
    await check(
      fc.asyncProperty(wellFormedEvent(), fc.integer({ min: 0, max: MUTATIONS.length - 1 }), async (generated, index) => {
        // Prepare
        const mutation = MUTATIONS[index];
        const broken = mutation?.apply(generated) ?? MUTATIONS[0]?.apply(generated);
        if (!broken) throw new Error('no mutation applies');

        // Act
        const { code, outcome } = await replay(broken.event);

        // Assess
        expect(outcome.status).toBe('refused');
        expect(outcome.reason).toContain(broken.names);
        expect(outcome.credential.newId).toBeNull();
        expect(code).toBe(1);
      }),
      Math.max(8, RUNS * 2),
    );
  }, 120_000);
});
