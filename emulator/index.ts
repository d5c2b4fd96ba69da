export { createOciEmulator } from './server.js';
export type { ApiKeyIdentity, CallRecord, FaultSpec, OciConfigFiles, OciEmulator, OciEmulatorOptions } from './server.js';
export { createSampleTenancy } from './state/create-sample-tenancy.js';
export type { EmulatorState } from './state/types.js';
