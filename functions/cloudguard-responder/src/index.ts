// The Function's public face: what the CLI and the tests may import. Re-exports only, so the
// composition builder can join this list without conflict.
export { createOciClients } from './adapters/oci/oci-clients.js';
export type { OciClientOptions, OciClients } from './adapters/oci/oci-clients.js';
export { modelTime } from './adapters/oci/model-time.js';
export { ociResponderDependencies } from './adapters/oci/oci-responder-dependencies.js';
export type { OciResponderOptions } from './adapters/oci/oci-responder-dependencies.js';
export { FUNCTION_RETRY_POLICY } from './adapters/oci/retry-policy.js';
export { loadConfig } from './config.js';
export type { Config } from './config.js';
export type { RemediationRequest } from './domain/remediation-request.js';
export { parseEvent } from './intake/parse-event.js';
export { createLogger } from './log/logger.js';
export type { Outcome, OutcomeStatus, SecretRole, SecretVersionRef } from './outcome.js';
export type { LoggerPort } from './ports/logger-port.js';
export { createResponder } from './responder.js';
export type { Invocation, Responder, ResponderDependencies } from './responder.js';
export { DEFAULT_ROTATION_SETTINGS } from './rotation/rotation-settings.js';
