import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import common from 'oci-common';
import { afterEach, describe, expect, it } from 'vitest';
import { createOciEmulator, type OciEmulator } from '../../../emulator/index.js';
import sampleIds from '../../../emulator/state/sample-ids.json' with { type: 'json' };
import { clientsAt, ociFailure } from '../../support/emulator.js';
import { pooledKeyPair } from '../../support/key-pool.js';
import { OPERATOR_POLICY_NAME, withPolicyStatements } from '../../support/policy.js';

// The config the emulator writes has the operator's least-privilege profile and an ADMIN profile
// for a person trying the emulator with the OCI CLI or SDK without writing policy.

/** An emulator of `state` and a fresh config directory for it, both removed after each test. */
const opened: Array<{ emulator: OciEmulator; dir: string }> = [];
afterEach(async () => {
  for (const { emulator, dir } of opened.splice(0)) {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
});

async function openEmulator(options: Parameters<typeof createOciEmulator>[0]): Promise<{ emulator: OciEmulator; dir: string }> {
  const entry = {
    emulator: await createOciEmulator({ keyPairs: pooledKeyPair, ...options }),
    dir: await mkdtemp(join(tmpdir(), 'cgr-admin-')),
  };
  opened.push(entry);
  return entry;
}

function clientsFor(configFile: string, profile: string, url: string) {
  return clientsAt(url, new common.ConfigFileAuthenticationDetailsProvider(configFile, profile));
}

describe('the OCI config the emulator writes', () => {
  it('signs as the administrator with --profile ADMIN, allowed what the operator’s policy does not grant', async () => {
    // Prepare: an operator whose policy grants nothing.
    const { emulator, dir } = await openEmulator({ state: withPolicyStatements(OPERATOR_POLICY_NAME, []) });
    const files = await emulator.writeOciConfig(dir);

    // Act
    const asOperator = await ociFailure(
      clientsFor(files.configFile, files.profile, emulator.url).identity.getUser({ userId: sampleIds.alice }),
    );
    const asAdmin = await clientsFor(files.configFile, 'ADMIN', emulator.url).identity.getUser({ userId: sampleIds.alice });

    // Assess
    expect([asOperator.statusCode, asOperator.serviceCode]).toEqual([404, 'NotAuthorizedOrNotFound']);
    expect(asAdmin.user.id).toBe(sampleIds.alice);
    expect(files.admin?.profile).toBe('ADMIN');
    expect(await readFile(files.configFile, 'utf8')).toMatch(/^\[DEFAULT\][\s\S]*^\[ADMIN\]$/m);
  });

  it('adds the administrator once, however often the config is written', async () => {
    // Prepare
    const { emulator, dir } = await openEmulator({});

    // Act
    await emulator.writeOciConfig(dir);
    await emulator.writeOciConfig(dir);

    // Assess
    const state = emulator.getState();
    expect(state.users.filter((user) => user.name === 'cg-responder-emulator-admin')).toHaveLength(1);
    expect(state.iam?.groups.filter((group) => group.name === 'Administrators')).toEqual([
      expect.objectContaining({ memberIds: [expect.any(String)] }),
    ]);
    expect(
      state.iam?.policies.filter((policy) => policy.statements.includes('Allow group Administrators to manage all-resources in tenancy')),
    ).toHaveLength(1);
  });
});
