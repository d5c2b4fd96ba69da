import { createHash } from 'node:crypto';
import { type EmulatorState, serviceUser } from '../../emulator/index.js';
import type { RemediationRequest } from '../../functions/cloudguard-responder/src/index.js';
import { generatePolicy } from '../policy/least-privilege-policy.js';
import { eventRegion, realmOfOcid } from './realm-regions.js';

/** The operator the replay signs as, and its group: the names the sample tenancy uses too. */
export const STAND_IN_OPERATOR_NAME = 'cg-responder-operator';
const OPERATOR_GROUP_NAME = 'cg-responder-operators';

/**
 * True when the emulator's tenancy is not the event's: another tenancy OCID, or another realm.
 * Such an event cannot replay inside the seed tenancy (Object Storage, IAM and Cloud Guard only
 * know their own tenancy's users), so it gets a stand-in tenancy of its own.
 */
export function needsStandInTenancy(state: EmulatorState, request: RemediationRequest): boolean {
  const tenancyId = eventTenancyId(request);
  if (tenancyId !== null) return tenancyId !== state.tenancy.id;
  return (realmOfOcid(request.problemId) ?? 'oc1') !== (realmOfOcid(state.tenancy.id) ?? 'oc1');
}

/** The tenancy an event names: `tenantId`, else its compartment when that is the root compartment. */
function eventTenancyId(request: RemediationRequest): string | null {
  return request.tenancyId ?? (request.compartmentId.startsWith('ocid1.tenancy.') ? request.compartmentId : null);
}

/**
 * A tenancy that stands in for the event's own: its OCID, realm and region (home region, region
 * subscription, Cloud Guard reporting region), an Object Storage namespace derived from its OCID,
 * the operator the replay signs as, a vault and key, the SecOps topic, and IAM as
 * `cg-responder policy --group cg-responder-operators` would grant it. Every OCID minted here is
 * in the event's realm and region. The seed's settings (activation and propagation windows,
 * limits) are kept. The event's own user, credential, secrets and problem are added afterwards by
 * `provisionForEvent`, as for the seed tenancy.
 */
export function standInTenancy(seed: EmulatorState, request: RemediationRequest, now: Date): { state: EmulatorState; notes: string[] } {
  const { region, substituted } = eventRegion(request);
  const realm = region.realmId;
  const tenancyId = eventTenancyId(request) ?? mint('tenancy', '', realm, request.problemId);
  const minted = (type: string, regional: boolean): string => mint(type, regional ? region.regionKey : '', realm, `${tenancyId}/${type}`);
  const operatorId = minted('user', false);
  const vaultId = minted('vault', true);
  const topicId = minted('onstopic', true);
  const policy = generatePolicy({
    functionId: minted('fnfunc', true),
    functionCompartmentId: null,
    topicId,
    allowedVaultIds: [vaultId],
    allowedCompartmentIds: [],
    groupName: OPERATOR_GROUP_NAME,
    optional: { doctor: true },
  });
  const compartments =
    request.compartmentId !== tenancyId && request.compartmentId.startsWith('ocid1.compartment.')
      ? [{ id: request.compartmentId, name: `replayed-${request.compartmentId.slice(-8)}`, parentId: tenancyId }]
      : [];
  const state: EmulatorState = {
    version: 1,
    tenancy: {
      id: tenancyId,
      name: `replayed-${tenancyId.slice(-8)}`,
      homeRegion: region.regionId,
      regionSubscriptions: [{ regionName: region.regionId, regionKey: region.regionKey.toUpperCase(), status: 'READY' }],
      identityDomains: false,
      objectStorageNamespace: namespaceFor(tenancyId),
    },
    settings: { ...structuredClone(seed.settings), defaultRegion: region.regionId },
    users: [
      serviceUser({
        id: operatorId,
        compartmentId: tenancyId,
        name: STAND_IN_OPERATOR_NAME,
        description: 'the operator the replay signs as (stand-in tenancy)',
        now,
      }),
    ],
    vaults: [{ id: vaultId, compartmentId: tenancyId, displayName: 'replay stand-in vault', keyId: minted('key', true) }],
    secrets: [],
    topics: [{ id: topicId, compartmentId: tenancyId, name: 'secops (replay stand-in)', messages: [] }],
    problems: [],
    resourcePrincipalSessions: [],
    cloudGuard: { reportingRegion: region.regionId },
    iam: {
      compartments,
      groups: [{ id: minted('group', false), name: OPERATOR_GROUP_NAME, memberIds: [operatorId] }],
      dynamicGroups: [],
      policies: [{ id: minted('policy', false), name: 'cg-responder-operator', compartmentId: tenancyId, statements: policy.statements }],
    },
  };
  const notes = [
    `stand-in tenancy ${tenancyId} (realm ${realm}, home and Cloud Guard reporting region ${region.regionId}, namespace ` +
      `${state.tenancy.objectStorageNamespace ?? ''})`,
  ];
  if (substituted) notes.push(`region: ${substituted}`);
  return { state, notes };
}

/** Stable per tenancy, so two replays of the same event provision the same stand-in. */
function mint(type: string, regionKey: string, realm: string, seed: string): string {
  return `ocid1.${type}.${realm}.${regionKey}.aaaaaaaa${base32(createHash('sha512').update(seed).digest()).slice(0, 52)}`;
}

/**
 * Newer tenancies have a generated namespace of lower-case letters and digits (e.g. `axaxnpcrorw5`,
 * "Understanding Object Storage Namespaces",
 * https://docs.oracle.com/en-us/iaas/Content/Object/Tasks/understandingnamespaces.htm); the
 * stand-in's is derived from its OCID.
 */
function namespaceFor(tenancyId: string): string {
  return base32(createHash('sha256').update(`namespace/${tenancyId}`).digest()).slice(0, 12);
}

function base32(bytes: Buffer): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let out = '';
  for (const byte of bytes) out += alphabet[byte % 32];
  return out;
}
