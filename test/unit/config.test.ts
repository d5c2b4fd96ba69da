import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/cloudguard-responder/src/config.js';
import { ConfigError } from '../../functions/cloudguard-responder/src/errors/config-error.js';
import sampleIds from '../../emulator/state/sample-ids.json' with { type: 'json' };

const TOPIC = sampleIds.topic;
// What Fn puts next to the Function's configuration (runtime-notes §1): never ours to read.
const FN_ENV = {
  FN_APP_ID: 'ocid1.fnapp.oc1.iad.aaaa',
  FN_FORMAT: 'http-stream',
  FN_LISTENER: 'unix:/tmp/iofs/lsnr.sock',
  HOME: '/home/fn',
  PATH: '/usr/bin',
  OCI_RESOURCE_PRINCIPAL_VERSION: '2.2',
};

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('Config: loadConfig reads the CGR_ variables Fn passes', () => {
  it('applies the defaults when only the topic is set, ignoring every other variable', () => {
    // Act
    const config = loadConfig({ ...FN_ENV, CGR_TOPIC_OCID: TOPIC });

    // Assess
    expect(config).toEqual({
      topicId: TOPIC,
      allowedVaultIds: [],
      allowedCompartmentIds: [],
      auth: 'resource_principal',
      ociConfigFile: null,
      ociProfile: null,
      ociEndpoint: null,
      identityRegion: null,
      logLevel: 'info',
      deadlineMarginMs: 3000,
      apiKeyActivationTimeoutMs: 60000,
      proveByUse: true,
      reopenProblems: true,
      keepPreviousVersions: 3,
    });
  });

  it('reads every setting, splitting and de-duplicating the OCID lists', () => {
    // Act
    const config = loadConfig({
      CGR_TOPIC_OCID: TOPIC,
      CGR_ALLOWED_VAULT_OCIDS: `${sampleIds.vault} , ocid1.vault.oc1.phx.bbbb,${sampleIds.vault}`,
      CGR_ALLOWED_COMPARTMENT_OCIDS: `${sampleIds.tenancy},ocid1.compartment.oc1..cccc`,
      CGR_OCI_AUTH: 'config_file',
      CGR_OCI_CONFIG_FILE: '/home/me/.oci/config',
      CGR_OCI_PROFILE: 'RESPONDER',
      CGR_OCI_ENDPOINT: 'http://127.0.0.1:8080/',
      CGR_IDENTITY_REGION: 'us-ashburn-1',
      CGR_LOG_LEVEL: 'debug',
      CGR_DEADLINE_MARGIN_MS: '5000',
      CGR_API_KEY_ACTIVATION_TIMEOUT_MS: '120000',
      CGR_PROVE_BY_USE: 'false',
      CGR_REOPEN_PROBLEMS: 'false',
    });

    // Assess
    expect(config).toEqual({
      topicId: TOPIC,
      allowedVaultIds: [sampleIds.vault, 'ocid1.vault.oc1.phx.bbbb'],
      allowedCompartmentIds: [sampleIds.tenancy, 'ocid1.compartment.oc1..cccc'],
      auth: 'config_file',
      ociConfigFile: '/home/me/.oci/config',
      ociProfile: 'RESPONDER',
      ociEndpoint: 'http://127.0.0.1:8080',
      identityRegion: 'us-ashburn-1',
      logLevel: 'debug',
      deadlineMarginMs: 5000,
      apiKeyActivationTimeoutMs: 120000,
      proveByUse: false,
      reopenProblems: false,
      keepPreviousVersions: 3,
    });
  });

  it('returns a frozen configuration, lists included', () => {
    // Prepare
    const config = loadConfig({ CGR_TOPIC_OCID: TOPIC, CGR_ALLOWED_VAULT_OCIDS: sampleIds.vault });

    // Act
    const frozen = [Object.isFrozen(config), Object.isFrozen(config.allowedVaultIds), Object.isFrozen(config.allowedCompartmentIds)];

    // Assess
    expect(frozen).toEqual([true, true, true]);
  });

  it('treats empty and blank values as unset, and trims values', () => {
    // Act
    const config = loadConfig({ CGR_TOPIC_OCID: ` ${TOPIC}\n`, CGR_LOG_LEVEL: '', CGR_OCI_ENDPOINT: '   ', CGR_OCI_PROFILE: undefined });

    // Assess
    expect([config.topicId, config.logLevel, config.ociEndpoint, config.ociProfile]).toEqual([TOPIC, 'info', null, null]);
  });
});

describe('Config: errors name the key, never the value', () => {
  it('requires the topic', () => {
    // Act
    const error = configError({ ...FN_ENV });

    // Assess
    expect([error.key, error.message]).toEqual([
      'CGR_TOPIC_OCID',
      'CGR_TOPIC_OCID is required: it must be an ONS topic OCID (ocid1.onstopic.<realm>.<region>.<id>), the topic that reaches SecOps.',
    ]);
    expect(error.retryable).toBe(false);
  });

  it('refuses an unknown CGR_ key as a typo', () => {
    // Act
    const error = configError({ CGR_TOPIC_OCID: TOPIC, CGR_LOGLEVEL: 'debug' });

    // Assess
    expect([error.key, error.message]).toEqual([
      'CGR_LOGLEVEL',
      'CGR_LOGLEVEL is not a known setting (a typo?); see the configuration reference in docs/deploy.md.',
    ]);
  });

  const invalid: Array<[string, string, RegExp]> = [
    ['CGR_TOPIC_OCID', 'ocid1.vaultsecret.oc1.iad.secretlooking', /must be an ONS topic OCID/],
    ['CGR_ALLOWED_VAULT_OCIDS', `${sampleIds.vault},ocid1.key.oc1.iad.secretlooking`, /comma-separated list of vault OCIDs/],
    ['CGR_ALLOWED_VAULT_OCIDS', `${sampleIds.vault},`, /comma-separated list of vault OCIDs/],
    ['CGR_ALLOWED_COMPARTMENT_OCIDS', 'ocid1.user.oc1..secretlooking', /compartment or tenancy OCIDs/],
    ['CGR_OCI_AUTH', 'instance_principal_secretlooking', /"resource_principal" \(the default\) or "config_file"/],
    ['CGR_OCI_ENDPOINT', 'http://127.0.0.1:8080/path-secretlooking', /a base URL with no path/],
    ['CGR_OCI_ENDPOINT', 'ftp://secretlooking', /a base URL with no path/],
    ['CGR_IDENTITY_REGION', 'US_ASHBURN_secretlooking', /a region identifier/],
    ['CGR_LOG_LEVEL', 'verbose-secretlooking', /one of debug, info, warn, error/],
    ['CGR_DEADLINE_MARGIN_MS', '-1secretlooking', /a whole number of milliseconds/],
    ['CGR_API_KEY_ACTIVATION_TIMEOUT_MS', '12345678', /a whole number of milliseconds \(at most 7 digits\)/],
    ['CGR_PROVE_BY_USE', 'yes', /"true" \(the default\) or "false"/],
  ];
  for (const [key, value, expectation] of invalid) {
    it(`refuses ${key}=${value.replace('secretlooking', '…')}`, () => {
      // Prepare
      const env = { CGR_TOPIC_OCID: TOPIC, [key]: value };

      // Act
      const error = configError(env);

      // Assess
      expect(error.key).toBe(key);
      expect(error.message).toMatch(new RegExp(`^${key} is invalid: it must be `));
      expect(error.message).toMatch(expectation);
      expect(error.message).not.toContain('secretlooking');
      expect(error.message).not.toContain(value);
    });
  }
});
