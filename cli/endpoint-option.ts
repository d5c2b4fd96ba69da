import { UsageError } from './usage-error.js';

/**
 * `--endpoint`, checked the same way by every command before anything runs: a base URL, with no
 * path unless it is `/{region}` (the form CGR_OCI_ENDPOINT takes, where a command sends OCI calls).
 */
export function endpointOption(value: string | undefined, options: { regionPath: boolean }): string | null {
  if (value === undefined) return null;
  const pattern = options.regionPath ? /^https?:\/\/[^\s/?#{}]+(\/\{region\})?\/?$/ : /^https?:\/\/[^\s/?#{}]+\/?$/;
  if (!pattern.test(value))
    throw new UsageError(
      `--endpoint must be a base URL such as http://127.0.0.1:8080${options.regionPath ? ' (or ending in /{region})' : ''}`,
      null,
      'endpoint',
    );
  return value.replace(/\/$/, '');
}
