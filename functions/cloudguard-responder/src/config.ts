import { ConfigError } from './errors/config-error.js';
import { findConfigViolation } from './intake/validation.js';
import type { LogLevel } from './log/logger.js';

export interface Config {
  /** CGR_TOPIC_OCID: the ONS topic that reaches SecOps. */
  topicId: string;
  /** CGR_ALLOWED_VAULT_OCIDS; empty: any vault. */
  allowedVaultIds: readonly string[];
  /** CGR_ALLOWED_COMPARTMENT_OCIDS; empty: any compartment. */
  allowedCompartmentIds: readonly string[];
  auth: 'resource_principal' | 'config_file';
  ociConfigFile: string | null;
  ociProfile: string | null;
  /** One base URL for every OCI service (the local emulator); null in OCI. */
  ociEndpoint: string | null;
  /** The home region for IAM writes; null: the Function's own region. */
  identityRegion: string | null;
  logLevel: LogLevel;
  deadlineMarginMs: number;
  apiKeyActivationTimeoutMs: number;
  /** CGR_PROVE_BY_USE: prove new auth tokens and customer secret keys against Object Storage. */
  proveByUse: boolean;
  /** CGR_REOPEN_PROBLEMS: set a problem OPEN again in Cloud Guard when its rotation failed or was refused. */
  reopenProblems: boolean;
  /** CGR_KEEP_PREVIOUS_VERSIONS: previous secret versions kept after a rotation (besides CURRENT and PENDING). */
  keepPreviousVersions: number;
}

const PREFIX = 'CGR_';

// What each key must be, for error messages (the schema's patterns are not for humans).
const EXPECTED: Readonly<Record<string, string>> = {
  CGR_TOPIC_OCID: 'an ONS topic OCID (ocid1.onstopic.<realm>.<region>.<id>), the topic that reaches SecOps',
  CGR_ALLOWED_VAULT_OCIDS: 'a comma-separated list of vault OCIDs (ocid1.vault.…)',
  CGR_ALLOWED_COMPARTMENT_OCIDS: 'a comma-separated list of compartment or tenancy OCIDs',
  CGR_OCI_AUTH: '"resource_principal" (the default) or "config_file"',
  CGR_OCI_CONFIG_FILE: 'the path of an OCI config file',
  CGR_OCI_PROFILE: 'a profile name in the OCI config file',
  CGR_OCI_ENDPOINT: 'a base URL with no path, or with the path /{region}, e.g. http://127.0.0.1:8080/{region}',
  CGR_IDENTITY_REGION: 'a region identifier such as us-ashburn-1',
  CGR_LOG_LEVEL: 'one of debug, info, warn, error',
  CGR_DEADLINE_MARGIN_MS: 'a whole number of milliseconds (at most 7 digits)',
  CGR_API_KEY_ACTIVATION_TIMEOUT_MS: 'a whole number of milliseconds (at most 7 digits)',
  CGR_PROVE_BY_USE: '"true" (the default) or "false" (when the Function cannot reach Object Storage)',
  CGR_REOPEN_PROBLEMS: '"true" (the default) or "false"',
  CGR_KEEP_PREVIOUS_VERSIONS: 'a whole number of versions, 0 to 99 (default 3)',
};

/**
 * Reads the Function's configuration once, at start, against schemas/config.schema.json. Fn
 * passes it as environment variables next to many others, so only `CGR_` keys are read; an
 * unknown `CGR_` key is a typo and is refused, and an empty value counts as unset. Throws a
 * ConfigError naming the key and what it must be, never its value.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Readonly<Config> {
  const ours: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith(PREFIX) && value !== undefined && value.trim() !== '') ours[key] = value.trim();
  }
  const violation = findConfigViolation(ours);
  if (violation) {
    const key = violation.field.slice(1) || 'configuration';
    if (violation.expectation === 'is not an allowed property')
      throw new ConfigError(key, `${key} is not a known setting (a typo?); see the configuration reference in docs/deploy.md.`);
    const expected = EXPECTED[key];
    const verb = violation.expectation === 'is required' ? 'is required' : 'is invalid';
    throw new ConfigError(key, expected ? `${key} ${verb}: it must be ${expected}.` : `${key} ${violation.expectation}.`);
  }

  return Object.freeze({
    topicId: required(ours, 'CGR_TOPIC_OCID'),
    allowedVaultIds: ocidList(ours['CGR_ALLOWED_VAULT_OCIDS']),
    allowedCompartmentIds: ocidList(ours['CGR_ALLOWED_COMPARTMENT_OCIDS']),
    auth: ours['CGR_OCI_AUTH'] === 'config_file' ? 'config_file' : 'resource_principal',
    ociConfigFile: ours['CGR_OCI_CONFIG_FILE'] ?? null,
    ociProfile: ours['CGR_OCI_PROFILE'] ?? null,
    ociEndpoint: ours['CGR_OCI_ENDPOINT']?.replace(/\/$/, '') ?? null,
    identityRegion: ours['CGR_IDENTITY_REGION'] ?? null,
    logLevel: (ours['CGR_LOG_LEVEL'] ?? 'info') as LogLevel,
    deadlineMarginMs: Number(ours['CGR_DEADLINE_MARGIN_MS'] ?? 3_000),
    apiKeyActivationTimeoutMs: Number(ours['CGR_API_KEY_ACTIVATION_TIMEOUT_MS'] ?? 60_000),
    proveByUse: ours['CGR_PROVE_BY_USE'] !== 'false',
    reopenProblems: ours['CGR_REOPEN_PROBLEMS'] !== 'false',
    keepPreviousVersions: Number(ours['CGR_KEEP_PREVIOUS_VERSIONS'] ?? 3),
  } satisfies Config);
}

function required(values: Record<string, string>, key: string): string {
  const value = values[key];
  // The schema requires it; this only satisfies the compiler without a cast.
  if (value === undefined) throw new ConfigError(key, `${key} is required.`);
  return value;
}

function ocidList(value: string | undefined): readonly string[] {
  return Object.freeze(value ? [...new Set(value.split(',').map((item) => item.trim()))] : []);
}
