import { Ajv } from 'ajv';
import schema from '../../../schemas/config.schema.json' with { type: 'json' };
import { ConfigError } from './errors/config-error.js';
import type { LogLevel } from './log/logger.js';

export interface Config {
  topicId: string;
  allowedVaultIds: string[];
  allowedCompartmentIds: string[];
  auth: 'resource_principal' | 'config_file';
  ociConfigFile: string | null;
  ociProfile: string | null;
  /** One base URL for every OCI service (the local emulator); null in OCI. */
  ociEndpoint: string | null;
  identityRegion: string | null;
  logLevel: LogLevel;
  deadlineMarginMs: number;
  apiKeyActivationTimeoutMs: number;
}

const validate = new Ajv({ allErrors: false, strict: true }).compile(schema);

/**
 * Reads the Function's configuration once, at start. Fn passes it as environment variables,
 * next to many others, so only `CGR_` keys are read; an unknown `CGR_` key is a typo and is
 * refused. Errors name the key and what it must be, never its value.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Readonly<Config> {
  const ours: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (key.startsWith('CGR_') && value !== undefined && value !== '') ours[key] = value;
  if (!validate(ours)) {
    const error = validate.errors?.[0];
    const params = (error?.params ?? {}) as { missingProperty?: string; additionalProperty?: string };
    if (params.missingProperty) throw new ConfigError(params.missingProperty, `${params.missingProperty} is required (the ONS topic OCID that reaches SecOps).`);
    if (params.additionalProperty) throw new ConfigError(params.additionalProperty, `${params.additionalProperty} is not a known setting (typo?); see the README's configuration table.`);
    const key = (error?.instancePath ?? '/').slice(1) || 'configuration';
    throw new ConfigError(key, `${key} ${error?.message ?? 'is invalid'}.`);
  }
  const list = (value: string | undefined): string[] => (value ? value.split(',').map((item) => item.trim()) : []);
  const auth = (ours['CGR_OCI_AUTH'] ?? 'resource_principal') as Config['auth'];
  return Object.freeze({
    topicId: ours['CGR_TOPIC_OCID'] as string,
    allowedVaultIds: list(ours['CGR_ALLOWED_VAULT_OCIDS']),
    allowedCompartmentIds: list(ours['CGR_ALLOWED_COMPARTMENT_OCIDS']),
    auth,
    ociConfigFile: ours['CGR_OCI_CONFIG_FILE'] ?? null,
    ociProfile: ours['CGR_OCI_PROFILE'] ?? null,
    ociEndpoint: ours['CGR_OCI_ENDPOINT'] ?? null,
    identityRegion: ours['CGR_IDENTITY_REGION'] ?? null,
    logLevel: (ours['CGR_LOG_LEVEL'] ?? 'info') as LogLevel,
    deadlineMarginMs: Number(ours['CGR_DEADLINE_MARGIN_MS'] ?? 3_000),
    apiKeyActivationTimeoutMs: Number(ours['CGR_API_KEY_ACTIVATION_TIMEOUT_MS'] ?? 60_000),
  });
}
