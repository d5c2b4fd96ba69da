import { OciApiError } from '../http/oci-api-error.js';
import type { RouteResponse } from '../http/route.js';
import { InvalidStateError } from '../state/validate-state.js';
import type { EmulatorState } from '../state/types.js';
import type { SecretRotationRecord } from '../services/secret-rotation.js';
import type { CallRecord } from './call-log.js';
import { assertValidFaultSpec, InvalidFaultSpecError, type FaultSpec } from './faults.js';
import { assertValidTrafficSpec, InvalidTrafficSpecError, type TrafficSpec, type TrafficStats } from './traffic.js';

/** The emulator operations the control API exposes. */
export interface ControlTarget {
  getState(options: { includeSecretContent: boolean }): EmulatorState;
  /** Validates; throws InvalidStateError. */
  setState(state: unknown): void;
  calls(): CallRecord[];
  clearCalls(): void;
  addFault(fault: FaultSpec): string;
  clearFaults(): void;
  /** Cloud Guard's next scan; returns the ids of the problems it reopened. */
  scanCloudGuard(): string[];
  /** The rotations Vault ran or runs (RotateSecret), oldest first. */
  rotations(): SecretRotationRecord[];
  /** Latency and rate limit for every OCI call; throws InvalidTrafficSpecError. */
  setTraffic(spec: TrafficSpec): void;
  traffic(): TrafficStats;
}

export const CONTROL_PREFIX = '/_emulator/';

/**
 * The unauthenticated control API under `/_emulator/` (tests, the CLI, a developer with curl):
 * GET/PUT state, GET/DELETE calls, POST/DELETE faults, GET/PUT traffic, POST cloudguard/scan, GET rotations, GET health. Errors use OCI's
 * `{code, message}` shape like the rest of the server.
 */
export function handleControlRequest(target: ControlTarget, method: string, url: URL, body: Buffer): RouteResponse {
  const path = url.pathname.replace(/\/+$/, '');
  try {
    switch (`${method} ${path}`) {
      case 'GET /_emulator/health':
        return { status: 200, body: { status: 'ok' } };
      case 'GET /_emulator/state':
        return { status: 200, body: target.getState({ includeSecretContent: url.searchParams.get('secrets') === 'include' }) };
      case 'PUT /_emulator/state':
        target.setState(parseJson(body));
        return { status: 204 };
      case 'GET /_emulator/calls':
        return { status: 200, body: target.calls() };
      case 'DELETE /_emulator/calls':
        target.clearCalls();
        return { status: 204 };
      case 'POST /_emulator/faults': {
        const spec = parseJson(body);
        assertValidFaultSpec(spec);
        return { status: 201, body: { id: target.addFault(spec) } };
      }
      case 'GET /_emulator/rotations':
        return { status: 200, body: target.rotations() };
      case 'DELETE /_emulator/faults':
        target.clearFaults();
        return { status: 204 };
      case 'GET /_emulator/traffic':
        return { status: 200, body: target.traffic() };
      case 'PUT /_emulator/traffic': {
        const spec = parseJson(body);
        assertValidTrafficSpec(spec);
        target.setTraffic(spec);
        return { status: 204 };
      }
      case 'POST /_emulator/cloudguard/scan':
        return { status: 200, body: { reopened: target.scanCloudGuard() } };
      default:
        throw new OciApiError(404, 'NotFound', `No such control operation: ${method} ${path}.`);
    }
  } catch (error) {
    if (error instanceof InvalidStateError || error instanceof InvalidFaultSpecError || error instanceof InvalidTrafficSpecError)
      throw new OciApiError(400, 'InvalidParameter', error.message);
    throw error;
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new OciApiError(400, 'CannotParseRequest', 'The request body is not valid JSON.');
  }
}
