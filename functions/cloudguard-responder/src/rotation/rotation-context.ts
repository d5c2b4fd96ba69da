import type { RemediationRequest } from '../domain/remediation-request.js';
import type { Clock } from '../ports/clock-port.js';
import type { CredentialProofPort, ObjectStorageNamespacePort } from '../ports/credential-proof-port.js';
import type { ApiKeyProbePort, IdentityPort } from '../ports/identity-port.js';
import type { KeyPairPort } from '../ports/key-pair-port.js';
import type { LoggerPort } from '../ports/logger-port.js';
import type { SecretStorePort } from '../ports/secret-store-port.js';
import type { RotationMarker } from './rotation-marker.js';
import type { RotationPhase } from './rotation-types.js';
import type { RotationSettings } from './rotation-settings.js';
import type { RotationTrigger } from './rotation-trigger.js';

/** Proof by use: the new credential authenticates the way its consumers use it (Swift, S3). */
export interface ProofDependencies {
  port: CredentialProofPort;
  namespaces: ObjectStorageNamespacePort;
  /** The region whose Object Storage endpoints are used: the Function's own. */
  region: string;
}

export interface RotationDependencies {
  /** null: proof by use is off (the Function's network cannot reach Object Storage). */
  proofs: ProofDependencies | null;
  identity: IdentityPort;
  apiKeyProbe: ApiKeyProbePort;
  secrets: SecretStorePort;
  keyPairs: KeyPairPort;
  clock: Clock;
  logger: LoggerPort;
  settings: RotationSettings;
}

/** One rotation in progress: the verified request, its idempotency marker and its budget. */
export interface RotationRun {
  deps: RotationDependencies;
  request: RemediationRequest;
  marker: RotationMarker;
  /** When SecOps resolved the problem (Cloud Guard history), if known. */
  resolvedAt: string | null;
  /**
   * True when Cloud Guard's own record of the resolve names the same secrets as the event:
   * the secrets are then bound to this problem by SecOps, not just by the event's claim.
   */
  commentConfirmed: boolean;
  /** Epoch ms on `deps.clock` after which no step starts (Fn's deadline less the margin). */
  workUntilMs: number;
  trigger: RotationTrigger;
  /** Stop once this phase is reached (Vault runs one phase per step); default `complete`. */
  until?: RotationPhase;
  /**
   * Only carry on a rotation an earlier step staged: with nothing staged under this marker the
   * run is refused as out of order instead of starting one (Vault's later steps).
   */
  resumeOnly?: boolean;
}
