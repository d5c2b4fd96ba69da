import type common from 'oci-common';
import { parseClosureComment } from '../../domain/closure-comment.js';
import type { ResponderDependencies } from '../../responder.js';
import type { RotationSettings } from '../../rotation/rotation-settings.js';
import { createForgeKeyPairs } from '../crypto/forge-key-pairs.js';
import { systemClock } from '../system/system-clock.js';
import { createOciApiKeyProbe } from './oci-api-key-probe.js';
import type { OciClients } from './oci-clients.js';
import { createOciIdentity } from './oci-identity.js';
import { createOciProblems } from './oci-problems.js';
import { createOciSecretStore } from './oci-secret-store.js';
import { createOnsNotifier } from './ons-notifier.js';

export interface OciResponderOptions {
  clients: OciClients;
  topicId: string;
  settings: RotationSettings;
  /** Where the API-key probe sends its request: the same place the Identity client goes. */
  probe: { region: common.Region; endpoint: string | null };
}

/** Wires the OCI adapters into the responder's ports; shared by the Function and the CLI. */
export function ociResponderDependencies(options: OciResponderOptions): ResponderDependencies {
  const { clients } = options;
  return {
    identity: createOciIdentity(clients.identity),
    apiKeyProbe: createOciApiKeyProbe(options.probe),
    secrets: createOciSecretStore({ vaults: clients.vaults, secrets: clients.secrets }),
    keyPairs: createForgeKeyPairs(),
    clock: systemClock,
    settings: options.settings,
    problems: createOciProblems(clients.cloudGuard),
    notifier: createOnsNotifier(clients.notifications, options.topicId),
    secretsNamedBy: (comment, request) => {
      const parsed = parseClosureComment(comment, request.credentialType);
      return parsed.ok ? parsed.secrets : null;
    },
  };
}
