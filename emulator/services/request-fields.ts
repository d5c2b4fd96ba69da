import { OciApiError, invalidParameter, missingParameter } from '../http/oci-api-error.js';

/**
 * Readers for the fields of a parsed JSON request body. The SDK serialises unset optional fields
 * as absent (`JSON.stringify` drops `undefined`); an explicit `null` is read as absent too, which
 * is the lenient reading of OCI's "optional" (assumed).
 */
export type JsonObject = Record<string, unknown>;

/** A body that parsed as JSON but is not an object cannot be any OCI details model. */
export function requireJsonObject(body: unknown, modelName: string): JsonObject {
  if (body === undefined) throw missingParameter(modelName);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new OciApiError(400, 'CannotParseRequest', `The request body must be a JSON object (${modelName}).`);
  }
  return body as JsonObject;
}

export function isPresent(object: JsonObject, field: string): boolean {
  return object[field] !== undefined && object[field] !== null;
}

export function optionalString(object: JsonObject, field: string): string | undefined {
  const value = object[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter(`'${field}' must be a string.`);
  return value;
}

export function requiredString(object: JsonObject, field: string): string {
  const value = optionalString(object, field);
  if (value === undefined) throw missingParameter(field);
  return value;
}

export function optionalObject(object: JsonObject, field: string): JsonObject | undefined {
  const value = object[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParameter(`'${field}' must be an object.`);
  return value as JsonObject;
}

export function optionalStringMap(object: JsonObject, field: string): Record<string, string> | undefined {
  const value = optionalObject(object, field);
  if (value === undefined) return undefined;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry !== 'string') throw invalidParameter(`'${field}.${key}' must be a string.`);
  }
  return value as Record<string, string>;
}

export function optionalInteger(object: JsonObject, field: string): number | undefined {
  const value = object[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalidParameter(`'${field}' must be an integer.`);
  return value;
}

/** An RFC 3339 date-time field; the SDK sends `Date`s as ISO strings. */
export function optionalDateTime(object: JsonObject, field: string): Date | undefined {
  const value = optionalString(object, field);
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time)) {
    throw invalidParameter(`'${field}' must be an RFC 3339 date-time.`);
  }
  return new Date(time);
}

/**
 * The fields of a details model the emulator's state cannot hold. Accepting and dropping them
 * would let a caller believe OCI applied them, so they are refused (an emulator limit, not OCI).
 */
export function refuseUnmodelledFields(object: JsonObject, fields: readonly string[]): void {
  for (const field of fields) {
    if (isPresent(object, field)) throw invalidParameter(`'${field}' is not supported by the local OCI emulator.`);
  }
}
