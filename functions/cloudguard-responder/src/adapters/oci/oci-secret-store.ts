import { UnexpectedResponseError } from '../../errors/unexpected-response-error.js';
import type { SecretsClient } from 'oci-secrets';
import { models as vaultModels, type VaultsClient } from 'oci-vault';
import type { SecretInfo, SecretStage, SecretStorePort, SecretVersionInfo } from '../../ports/secret-store-port.js';
import { SecretValue } from '../../secret-value.js';
import { modelTime } from './model-time.js';
import common from 'oci-common';
import { currentInvocation } from '../../invocation/invocation-context.js';
import { SecretBusyError } from '../../errors/secret-busy-error.js';
import { failureOf } from './failure-of.js';
import type { OciCaller } from './oci-call.js';

/**
 * Vault secrets: metadata and writes through the Vault API (20180608), reads of content through
 * the Secrets API (20190301). Content always travels Base64 (oci-behaviour §4.5). A call that meets
 * a secret still UPDATING from the previous write gets 409 IncorrectState (oci-behaviour §4.4); the
 * caller retries it a few times, and if the secret is still busy it surfaces as SecretBusyError
 * so the rotation can wait for the secret itself.
 */
export function createOciSecretStore(options: { caller: OciCaller; vaults: VaultsClient; secrets: SecretsClient }): SecretStorePort {
  const { caller, vaults, secrets } = options;
  return {
    getSecret: (secretId) =>
      busyAware('GetSecret', secretId, () =>
        caller.call('GetSecret', secretId, async (seen) => toSecretInfo(seen(await vaults.getSecret({ secretId })).secret)),
      ),
    listVersions: (secretId) =>
      busyAware('ListSecretVersions', secretId, () =>
        caller.call('ListSecretVersions', secretId, async (seen) => {
          const versions: SecretVersionInfo[] = [];
          let page: string | undefined;
          do {
            const response = seen(await vaults.listSecretVersions({ secretId, limit: 100, ...(page ? { page } : {}) }));
            versions.push(...response.items.map(toVersionInfo));
            page = response.opcNextPage;
          } while (page);
          return versions;
        }),
      ),
    addVersion: async (secretId, version) => {
      const secretContent: vaultModels.Base64SecretContentDetails = {
        contentType: vaultModels.Base64SecretContentDetails.contentType,
        content: version.content.toBase64(),
        name: version.name,
        stage:
          version.stage === 'PENDING' ? vaultModels.SecretContentDetails.Stage.Pending : vaultModels.SecretContentDetails.Stage.Current,
      };
      const uncertain = currentInvocation()?.uncertainWrites;
      const key = `${secretId}\n${version.name}`;
      try {
        const { secret } = await busyAware('UpdateSecret', secretId, () =>
          caller.call('UpdateSecret', secretId, async (seen) => {
            try {
              return seen(await vaults.updateSecret({ secretId, updateSecretDetails: { secretContent } }));
            } catch (error) {
              // A 5xx or no answer: this attempt may have landed.
              if (!(error instanceof common.OciError) || error.statusCode >= 500) uncertain?.add(key);
              throw error;
            }
          }),
        );
        return { kind: 'added', currentVersionNumber: secret.currentVersionNumber ?? null };
      } catch (error) {
        // A duplicate version name is refused (assumed 409 Conflict, oci-behaviour §4.3): it is
        // there, written by an earlier attempt of this invocation whose answer was lost, or by
        // another delivery.
        const failure = failureOf(error);
        if (failure.status === 409 && failure.code !== 'IncorrectState')
          return uncertain?.has(key) ? { kind: 'added', currentVersionNumber: null } : { kind: 'name-taken' };
        throw error;
      }
    },
    promote: async (secretId, versionNumber) => {
      await busyAware('UpdateSecret', secretId, () =>
        caller.call('UpdateSecret', secretId, async (seen) =>
          seen(await vaults.updateSecret({ secretId, updateSecretDetails: { currentVersionNumber: versionNumber } })),
        ),
      );
    },
    readVersionByName: (secretId, versionName) => readBundle(caller, secrets, secretId, { secretVersionName: versionName }),
    readVersionByNumber: (secretId, versionNumber) => readBundle(caller, secrets, secretId, { versionNumber }),
    scheduleVersionDeletion: async (secretId, versionNumber) => {
      // Vault's default window (30 days): a version removed by mistake can still be restored.
      await busyAware('ScheduleSecretVersionDeletion', secretId, () =>
        caller.call('ScheduleSecretVersionDeletion', secretId, async (seen) =>
          seen(
            await vaults.scheduleSecretVersionDeletion({
              secretId,
              secretVersionNumber: versionNumber,
              scheduleSecretVersionDeletionDetails: {},
            }),
          ),
        ),
      );
    },
  };
}

async function readBundle(
  caller: OciCaller,
  secrets: SecretsClient,
  secretId: string,
  which: { secretVersionName: string } | { versionNumber: number },
): Promise<{ versionNumber: number; value: SecretValue } | null> {
  try {
    return await caller.call('GetSecretBundle', secretId, async (seen) => {
      const { secretBundle } = seen(await secrets.getSecretBundle({ secretId, ...which }));
      const content = secretBundle.secretBundleContent as { contentType?: string; content?: string } | undefined;
      if (content?.contentType !== 'BASE64' || typeof content.content !== 'string') {
        throw new UnexpectedResponseError({ operation: 'GetSecretBundle', resourceId: secretId, detail: 'returned no Base64 content' });
      }
      return { versionNumber: secretBundle.versionNumber, value: SecretValue.fromBuffer(Buffer.from(content.content, 'base64')) };
    });
  } catch (error) {
    if (failureOf(error).status === 404) return null;
    throw error;
  }
}

async function busyAware<T>(operation: string, secretId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const failure = failureOf(error);
    if (failure.status === 409 && failure.code === 'IncorrectState')
      throw new SecretBusyError({ operation, secretId, opcRequestId: failure.opcRequestId }, { cause: error });
    throw error;
  }
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
    rotationFunctionId: rotationFunctionOf(secret),
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
    timeCreated: version.timeCreated ? modelTime(version.timeCreated) : null,
  };
}

/** `targetSystemDetails` is a union told apart by `targetSystemType` (FUNCTION carries `functionId`). */
function rotationFunctionOf(secret: vaultModels.Secret): string | null {
  const target = secret.rotationConfig?.targetSystemDetails as { targetSystemType?: string; functionId?: string } | undefined;
  return target?.targetSystemType === 'FUNCTION' && typeof target.functionId === 'string' ? target.functionId : null;
}
