import common from 'oci-common';
import type { OciEmulator } from '../emulator/index.js';
import type { Clock, ResponderBuildOptions } from '../functions/cloudguard-responder/src/index.js';
import { UsageError } from './usage-error.js';

/**
 * The builder's options for a responder run against an emulator: it signs as the emulator's
 * operator user (a new API key the emulator registers for it) in the tenancy's home region, and
 * reports to the tenancy's first topic. The replay and the emulator's in-process Function both
 * wire the Function this way.
 */
export function operatorBuildOptions(emulator: OciEmulator, clock?: Clock): ResponderBuildOptions {
  const state = emulator.getState();
  const operator = state.users.find((user) => user.name === 'cg-responder-operator') ?? state.users[0];
  const topic = state.topics[0];
  if (!operator || !topic) throw new UsageError('the emulator state needs at least one user (the operator) and one topic');
  const provider = signingAs(emulator, operator.id, state.tenancy.homeRegion);
  return { provider, topicId: topic.id, endpoint: emulator.url, identityRegion: state.tenancy.homeRegion, ...(clock ? { clock } : {}) };
}

/** A provider that signs as `userId` with a new API key the emulator registers for that user, in `regionId`. */
export function signingAs(emulator: OciEmulator, userId: string, regionId: string): common.SimpleAuthenticationDetailsProvider {
  const identity = emulator.createApiKeyIdentity(userId);
  return new common.SimpleAuthenticationDetailsProvider(
    identity.tenancyId,
    identity.userId,
    identity.fingerprint,
    identity.privateKeyPem,
    null,
    common.Region.fromRegionId(regionId),
  );
}
