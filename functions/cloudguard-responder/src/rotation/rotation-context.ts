import type { RemediationRequest } from '../domain/remediation-request.js';
import type { Clock } from '../ports/clock-port.js';
import type { ApiKeyProbePort, IdentityPort } from '../ports/identity-port.js';
import type { KeyPairPort } from '../ports/key-pair-port.js';
import type { LoggerPort } from '../ports/logger-port.js';
import type { SecretStorePort } from '../ports/secret-store-port.js';
import type { RotationMarker } from './rotation-marker.js';
import type { RotationSettings } from './rotation-settings.js';

export interface RotationDependencies {
  identity: IdentityPort;
  apiKeyProbe: ApiKeyProbePort;
  secrets: SecretStorePort;
  keyPairs: KeyPairPort;
  clock: Clock;
  logger: LoggerPort;
  settings: RotationSettings;
}

/** One rotation in progress: the verified request, its idempotency marker and its deadline. */
export interface RotationRun {
  deps: RotationDependencies;
  request: RemediationRequest;
  marker: RotationMarker;
  /** When SecOps resolved the problem (Cloud Guard history), if known. */
  resolvedAt: string | null;
  /** Aborts when the invocation's deadline (less a safety margin) is reached. */
  signal: AbortSignal;
}
