import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closestMatch } from './did-you-mean.js';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `node:util` parseArgs in strict mode, with its errors turned into one-line usage errors: an
 * unknown flag gets "did you mean --x?" when a known flag is close, and a flag missing its value
 * says which one.
 */
export function parseCommandArgs<T extends Options>(argv: string[], options: T, allowPositionals: boolean) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = error instanceof Error ? error.message : 'invalid arguments';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const typed = /'(-{1,2}[^']*)'/.exec(message)?.[1] ?? '';
      const flag = typed.replace(/^-+/, '').split('=')[0] ?? '';
      const suggestion = closestMatch(flag, Object.keys(options));
      throw new UsageError(`unknown option ${typed}`, suggestion ? `did you mean --${suggestion}?` : null);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(message.split('\n')[0] ?? message);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const extra = /'([^']*)'/.exec(message)?.[1];
      throw new UsageError(`unexpected argument${extra ? ` "${extra}"` : ''}`);
    }
    throw new UsageError(message.split('\n')[0] ?? message);
  }
}
