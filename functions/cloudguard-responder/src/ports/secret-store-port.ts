import type { SecretValue } from '../secret-value.js';

export interface SecretInfo {
  id: string;
  name: string;
  vaultId: string;
  compartmentId: string;
  lifecycleState: string;
  isReplica: boolean;
  rotationStatus: string | null;
  /**
   * The function Vault's own rotation of this secret invokes (`rotationConfig.targetSystemDetails`
   * of type FUNCTION); null when the secret has no rotation config or another kind of target.
   */
  rotationFunctionId: string | null;
  /** Free-form tags; `cg-responder-user` binds a secret to one user (checked when present). */
  freeformTags: Readonly<Record<string, string>>;
  currentVersionNumber: number | null;
}

export type SecretStage = 'CURRENT' | 'PENDING' | 'LATEST' | 'PREVIOUS' | 'DEPRECATED';

/** `currentVersionNumber`: the secret's CURRENT version right after the write, as Vault answered it. */
export type AddVersionResult = { kind: 'added'; currentVersionNumber: number | null } | { kind: 'name-taken' };

export interface SecretVersionInfo {
  versionNumber: number;
  name: string | null;
  stages: SecretStage[];
  /** Set once a deletion is scheduled; such versions no longer count toward the cap. */
  timeOfDeletion: string | null;
  /** When Vault made the version; absent or null when it did not say. */
  timeCreated?: string | null;
}

/**
 * Vault secrets (Vault API 20180608 for metadata and writes, Secrets API 20190301 for reads).
 * Every write adds a new Base64 version to an existing secret; nothing here creates a secret.
 */
export interface SecretStorePort {
  getSecret(secretId: string): Promise<SecretInfo>;
  listVersions(secretId: string): Promise<SecretVersionInfo[]>;
  /**
   * UpdateSecret with new content. The version name is unique within a secret, so `name-taken`
   * means a version of that name already exists (an earlier attempt, or another delivery).
   * A secret still UPDATING from an earlier write throws SecretBusyError.
   */
  addVersion(secretId: string, version: { name: string; content: SecretValue; stage: 'CURRENT' | 'PENDING' }): Promise<AddVersionResult>;
  /** UpdateSecret with `currentVersionNumber`: the version becomes CURRENT. */
  promote(secretId: string, versionNumber: number): Promise<void>;
  /** GetSecretBundle by version name; null when the secret has no version of that name. */
  readVersionByName(secretId: string, versionName: string): Promise<{ versionNumber: number; value: SecretValue } | null>;
  /** GetSecretBundle by version number; null when the secret has no such version. */
  readVersionByNumber(secretId: string, versionNumber: number): Promise<{ versionNumber: number; value: SecretValue } | null>;
  /**
   * ScheduleSecretVersionDeletion with Vault's default window. Vault accepts only DEPRECATED
   * versions; the caller chooses which.
   */
  scheduleVersionDeletion(secretId: string, versionNumber: number): Promise<void>;
}
