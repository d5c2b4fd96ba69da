// The Function package's public face: the CLI and the tests import from here, not from deep paths.
export { buildOptionsFrom, buildResponder, providerFor, type BuiltResponder, type ResponderBuildOptions } from './build-responder.js';
export { loadConfig, type Config } from './config.js';
export { createLogger, type LogLevel } from './log/logger.js';
export type { Outcome, OutcomeStatus } from './outcome.js';
export type { Invocation, Responder, ResponderDependencies } from './responder.js';
export { FUNCTION_RETRY_POLICY, type RetryPolicy } from './adapters/oci/retry-policy.js';
export { DEFAULT_ROTATION_SETTINGS, type RotationSettings } from './rotation/rotation-settings.js';
export type { Clock } from './ports/clock-port.js';
export type { KeyPairPort } from './ports/key-pair-port.js';
export { parseEvent } from './intake/parse-event.js';
