import type { SecretsClient } from 'oci-secrets';
import { VaultsClient, models as vaultModels } from 'oci-vault';
import type { SecretInfo, SecretStage, SecretStorePort, SecretVersionInfo } from '../../ports/secret-store-port.js';
import { SecretValue } from '../../secret-value.js';
import { modelTime } from './model-time.js';
import { ociCall } from './oci-call.js';

/**
 * Vault secrets: metadata and writes through the Vault API (20180608), reads of content through
 * the Secrets API (20190301). Content always travels Base64 (oci-facts §4.5). A write that meets
 * a secret still UPDATING from the previous write gets 409 IncorrectState, which the clients'
 * retry policy waits out within its bounds (oci-facts §4.4).
 */
export function createOciSecretStore(clients: { vaults: VaultsClient; secrets: SecretsClient }): SecretStorePort {
  const { vaults, secrets } = clients;
  return {
    getSecret: (secretId) => ociCall('GetSecret', secretId, async () => toSecretInfo((await vaults.getSecret({ secretId })).secret)),
    listVersions: (secretId) =>
      ociCall('ListSecretVersions', secretId, async () => {
        const versions: SecretVersionInfo[] = [];
        let page: string | undefined;
        do {
          const response = await vaults.listSecretVersions({ secretId, limit: 100, ...(page ? { page } : {}) });
          versions.push(...response.items.map(toVersionInfo));
          page = response.opcNextPage;
        } while (page);
        return versions;
      }),
    addVersion: (secretId, version) =>
      ociCall('UpdateSecret', secretId, async () => {
        const secretContent: vaultModels.Base64SecretContentDetails = {
          contentType: vaultModels.Base64SecretContentDetails.contentType,
          content: version.content.toBase64(),
          name: version.name,
          stage: version.stage === 'PENDING' ? vaultModels.SecretContentDetails.Stage.Pending : vaultModels.SecretContentDetails.Stage.Current,
        };
        await vaults.updateSecret({ secretId, updateSecretDetails: { secretContent } });
      }),
    promote: (secretId, versionNumber) =>
      ociCall('UpdateSecret', secretId, async () => {
        await vaults.updateSecret({ secretId, updateSecretDetails: { currentVersionNumber: versionNumber } });
      }),
    readVersionByName: (secretId, versionName) =>
      ociCall('GetSecretBundle', secretId, async () => {
        const { secretBundle } = await secrets.getSecretBundle({ secretId, secretVersionName: versionName });
        const content = secretBundle.secretBundleContent as { contentType?: string; content?: string } | undefined;
        if (content?.contentType !== 'BASE64' || typeof content.content !== 'string') {
          throw new Error(`GetSecretBundle of ${secretId} returned no Base64 content`);
        }
        return { versionNumber: secretBundle.versionNumber, value: SecretValue.fromBuffer(Buffer.from(content.content, 'base64')) };
      }),
  };
}

function toSecretInfo(secret: vaultModels.Secret): SecretInfo {
  return {
    id: secret.id,
    name: secret.secretName,
    vaultId: secret.vaultId,
    compartmentId: secret.compartmentId,
    lifecycleState: secret.lifecycleState,
    isReplica: secret.isReplica ?? false,
    rotationStatus: secret.rotationStatus ?? null,
    freeformTags: secret.freeformTags ?? {},
    currentVersionNumber: secret.currentVersionNumber ?? null,
  };
}

function toVersionInfo(version: vaultModels.SecretVersionSummary): SecretVersionInfo {
  const stages = (version.stages ?? []) as string[] as SecretStage[];
  return {
    versionNumber: version.versionNumber,
    name: version.name ?? null,
    stages,
    timeOfDeletion: version.timeOfDeletion ? modelTime(version.timeOfDeletion) : null,
  };
}
