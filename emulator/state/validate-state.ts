import { Ajv } from 'ajv';
import schema from '../../schemas/emulator-state.schema.json' with { type: 'json' };
import type { EmulatorState } from './types.js';

const validate = new Ajv({ allErrors: true, strict: false }).compile<EmulatorState>(schema);

export class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}

/** Checks a seed or a `PUT /_emulator/state` body; the error names the first offending path. */
export function assertValidState(value: unknown): asserts value is EmulatorState {
  if (validate(value)) return;
  const first = validate.errors?.[0];
  const path = first ? `${first.instancePath || '/'}${first.params && 'missingProperty' in first.params ? `/${String(first.params['missingProperty'])}` : ''}` : '/';
  throw new InvalidStateError(`Invalid emulator state at ${path}: ${first?.message ?? 'does not match schemas/emulator-state.schema.json'}`);
}
