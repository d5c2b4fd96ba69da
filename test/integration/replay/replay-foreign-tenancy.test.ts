import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampleTenancy } from '../../../emulator/index.js';
import { runCliInProcess } from '../../support/cli.js';
import { foreignEvent } from '../../support/foreign-event.js';

const SAMPLES = ['api-key', 'auth-token', 'secret-key', 'password'].map((name) => `problem-remediated.${name}-too-old.json`);

interface Outcome {
  status: string;
  reason?: string;
  problemReopened: boolean;
  credential: { newId: string | null };
}

describe('replay of an event captured in another tenancy', () => {
  let dir: string;

  const write = async (name: string, text: string): Promise<string> => {
    const file = join(dir, name);
    await writeFile(file, text);
    return file;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cgr-foreign-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('rotates each of the four credential types of a US Government (oc3) tenancy in its own stand-in tenancy', async () => {
    // Prepare
    const files = await Promise.all(SAMPLES.map((sample) => write(`oc3-${sample}`, foreignEvent(sample, { realm: 'oc3', regionId: 'us-gov-phoenix-1', regionKey: 'tus' }))));

    // Act
    const result = await runCliInProcess(['replay', ...files]);

    // Assess
    expect(result.stdout.match(/Outcome {5}ROTATED/g)).toHaveLength(4);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/stand-in tenancy ocid1\.tenancy\.oc3\.\.\S+ \(realm oc3, home and Cloud Guard reporting region us-gov-phoenix-1, namespace [a-z0-9]{12}\)/);
    // The auth token and the customer secret key were proven by use against the stand-in's Object Storage.
    expect(result.stdout).toContain('authenticated with Swift (GET /auth/v1.0): authenticated');
    expect(result.stdout).toContain('authenticated with the S3 Compatibility API (AWS Signature V4, ListBuckets): authenticated');
    // New OCIDs are the event's realm's.
    expect(result.stdout).toMatch(/\+ auth token ocid1\.credential\.oc3\.\./);
    expect(result.stdout).not.toMatch(/ocid1\.[a-z]+\.oc1\./);
    // The problem record the replay made up is not passed off as Cloud Guard's confirmation.
    expect(result.stdout).not.toContain('Verified    Cloud Guard confirms');
    expect(result.stdout).toContain("[PROVISIONED by this replay from the event itself: not Cloud Guard's confirmation]");
  });

  it('rotates auth tokens of tenancies in the commercial, government and sovereign realms, one stand-in per tenancy', async () => {
    // Prepare: one event per realm, each its own tenancy, all in one replay.
    const places = [
      { realm: 'oc1', regionId: 'eu-frankfurt-1', regionKey: 'fra', tenancy: 'another commercial tenancy' },
      { realm: 'oc2', regionId: 'us-langley-1', regionKey: 'lfi' },
      { realm: 'oc4', regionId: 'uk-gov-london-1', regionKey: 'ltn' },
      { realm: 'oc8', regionId: 'ap-chiyoda-1', regionKey: 'nja' },
      { realm: 'oc9', regionId: 'me-dcc-muscat-1', regionKey: 'mct' },
      { realm: 'oc10', regionId: 'ap-dcc-canberra-1', regionKey: 'wga' },
    ];
    const files = await Promise.all(places.map((place) => write(`${place.realm}.json`, foreignEvent('problem-remediated.auth-token-too-old.json', place))));

    // Act
    const result = await runCliInProcess(['replay', ...files, '--json']);

    // Assess
    const outcomes = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Outcome);
    expect(outcomes.map((outcome) => `${outcome.status} ${outcome.reason ?? ''}`.trim())).toEqual(places.map(() => 'rotated'));
    expect(outcomes.map((outcome) => outcome.credential.newId?.split('.')[2])).toEqual(places.map((place) => place.realm));
    expect(result.code).toBe(0);
  });

  it('says in the report, not only in --verbose logs, that a failed rotation could not set the problem OPEN again', async () => {
    // Prepare: alice may not hold auth tokens (the rotation is refused) and the operator may not update problems.
    const state = createSampleTenancy();
    const alice = state.users.find((user) => user.name === 'alice@example.com');
    if (!alice || !state.iam) throw new Error('the sample tenancy changed');
    alice.capabilities.canUseAuthTokens = false;
    for (const policy of state.iam.policies) policy.statements = policy.statements.filter((statement) => !statement.includes('CG_PROBLEM_UPDATE'));
    const stateFile = await write('no-reopen.json', JSON.stringify(state));
    const event = join(import.meta.dirname, '..', '..', '..', 'events', 'cloudguard', 'problem-remediated.auth-token-too-old.json');

    // Act
    const result = await runCliInProcess(['replay', event, '--state', stateFile]);

    // Assess
    expect(result.stdout).toContain('Outcome     REFUSED');
    expect(result.stdout).toMatch(/Not done {4}problem could not be set OPEN again; Cloud Guard still shows it RESOLVED \(\S+/);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
  });
});
