import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { doctorCommand } from '../../../cli/commands/doctor.js';
import type { DoctorCheck } from '../../../cli/doctor/doctor-checks.js';
import { generatePolicy } from '../../../cli/policy/least-privilege-policy.js';
import { createOciEmulator, createSampleTenancy, type OciEmulator } from '../../../emulator/index.js';
import { SERVICE_MODULES } from '../../../emulator/services/index.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import type { EmulatorState } from '../../../emulator/state/types.js';
import { OPERATOR_POLICY_INPUTS, OPERATOR_POLICY_NAME, withPolicyStatements } from '../../support/policy.js';
import { pooledKeyPair } from '../../support/key-pool.js';

// `cg-responder doctor` against the emulator, signing as the operator whose group holds the
// generated policy (plus the doctor's reads): all checks pass; with any one statement removed,
// the check that needs it fails and its fix names that exact statement.

const ROUTED = new Set(SERVICE_MODULES.flatMap((module) => module.routes.map((route) => route.operation)));
let emulator: OciEmulator | null = null;
let dir: string | null = null;
afterEach(async () => {
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  emulator = null;
  dir = null;
});

async function doctor(state: EmulatorState, extra: string[] = []): Promise<{ code: number; checks: DoctorCheck[]; stderr: string }> {
  emulator = await createOciEmulator({ state, keyPairs: pooledKeyPair });
  dir = await mkdtemp(join(tmpdir(), 'cgr-doctor-'));
  const files = await emulator.writeOciConfig(dir);
  const out: string[] = [];
  const err: string[] = [];
  const code = await doctorCommand.run(
    [
      '--config-file',
      files.configFile,
      '--endpoint',
      emulator.url,
      '--topic',
      sampleIds.topic,
      '--allowed-vaults',
      sampleIds.vault,
      '--json',
      ...extra,
    ],
    { stdout: { write: (text: string) => out.push(text) }, stderr: { write: (text: string) => err.push(text) } },
  );
  return { code, checks: (JSON.parse(out.join('')) as { checks: DoctorCheck[] }).checks, stderr: err.join('') };
}

const expectedOk = (name: string): boolean =>
  name === 'home-region' ? ROUTED.has('ListRegionSubscriptions') : name === 'reporting-region' ? ROUTED.has('GetConfiguration') : true;

describe('cg-responder doctor against the emulator', () => {
  it('passes every check on the sample tenancy (those whose operation this emulator serves)', async () => {
    // Act
    const { code, checks } = await doctor(createSampleTenancy());

    // Assess
    expect(checks.map((check) => check.name)).toEqual([
      'function-config',
      'home-region',
      'topic',
      `vault ${sampleIds.vault}`,
      'cloud-guard',
      'reporting-region',
      'object-storage-namespace',
      'user-credentials',
    ]);
    for (const check of checks) expect(check.ok, `${check.name}: ${check.detail}`).toBe(expectedOk(check.name));
    for (const check of checks.filter((candidate) => candidate.ok)) expect(check.fix).toBeNull();
    expect(code).toBe(checks.every((check) => check.ok) ? 0 : 1);
    expect(checks.find((check) => check.name === 'topic')?.detail).toContain('EMAIL secops@example.com');
  });

  const statements = generatePolicy(OPERATOR_POLICY_INPUTS).entries.filter((entry) => entry.enabled);
  const DETECTS: Array<[operation: string, check: string]> = [
    ['ListApiKeys', 'user-credentials'],
    ['ListRegionSubscriptions', 'home-region'],
    ['GetSecret', `vault ${sampleIds.vault}`],
    ['ListSecretVersions', `vault ${sampleIds.vault}`],
    ['GetProblem', 'cloud-guard'],
    ['GetConfiguration', 'reporting-region'],
    ['GetTopic', 'topic'],
    ['ListSubscriptions', 'topic'],
    ['GetNamespace', 'object-storage-namespace'],
  ];
  const CASES = DETECTS.filter(([operation]) => ROUTED.has(operation)).map(([operation, check]) => {
    const entry = statements.find((candidate) => candidate.operations.includes(operation));
    if (!entry) throw new Error(`no statement covers ${operation}`);
    return [check, entry.statement] as const;
  });

  it.each(CASES)('fails %s, exit 1, naming the statement when "%s" is removed', async (checkName, statement) => {
    // Prepare
    const state = withPolicyStatements(
      OPERATOR_POLICY_NAME,
      generatePolicy(OPERATOR_POLICY_INPUTS).statements.filter((candidate) => candidate !== statement),
    );

    // Act
    const { code, checks } = await doctor(state);

    // Assess
    expect(code).toBe(1);
    const failed = checks.find((check) => check.name === checkName);
    expect(failed?.ok).toBe(false);
    expect(failed?.fix).toContain(`Add to the policy of group cg-responder-operators: ${statement}.`);
    // Without readable problems the doctor also has no user to check, unless --user names one.
    const alsoFailing = checkName === 'cloud-guard' ? ['user-credentials'] : [];
    expect(checks.filter((check) => !check.ok && expectedOk(check.name)).map((check) => check.name)).toEqual([checkName, ...alsoFailing]);
  });

  it('cannot see statements only writes, secret values or publishing use, and says it does not try them', async () => {
    // Prepare
    const writeOnly = statements.filter((entry) =>
      /manage users|read secret-bundles|ONS_TOPIC_PUBLISH|service cloudEvents/.test(entry.statement),
    );
    const state = withPolicyStatements(
      OPERATOR_POLICY_NAME,
      generatePolicy(OPERATOR_POLICY_INPUTS).statements.filter((candidate) => !writeOnly.some((entry) => entry.statement === candidate)),
    );

    // Act
    const { checks } = await doctor(state);

    // Assess
    expect(writeOnly).toHaveLength(4);
    expect(checks.filter((check) => !check.ok && expectedOk(check.name))).toEqual([]);
    expect(doctorCommand.usage).toContain('What cannot be\ntried without a change is not tried');
  });

  it('fails the topic check with the confirmation step while the email subscription is PENDING', async () => {
    // Prepare
    const state = createSampleTenancy();
    state.topics[0]!.subscriptions![0]!.lifecycleState = 'PENDING';

    // Act
    const { code, checks } = await doctor(state);

    // Assess
    expect(code).toBe(1);
    expect(checks.find((check) => check.name === 'topic')).toMatchObject({ ok: false, fix: expect.stringContaining('confirmation email') });
  });

  it('fails the config check when no vault or compartment scopes the Function, and answers 2 for a usage error', async () => {
    // Act
    emulator = await createOciEmulator({ keyPairs: pooledKeyPair });
    dir = await mkdtemp(join(tmpdir(), 'cgr-doctor-'));
    const files = await emulator.writeOciConfig(dir);
    const out: string[] = [];
    const io = { stdout: { write: (text: string) => out.push(text) }, stderr: { write: () => undefined } };
    const code = await doctorCommand.run(
      ['--config-file', files.configFile, '--endpoint', emulator.url, '--topic', sampleIds.topic, '--json'],
      io,
    );
    const usage = doctorCommand.run(['--config-file', files.configFile, '--endpoint', 'not a url'], io);

    // Assess
    expect(code).toBe(1);
    const config = (JSON.parse(out.join('')) as { checks: DoctorCheck[] }).checks.find((check) => check.name === 'function-config');
    expect(config).toMatchObject({ ok: false, fix: expect.stringContaining('CGR_ALLOWED_VAULT_OCIDS') });
    await expect(usage).rejects.toThrow(/--endpoint must be a base URL/);
  });
});
