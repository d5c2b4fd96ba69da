import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import common from 'oci-common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiKeyIdentity } from '../../../emulator/auth/api-key-identity.js';
import { InvalidOciProfileNameError, OciConfigFileExistsError, writeOciConfigFiles } from '../../../emulator/config-writer.js';
import { nextPooledKeyPair } from '../../support/key-pool.js';

const { privateKeyPem } = nextPooledKeyPair();
const identity: ApiKeyIdentity = {
  tenancyId: 'ocid1.tenancy.oc1..t',
  userId: 'ocid1.user.oc1..u',
  fingerprint: 'cd:25:2e:88:6b:8c:71:74:a3:91:85:8a:73:c8:62:fd',
  privateKeyPem,
  keyId: 'ocid1.tenancy.oc1..t/ocid1.user.oc1..u/cd:25:2e:88:6b:8c:71:74:a3:91:85:8a:73:c8:62:fd',
};

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cgr-config-writer-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeOciConfigFiles', () => {
  it('writes the key and the config with mode 0600, readable by the SDK’s ConfigFile provider', async () => {
    // Act
    const files = await writeOciConfigFiles(dir, identity, { profile: 'EMULATOR', region: 'us-ashburn-1' });

    // Assess
    expect((await stat(files.keyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(files.configFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(files.keyFile, 'utf8')).toBe(privateKeyPem);
    const provider = new common.ConfigFileAuthenticationDetailsProvider(files.configFile, 'EMULATOR');
    expect(await provider.getKeyId()).toBe(identity.keyId);
    expect(provider.getRegion().regionId).toBe('us-ashburn-1');
    expect(files).toMatchObject({
      profile: 'EMULATOR',
      tenancyId: identity.tenancyId,
      userId: identity.userId,
      fingerprint: identity.fingerprint,
    });
  });

  it('replaces the files of an earlier run in the same directory', async () => {
    // Prepare
    await writeOciConfigFiles(dir, identity, { profile: 'DEFAULT', region: 'us-ashburn-1' });
    const next = { ...identity, fingerprint: '00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff' };

    // Act
    const files = await writeOciConfigFiles(dir, next, { profile: 'DEFAULT', region: 'us-phoenix-1' });

    // Assess
    const config = await readFile(files.configFile, 'utf8');
    expect(config).toContain('fingerprint=00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff');
    expect(config).toContain('region=us-phoenix-1');
    expect((await stat(files.configFile)).mode & 0o777).toBe(0o600);
  });

  it('refuses to overwrite a config file it did not write, and leaves it as it was', async () => {
    // Prepare
    const foreign = '[DEFAULT]\nuser=ocid1.user.oc1..real\n';
    await writeFile(join(dir, 'config'), foreign);

    // Act
    const write = writeOciConfigFiles(dir, identity, { profile: 'DEFAULT', region: 'us-ashburn-1' });

    // Assess
    await expect(write).rejects.toThrow(OciConfigFileExistsError);
    expect(await readFile(join(dir, 'config'), 'utf8')).toBe(foreign);
  });

  it.each(['', 'A B', 'X]\nuser=evil', '[DEFAULT'])('refuses the profile name %j', async (profile) => {
    // Act
    const write = writeOciConfigFiles(dir, identity, { profile, region: 'us-ashburn-1' });

    // Assess
    await expect(write).rejects.toThrow(InvalidOciProfileNameError);
  });

  it("refuses ADMIN as the operator profile's name when it also writes the administrator's", async () => {
    // Act
    const write = writeOciConfigFiles(dir, identity, { profile: 'ADMIN', region: 'us-ashburn-1', admin: identity });

    // Assess
    await expect(write).rejects.toThrow(InvalidOciProfileNameError);
    await expect(readFile(join(dir, 'config'), 'utf8')).rejects.toThrow();
  });
});
