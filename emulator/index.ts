export { createOciEmulator, OPERATOR_USER_NAME } from './server.js';
export type {
  ApiKeyIdentity,
  CallRecord,
  FaultSpec,
  OciConfigFiles,
  OciEmulator,
  OciEmulatorOptions,
  RotationInvoker,
  RotationStepCall,
  SecretRotationRecord,
} from './server.js';
export { UnknownEmulatorUserError, type KeyPairSource } from './auth/api-key-identity.js';
export { InvalidOciProfileNameError, OciConfigFileExistsError } from './config-writer.js';
export { InvalidFaultSpecError } from './control/faults.js';
// What the in-process emulator's own calls (rotateSecret) throw: the status and code OCI would answer.
export { OciApiError } from './http/oci-api-error.js';
export { createSampleTenancy } from './state/create-sample-tenancy.js';
export { assertValidState, InvalidStateError } from './state/validate-state.js';
export type { EmulatorState, ProblemRecord, SecretRecord, UserRecord } from './state/types.js';
export { VirtualClock } from './virtual-clock.js';
export { serviceUser } from './state/service-user.js';
