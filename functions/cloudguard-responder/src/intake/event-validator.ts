import { Ajv, type ErrorObject } from 'ajv';
import schema from '../../../../schemas/cloudguard-event.schema.json' with { type: 'json' };

// One strict instance, compiled once per container (ajv compile is the costly part: stack.md §4).
// No formats plugin: dates and OCIDs are patterns, so nothing else loads at start.
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

export interface SchemaViolation {
  /** JSON pointer of the offending field, e.g. `/data/additionalDetails/problemName`. */
  field: string;
  /** What was expected; names the field, never echoes the value. */
  expectation: string;
}

/** Validates an event against `schemas/cloudguard-event.schema.json`; returns the first violation, or null. */
export function findSchemaViolation(event: unknown): SchemaViolation | null {
  if (validate(event)) return null;
  const errors = validate.errors ?? [];
  const first = errors.find((error) => error.keyword === 'required') ?? errors[0];
  return first ? describe(first) : { field: '/', expectation: 'does not match the event schema' };
}

function describe(error: ErrorObject): SchemaViolation {
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty?: string }).missingProperty ?? '');
    return { field: `${error.instancePath}/${missing}`, expectation: 'is required' };
  }
  return { field: error.instancePath || '/', expectation: error.message ?? 'is invalid' };
}
