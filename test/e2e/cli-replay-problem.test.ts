import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudGuardClient } from 'oci-cloudguard';
import common from 'oci-common';
import { VaultsClient } from 'oci-vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };
import { builtBundles } from '../support/built-bundles.js';
import { runCliInProcess } from '../support/cli.js';
import { startStandaloneEmulator, type StandaloneEmulator } from '../support/standalone-emulator.js';

interface Outcome {
  status: string;
  reason?: string;
  credential: { newId: string | null };
}

describe("cg-responder replay --problem: the event rebuilt from Cloud Guard's own record", () => {
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'cgr-problem-'));
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('rotates a resolved problem of the embedded emulator and says the event was rebuilt, and from what', async () => {
    // Act
    const result = await runCliInProcess(['replay', '--problem', sampleIds.probAuth]);

    // Assess
    expect(result.stdout).toContain(`▶ problem ${sampleIds.probAuth}`);
    expect(result.stdout).toContain("Event       rebuilt (no captured event was given) from Cloud Guard's own record:");
    expect(result.stdout).toContain(`* GetProblem ${sampleIds.probAuth}: AUTH_TOKEN_TOO_OLD, now RESOLVED, user ${sampleIds.alice}`);
    expect(result.stdout).toContain('* ListProblemHistories: the latest RESOLVE');
    expect(result.stdout).toContain('* closure comment: the one recorded with that RESOLVE');
    expect(result.stdout).toContain('Outcome     ROTATED');
    expect(result.code).toBe(0);
  });

  it("uses --comment instead of the recorded closure comment, and the responder still holds it to Cloud Guard's", async () => {
    // Act: a comment naming another secret than the one SecOps recorded.
    const result = await runCliInProcess([
      'replay',
      '--problem',
      sampleIds.probAuth,
      '--comment',
      `auth_secret_ocid:${sampleIds.secretSchedAuth}`,
      '--json',
    ]);

    // Assess
    const outcome = JSON.parse(result.stdout.trim()) as Outcome;
    expect(outcome.status).toBe('refused');
    expect(outcome.reason).toContain('has a closure comment that names other secrets than the event');
    expect(result.code).toBe(1);
  });

  it('says which problem Cloud Guard does not know, exit 1, in two lines', async () => {
    // Act
    const unknown = sampleIds.probAuth.replace(/.$/, (last) => (last === 'a' ? 'b' : 'a'));
    const result = await runCliInProcess(['replay', '--problem', unknown]);

    // Assess
    expect(result.stderr).toContain(`cg-responder replay: Cloud Guard has no problem ${unknown}`);
    expect(result.stderr.trim().split('\n')).toHaveLength(2);
    expect(result.code).toBe(1);
  });

  it('refuses --comment without --problem, and a --problem that is not a problem OCID, as usage errors', async () => {
    // Act
    const comment = await runCliInProcess(['replay', 'event.json', '--comment', 'x']);
    const notProblem = await runCliInProcess(['replay', '--problem', sampleIds.alice]);

    // Assess
    expect(comment.stderr).toContain('--comment applies to --problem only');
    expect(notProblem.stderr).toContain(`--problem must be a Cloud Guard problem OCID`);
    expect([comment.code, notProblem.code]).toEqual([2, 2]);
  });

  describe('against a standalone emulator (a tenancy in another process)', () => {
    let tenancy: StandaloneEmulator;
    let cloudGuard: CloudGuardClient;
    let vaults: VaultsClient;
    const target = (): string[] => [
      '--config-file',
      tenancy.configFile,
      '--profile',
      tenancy.profile,
      '--endpoint',
      tenancy.endpoint,
      '--identity-region',
      'us-ashburn-1',
      '--topic',
      sampleIds.topic,
    ];

    beforeAll(async () => {
      tenancy = await startStandaloneEmulator(builtBundles().cliOut, await mkdtemp(join(workDir, 'tenancy-')));
      const provider = new common.ConfigFileAuthenticationDetailsProvider(tenancy.configFile, tenancy.profile);
      cloudGuard = new CloudGuardClient({ authenticationDetailsProvider: provider });
      cloudGuard.endpoint = tenancy.endpoint;
      vaults = new VaultsClient({ authenticationDetailsProvider: provider });
      vaults.endpoint = tenancy.endpoint;
    });

    afterAll(() => {
      tenancy.stop();
    });

    it('plans the rotation of a resolved problem in a dry run, writing nothing', async () => {
      // Prepare
      const before = await (await fetch(`${tenancy.endpoint}/_emulator/state`)).json();

      // Act
      const result = await runCliInProcess(['replay', '--problem', sampleIds.probApi, '--against', 'dry-run', ...target()]);
      const after = await (await fetch(`${tenancy.endpoint}/_emulator/state`)).json();

      // Assess
      expect(result.stdout).toContain('Event       rebuilt (no captured event was given)');
      expect(result.stdout).toContain('Plan (dry run: these writes were NOT sent):');
      expect(result.stdout).toMatch(/> UploadApiKey POST \/20160918\/users\//);
      expect(after).toEqual(before);
      expect(result.code).toBe(0);
    });

    it('rotates, live, a problem SecOps resolved without a comment, once --comment names secrets tagged for the user', async () => {
      // Prepare: SecOps reopened the problem and resolved it again without a closure comment.
      for (const status of ['OPEN', 'RESOLVED'] as const) {
        await cloudGuard.updateProblemStatus({ problemId: sampleIds.probSecret, updateProblemStatusDetails: { status: status as never } });
      }
      const comment = `accesskey_secret_ocid:${sampleIds.secretAccess} secretkey_secret_ocid:${sampleIds.secretSecretKey}`;
      const replay = (extra: string[]) =>
        runCliInProcess(['replay', '--problem', sampleIds.probSecret, ...extra, '--against', 'live', ...target()]);

      // Act: without a comment; then with one, before and after the secrets are tagged for alice.
      const withoutComment = await replay(['--json']);
      const untagged = await replay(['--comment', comment, '--json']);
      for (const status of ['OPEN', 'RESOLVED'] as const) {
        await cloudGuard.updateProblemStatus({ problemId: sampleIds.probSecret, updateProblemStatusDetails: { status: status as never } });
      }
      for (const secretId of [sampleIds.secretAccess, sampleIds.secretSecretKey]) {
        await vaults.updateSecret({ secretId, updateSecretDetails: { freeformTags: { 'cg-responder-user': sampleIds.alice } } });
      }
      const tagged = await replay(['--comment', comment]);

      // Assess: a comment given here binds no secret to the user; Cloud Guard's record, a tag or an allow-list does.
      expect((JSON.parse(withoutComment.stdout.trim()) as Outcome).reason).toContain('missing "accesskey_secret_ocid"');
      expect((JSON.parse(untagged.stdout.trim()) as Outcome).reason).toContain('is not bound to user');
      expect(tagged.stdout).toContain('* closure comment: given with --comment (Cloud Guard recorded none');
      expect(tagged.stdout).toContain('Outcome     ROTATED');
      expect(tagged.code).toBe(0);
    });
  });
});
