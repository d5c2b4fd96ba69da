/**
 * An SDK model's time field as an RFC 3339 string. The SDK types them as `Date`, but they arrive
 * as strings at run time (models are not revived, runtime-notes gotcha 6); both are accepted here.
 */
export function modelTime(value: Date | string | undefined | null): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : value.toISOString();
}
