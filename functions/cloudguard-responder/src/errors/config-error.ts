import { ResponderError } from './responder-error.js';

/** The Function's configuration is missing or wrong; the message names the key, never its value. */
export class ConfigError extends ResponderError {
  override name = 'ConfigError';
  readonly key: string;

  constructor(key: string, message: string, options?: ErrorOptions) {
    super(message, { ...options, retryable: false });
    this.key = key;
  }
}
