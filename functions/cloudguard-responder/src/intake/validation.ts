import {
  validateConfig,
  validateEvent,
  validateOutcome,
  type GeneratedValidationError,
  type GeneratedValidator,
} from '../generated/validators.js';

/** One way a document breaks its schema, fit for a log line or an outcome: it names, never echoes. */
export interface SchemaViolation {
  /** JSON Pointer of the offending field, e.g. `/data/additionalDetails/problemName`; `/` for the document. */
  field: string;
  /** What the schema expects there, e.g. `is required`, `must be string`. Never contains the value found. */
  expectation: string;
}

export type SchemaName = 'event' | 'outcome' | 'config';

// The standalone validators generated from schemas/ by scripts/generate-validators.mjs: no ajv
// at run time, and nothing to compile at start.
const VALIDATORS: Readonly<Record<SchemaName, GeneratedValidator>> = {
  event: validateEvent,
  outcome: validateOutcome,
  config: validateConfig,
};

/** Every violation, in schema order; empty when the document is valid. */
export function listSchemaViolations(schema: SchemaName, value: unknown): SchemaViolation[] {
  const validate = VALIDATORS[schema];
  if (validate(value)) return [];
  // `if` only reports that its `then`/`else` failed; that branch's own error says what and where.
  const errors = (validate.errors ?? []).filter((error) => error.keyword !== 'if');
  return errors.length > 0 ? errors.map(describe) : [{ field: '/', expectation: 'does not match the schema' }];
}

/** The first violation (the one a refusal names), or null when valid. */
export function findSchemaViolation(schema: SchemaName, value: unknown): SchemaViolation | null {
  return listSchemaViolations(schema, value)[0] ?? null;
}

/** schemas/cloudguard-event.schema.json */
export function findEventViolation(event: unknown): SchemaViolation | null {
  return findSchemaViolation('event', event);
}

/** schemas/outcome.schema.json */
export function findOutcomeViolation(outcome: unknown): SchemaViolation | null {
  return findSchemaViolation('outcome', outcome);
}

/** schemas/config.schema.json (the `CGR_` variables only) */
export function findConfigViolation(config: unknown): SchemaViolation | null {
  return findSchemaViolation('config', config);
}

function describe(error: GeneratedValidationError): SchemaViolation {
  const at = error.instancePath;
  const params = error.params;
  switch (error.keyword) {
    case 'required':
      return { field: `${at}/${pointerToken(params['missingProperty'])}`, expectation: 'is required' };
    case 'additionalProperties':
      return { field: `${at}/${pointerToken(params['additionalProperty'])}`, expectation: 'is not an allowed property' };
    case 'enum':
      return { field: at || '/', expectation: `must be one of ${listOf(params['allowedValues'])}` };
    case 'const':
      return { field: at || '/', expectation: `must be ${JSON.stringify(params['allowedValue'])}` };
    default:
      // ajv's messages name the rule, never the data (we never set `verbose`): "must be string",
      // "must match pattern \"^ocid1\\.user…\"", "must NOT have more than 4096 characters".
      return { field: at || '/', expectation: error.message ?? `fails "${error.keyword}"` };
  }
}

/** A property name as a JSON Pointer token (RFC 6901: `~` → `~0`, `/` → `~1`). */
function pointerToken(name: unknown): string {
  return String(name).replace(/~/g, '~0').replace(/\//g, '~1');
}

function listOf(values: unknown): string {
  return Array.isArray(values) ? values.map((value) => JSON.stringify(value)).join(', ') : 'the allowed values';
}
