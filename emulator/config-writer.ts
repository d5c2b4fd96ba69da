import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiKeyIdentity } from './auth/api-key-identity.js';

/** Paths and ids of an OCI config written for the emulator. */
export interface OciConfigFiles {
  configFile: string;
  keyFile: string;
  profile: string;
  tenancyId: string;
  userId: string;
  fingerprint: string;
}

export const OCI_CONFIG_FILE_NAME = 'config';
export const OCI_KEY_FILE_NAME = 'cg-responder-emulator.pem';

/** First line of every config we write: how a later run knows the file is ours to replace. */
const CONFIG_MARKER = '# Written by cg-responder for its local OCI emulator; replaced on the next run.';

/** Profile names become `[NAME]` section headers: no brackets, spaces or line breaks. */
const PROFILE_PATTERN = /^[A-Za-z0-9._-]+$/;

export class OciConfigFileExistsError extends Error {
  override name = 'OciConfigFileExistsError';

  constructor(readonly path: string) {
    super(`${path} exists and was not written by cg-responder; refusing to overwrite it (choose another directory)`);
  }
}

export class InvalidOciProfileNameError extends Error {
  override name = 'InvalidOciProfileNameError';

  constructor(readonly profile: string) {
    super(`OCI config profile names may only use letters, digits, '.', '_' and '-' (got "${profile}")`);
  }
}

/**
 * Writes an OCI config file (`[profile]` with user, fingerprint, tenancy, region, key_file) and
 * the identity's private key into `dir`, both mode 0600 from creation, so that the OCI SDK's
 * `ConfigFileAuthenticationDetailsProvider(configFile, profile)` or the OCI CLI can sign as it.
 *
 * Files from an earlier run are replaced; a `config` someone else wrote (say `--config-dir ~/.oci`)
 * is never overwritten.
 */
export async function writeOciConfigFiles(
  dir: string,
  identity: ApiKeyIdentity,
  options: { profile: string; region: string },
): Promise<OciConfigFiles> {
  if (!PROFILE_PATTERN.test(options.profile)) throw new InvalidOciProfileNameError(options.profile);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const configFile = join(dir, OCI_CONFIG_FILE_NAME);
  const keyFile = join(dir, OCI_KEY_FILE_NAME);
  if (!(await isOursOrAbsent(configFile))) throw new OciConfigFileExistsError(configFile);
  await writePrivateFile(keyFile, identity.privateKeyPem);
  await writePrivateFile(
    configFile,
    [
      CONFIG_MARKER,
      `[${options.profile}]`,
      `user=${identity.userId}`,
      `fingerprint=${identity.fingerprint}`,
      `tenancy=${identity.tenancyId}`,
      `region=${options.region}`,
      `key_file=${keyFile}`,
      '',
    ].join('\n'),
  );
  return { configFile, keyFile, profile: options.profile, tenancyId: identity.tenancyId, userId: identity.userId, fingerprint: identity.fingerprint };
}

async function isOursOrAbsent(path: string): Promise<boolean> {
  try {
    return (await readFile(path, 'utf8')).startsWith(`${CONFIG_MARKER}\n`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/**
 * Created with mode 0600 and O_EXCL before the first byte is written, so the private key is
 * never readable by others, not even for an instant, and a planted symlink is not followed.
 * An earlier file of ours is removed first.
 */
async function writePrivateFile(path: string, content: string): Promise<void> {
  await rm(path, { force: true });
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
}
