// The Function package's public face: the CLI and the tests import from here, not from deep paths.
export { buildOptionsFrom, buildResponder, providerFor, type BuiltResponder, type ResponderBuildOptions } from './build-responder.js';
export { loadConfig, type Config } from './config.js';
export { createLogger, type LogLevel } from './log/logger.js';
export type { Outcome, OutcomeStatus } from './outcome.js';
export { createResponder, type Invocation, type Responder, type ResponderDependencies } from './responder.js';
export type { NotifierPort } from './ports/notifier-port.js';
export { backoffMs, FUNCTION_RETRY_POLICY, isRetryable, type RetryPolicy } from './adapters/oci/retry-policy.js';
export { signedClientParams } from './adapters/oci/key-object-request-signer.js';
export { DEFAULT_ROTATION_SETTINGS, type RotationSettings } from './rotation/rotation-settings.js';
export type { Clock } from './ports/clock-port.js';
export type { GeneratedKeyPair, KeyPairPort } from './ports/key-pair-port.js';
export { createForgeKeyPairs } from './adapters/crypto/forge-key-pairs.js';
export { parseEvent } from './intake/parse-event.js';
export type { FunctionAnswer, FunctionHandler } from './handler.js';
export { isVaultRotationAnswer, type VaultRotationAnswer } from './scheduled/vault-rotation-answer.js';
export { VAULT_ROTATION_STEPS, type VaultRotationRequest, type VaultRotationStep } from './scheduled/vault-rotation-request.js';
export { scheduledRotationMarker } from './rotation/rotation-marker.js';
// What the CLI's dry run and live read-back need besides the builder.
export type { OciClients } from './adapters/oci/oci-clients.js';
export { modelTime } from './adapters/oci/model-time.js';
export type { RemediationRequest } from './domain/remediation-request.js';
export type { LoggerPort } from './ports/logger-port.js';
