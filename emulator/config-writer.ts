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
  /** The administrator's profile (`ADMIN`), when one was written: no policy limits it. */
  admin: { profile: string; userId: string; keyFile: string } | null;
}

export const OCI_CONFIG_FILE_NAME = 'config';
export const OCI_KEY_FILE_NAME = 'cg-responder-emulator.pem';
export const OCI_ADMIN_KEY_FILE_NAME = 'cg-responder-emulator-admin.pem';
export const ADMIN_PROFILE = 'ADMIN';

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
 * With `admin`, a second profile `[ADMIN]` signs as the emulator's administrator, for a person
 * trying the emulator with the OCI CLI or SDK (`--profile ADMIN`) without writing policy.
 *
 * Files from an earlier run are replaced; a `config` someone else wrote (say `--config-dir ~/.oci`)
 * is never overwritten.
 */
export async function writeOciConfigFiles(
  dir: string,
  identity: ApiKeyIdentity,
  options: { profile: string; region: string; admin?: ApiKeyIdentity },
): Promise<OciConfigFiles> {
  if (!PROFILE_PATTERN.test(options.profile)) throw new InvalidOciProfileNameError(options.profile);
  if (options.admin && options.profile === ADMIN_PROFILE)
    throw new InvalidOciProfileNameError(`${options.profile} (reserved for the administrator)`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const configFile = join(dir, OCI_CONFIG_FILE_NAME);
  const keyFile = join(dir, OCI_KEY_FILE_NAME);
  if (!(await isOursOrAbsent(configFile))) throw new OciConfigFileExistsError(configFile);
  await writePrivateFile(keyFile, identity.privateKeyPem);
  const adminKeyFile = join(dir, OCI_ADMIN_KEY_FILE_NAME);
  if (options.admin) await writePrivateFile(adminKeyFile, options.admin.privateKeyPem);
  const section = (profile: string, signer: ApiKeyIdentity, key: string): string[] => [
    `[${profile}]`,
    `user=${signer.userId}`,
    `fingerprint=${signer.fingerprint}`,
    `tenancy=${signer.tenancyId}`,
    `region=${options.region}`,
    `key_file=${key}`,
  ];
  await writePrivateFile(
    configFile,
    [
      CONFIG_MARKER,
      ...section(options.profile, identity, keyFile),
      ...(options.admin ? ['', ...section(ADMIN_PROFILE, options.admin, adminKeyFile)] : []),
      '',
    ].join('\n'),
  );
  return {
    configFile,
    keyFile,
    profile: options.profile,
    tenancyId: identity.tenancyId,
    userId: identity.userId,
    fingerprint: identity.fingerprint,
    admin: options.admin ? { profile: ADMIN_PROFILE, userId: options.admin.userId, keyFile: adminKeyFile } : null,
  };
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
