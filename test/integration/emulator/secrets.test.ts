import { createHash } from 'node:crypto';
import { requests } from 'oci-secrets';
import { describe, expect } from 'vitest';
import { createSampleTenancy } from '../../../emulator/index.js';
import { newOcid } from '../../../emulator/ids.js';
import type { SecretVersionRecord, SecretVersionStage } from '../../../emulator/state/types.js';
import { ociFailure } from '../../support/emulator.js';
import { emulatorTest, type EmulatorFixture } from '../../support/emulator-fixture.js';

// Secrets retrieval (oci-behaviour §4.1, §4.3) through the real SecretsClient over HTTP: which
// version GetSecretBundle selects, and when it answers 404.

const Stage = requests.GetSecretBundleRequest.Stage;

const it = emulatorTest(() => ({ state: createSampleTenancy() }));

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function version(
  versionNumber: number,
  stages: SecretVersionStage[],
  text: string,
  extra: Partial<SecretVersionRecord> = {},
): SecretVersionRecord {
  return {
    versionNumber,
    name: null,
    stages,
    contentType: 'BASE64',
    content: base64(text),
    contentSha256: createHash('sha256').update(text).digest('hex'),
    timeCreated: `2026-09-0${versionNumber}T12:00:00.000Z`,
    timeOfDeletion: null,
    ...extra,
  };
}

/** Resets the emulator to the baseline plus one secret with these versions; returns its OCID. */
function seedSecret(harness: EmulatorFixture, versions: SecretVersionRecord[]): string {
  const state = structuredClone(harness.baseline);
  const vault = state.vaults[0];
  if (vault === undefined) throw new Error('the sample tenancy has no vault');
  const secretId = newOcid('vaultsecret', 'iad');
  state.secrets.push({
    id: secretId,
    compartmentId: vault.compartmentId,
    vaultId: vault.id,
    keyId: vault.keyId,
    secretName: `secrets-test-${secretId.slice(-6)}`,
    description: null,
    lifecycleState: 'ACTIVE',
    updatingUntil: null,
    timeCreated: '2026-09-01T12:00:00.000Z',
    metadata: { credentialType: 'API_KEY' },
    freeformTags: {},
    isReplica: false,
    rotationStatus: 'NOT_ENABLED',
    versions,
  });
  harness.emulator.setState(state);
  return secretId;
}

