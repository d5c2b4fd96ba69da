import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../support/cli.js';
import { foreignEvent } from '../../support/foreign-event.js';

/** The email as the replay prints it: the body lines of the message the emulator's topic received. */
function emailBody(stdout: string): string {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('    | '))
    .join('\n');
}

describe('the email a replay publishes says whose record the problem verification read', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cgr-replay-email-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says the problem record was provisioned by the replay, not confirmed by Cloud Guard, when the replay made it up from the event', async () => {
    // Prepare: an event of an oc3 tenancy the emulator has never seen, so the replay provisions its problem and RESOLVE record.
    const file = join(dir, 'oc3-auth-token.json');
    await writeFile(
      file,
      foreignEvent('problem-remediated.auth-token-too-old.json', { realm: 'oc3', regionId: 'us-gov-phoenix-1', regionKey: 'tus' }),
    );

    // Act
    const result = await runCliInProcess(['replay', file]);

    // Assess
    const body = emailBody(result.stdout);
    expect(result.code).toBe(0);
    expect(body).toContain('Outcome: ROTATED');
    expect(body).toMatch(
      /\| {3}- the emulator's Cloud Guard holds problem ocid1\.cloudguardproblem\.oc3\.tus\.\S+ was resolved by replayed-event at \S+ \[PROVISIONED by this replay from the event itself: not Cloud Guard's confirmation\]/,
    );
    expect(body).not.toContain('Cloud Guard confirms');
  });

  it("keeps Cloud Guard's confirmation when the problem record is the emulated tenancy's own", async () => {
    // Act: the sample tenancy holds this problem and SecOps' RESOLVE record.
    const result = await runCliInProcess(['replay', 'events/cloudguard/problem-remediated.auth-token-too-old.json']);

    // Assess
    const body = emailBody(result.stdout);
    expect(result.code).toBe(0);
    expect(body).toMatch(
      /\| {3}- Cloud Guard confirms problem ocid1\.cloudguardproblem\.oc1\.iad\.\S+ was resolved by secops\.analyst@example\.com at /,
    );
    expect(body).not.toContain('PROVISIONED');
  });

  it('says the same in the --json outcome line: a provisioned record is not presented as Cloud Guard confirming it', async () => {
    // Prepare
    const file = join(dir, 'oc3-auth-token-json.json');
    await writeFile(
      file,
      foreignEvent('problem-remediated.auth-token-too-old.json', { realm: 'oc3', regionId: 'us-gov-phoenix-1', regionKey: 'tus' }),
    );

    // Act
    const result = await runCliInProcess(['replay', file, '--json']);

    // Assess
    const outcome = JSON.parse(result.stdout.trim()) as { status: string; verified: string[] };
    expect(outcome.status).toBe('rotated');
    expect(outcome.verified[0]).toMatch(
      /^the emulator's Cloud Guard holds problem ocid1\.cloudguardproblem\.oc3\.tus\.\S+ .*\[PROVISIONED by this replay/,
    );
    expect(outcome.verified.filter((line) => line.startsWith('Cloud Guard confirms'))).toEqual([]);
  });
});
