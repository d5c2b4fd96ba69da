import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOciEmulator, createSampleTenancy } from '../../../emulator/index.js';
import { provisionForEvent } from '../../../cli/replay/provision.js';
import { standInTenancy } from '../../../cli/replay/stand-in-tenancy.js';
import { parseEvent } from '../../../functions/cloudguard-responder/src/index.js';
import { instantTenancy } from '../../support/instant-tenancy.js';
import { pooledKeyPair } from '../../support/key-pool.js';
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

  it('rotates each of the four credential types of a US Government (oc3) tenancy in its own stand-in tenancy, and a redelivery rotates nothing', async () => {
    // Prepare
    const files = await Promise.all(
      SAMPLES.map((sample) =>
        write(`oc3-${sample}`, foreignEvent(sample, { realm: 'oc3', regionId: 'us-gov-phoenix-1', regionKey: 'tus' })),
      ),
    );

    // Act: the auth token's event delivered a second time at the end.
    const result = await runCliInProcess(['replay', ...files, files[1] ?? '']);

    // Assess
    expect(result.stdout.match(/Outcome {5}ROTATED/g)).toHaveLength(4);
    expect(result.stdout.match(/Outcome {5}ALREADY ROTATED \(nothing done\)/g)).toHaveLength(1);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /stand-in tenancy ocid1\.tenancy\.oc3\.\.\S+ \(realm oc3, home and Cloud Guard reporting region us-gov-phoenix-1, namespace [a-z0-9]{12}\)/,
    );
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
    const files = await Promise.all(
      places.map((place) => write(`${place.realm}.json`, foreignEvent('problem-remediated.auth-token-too-old.json', place))),
    );

    // Act
    const result = await runCliInProcess(['replay', ...files, '--json']);

    // Assess
    const outcomes = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Outcome);
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
    for (const policy of state.iam.policies)
      policy.statements = policy.statements.map((statement) => statement.replace('use cloud-guard-problems', 'read cloud-guard-problems'));
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

  it('plans, read-only, the rotation of an oc3 event against a tenancy of that realm served at --endpoint', async () => {
    // Prepare: an oc3 tenancy (the stand-in a replay would make) served by an emulator in this process.
    const text = foreignEvent('problem-remediated.auth-token-too-old.json', {
      realm: 'oc3',
      regionId: 'us-gov-phoenix-1',
      regionKey: 'tus',
    });
    const intake = parseEvent(text);
    if (intake.kind !== 'accepted') throw new Error('the foreign event must be accepted');
    const { state } = standInTenancy(instantTenancy(), intake.request, new Date());
    provisionForEvent(state, intake.request, new Date());
    const tenancy = await createOciEmulator({ state, keyPairs: pooledKeyPair });
    const config = await tenancy.writeOciConfig(dir, { profile: 'OC3', region: 'us-gov-phoenix-1' });
    const before = tenancy.getState();
    const file = await write('oc3-dry-run.json', text);

    // Act
    const result = await runCliInProcess([
      'replay',
      file,
      '--against',
      'dry-run',
      '--config-file',
      config.configFile,
      '--profile',
      'OC3',
      '--endpoint',
      tenancy.url,
      '--topic',
      state.topics[0]?.id ?? '',
    ]);
    const after = tenancy.getState();
    await tenancy.close();

    // Assess
    expect(result.stdout).toContain('Outcome     ROTATED');
    expect(result.stdout).toContain('Plan (dry run: these writes were NOT sent):');
    expect(result.stdout).toMatch(/> CreateAuthToken POST \/20160918\/users\/ocid1\.user\.oc3\.\./);
    expect(after).toEqual(before);
    expect(result.code).toBe(0);
  });
});