describe('GetSecretBundle', () => {
  it('returns the CURRENT version when no selector is given', async ({ emulator: harness }) => {
    // Prepare
    const secretId = seedSecret(harness, [
      version(1, ['PREVIOUS'], 'old key'),
      version(2, ['CURRENT', 'LATEST'], 'live key', { name: 'cg-rotation-7' }),
    ]);

    // Act
    const response = await harness.clients.secrets.getSecretBundle({ secretId });

    // Assess
    expect(response.secretBundle).toEqual({
      secretId,
      versionNumber: 2,
      versionName: 'cg-rotation-7',
      stages: ['CURRENT', 'LATEST'],
      timeCreated: '2026-09-02T12:00:00.000Z',
      timeOfDeletion: null,
      timeOfExpiry: null,
      metadata: { credentialType: 'API_KEY' },
      secretBundleContent: { contentType: 'BASE64', content: base64('live key') },
    });
    expect(response.etag).toMatch(/\S/);
  });

  it('selects by stage, by version number and by version name', async ({ emulator: harness }) => {
    // Prepare
    const secretId = seedSecret(harness, [
      version(1, [], 'retired'),
      version(2, ['PREVIOUS'], 'previous', { name: 'second' }),
      version(3, ['CURRENT'], 'current'),
      version(4, ['PENDING', 'LATEST'], 'pending', { name: 'fourth' }),
    ]);

    // Act
    const pending = await harness.clients.secrets.getSecretBundle({ secretId, stage: Stage.Pending });
    const previous = await harness.clients.secrets.getSecretBundle({ secretId, stage: Stage.Previous });
    const deprecated = await harness.clients.secrets.getSecretBundle({ secretId, stage: Stage.Deprecated });
    const latest = await harness.clients.secrets.getSecretBundle({ secretId, stage: Stage.Latest });
    const byNumber = await harness.clients.secrets.getSecretBundle({ secretId, versionNumber: 1 });
    const byName = await harness.clients.secrets.getSecretBundle({ secretId, secretVersionName: 'second' });

    // Assess
    expect(pending.secretBundle.versionNumber).toBe(4);
    expect(previous.secretBundle.versionNumber).toBe(2);
    expect(deprecated.secretBundle).toMatchObject({ versionNumber: 1, stages: ['DEPRECATED'] });
    expect(latest.secretBundle.versionNumber).toBe(4);
    expect(byNumber.secretBundle.secretBundleContent).toEqual({ contentType: 'BASE64', content: base64('retired') });
    expect(byName.secretBundle.secretBundleContent).toEqual({ contentType: 'BASE64', content: base64('previous') });
  });

  it('answers 404 NotAuthorizedOrNotFound for stage PENDING when nothing is pending', async ({ emulator: harness }) => {
    // Prepare
    const secretId = seedSecret(harness, [version(1, ['CURRENT', 'LATEST'], 'only')]);

    // Act
    const failure = await ociFailure(harness.clients.secrets.getSecretBundle({ secretId, stage: Stage.Pending }));

    // Assess
    expect(failure).toMatchObject({ statusCode: 404, serviceCode: 'NotAuthorizedOrNotFound' });
  });

  it('answers 404 for an unknown name, an unknown number, and selectors naming different versions', async ({ emulator: harness }) => {
    // Prepare
    const secretId = seedSecret(harness, [version(1, ['PREVIOUS'], 'one', { name: 'first' }), version(2, ['CURRENT', 'LATEST'], 'two')]);

    // Act
    const unknownName = await ociFailure(harness.clients.secrets.getSecretBundle({ secretId, secretVersionName: 'nope' }));
    const unknownNumber = await ociFailure(harness.clients.secrets.getSecretBundle({ secretId, versionNumber: 5 }));
    const mismatched = await ociFailure(
      harness.clients.secrets.getSecretBundle({ secretId, secretVersionName: 'first', stage: Stage.Current }),
    );

    // Assess
    for (const failure of [unknownName, unknownNumber, mismatched]) {
      expect(failure).toMatchObject({ statusCode: 404, serviceCode: 'NotAuthorizedOrNotFound' });
    }
  });

  it('does not serve a version scheduled for deletion', async ({ emulator: harness }) => {
    // Prepare
    const secretId = seedSecret(harness, [
      version(1, [], 'doomed', { timeOfDeletion: '2099-01-01T00:00:00.000Z' }),
      version(2, ['CURRENT', 'LATEST'], 'live'),
    ]);

    // Act
    const failure = await ociFailure(harness.clients.secrets.getSecretBundle({ secretId, versionNumber: 1 }));

    // Assess
    expect(failure).toMatchObject({ statusCode: 404, serviceCode: 'NotAuthorizedOrNotFound' });
  });

  it('answers 404 for an unknown secret', async ({ emulator: harness }) => {
    // Prepare
    seedSecret(harness, [version(1, ['CURRENT', 'LATEST'], 'x')]);

    // Act
    const failure = await ociFailure(harness.clients.secrets.getSecretBundle({ secretId: newOcid('vaultsecret', 'iad') }));

    // Assess
    expect(failure).toMatchObject({ statusCode: 404, serviceCode: 'NotAuthorizedOrNotFound' });
  });

  it('surfaces an injected fault as OciError with its status and code', async ({ emulator: harness }) => {
    // Prepare
    const secretId = seedSecret(harness, [version(1, ['CURRENT', 'LATEST'], 'x')]);
    harness.emulator.addFault({ operation: 'GetSecretBundle', status: 503, code: 'ServiceUnavailable', count: 1 });

    // Act
    const failure = await ociFailure(harness.clients.secrets.getSecretBundle({ secretId }));
    const next = await harness.clients.secrets.getSecretBundle({ secretId });

    // Assess
    expect(failure).toMatchObject({ statusCode: 503, serviceCode: 'ServiceUnavailable' });
    expect(next.secretBundle.versionNumber).toBe(1);
  });
});
