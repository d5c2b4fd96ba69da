/** The Function's configuration is missing or wrong; the message names the key, never its value. */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}
