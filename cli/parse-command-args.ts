import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closestMatch } from './did-you-mean.js';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Every command's arguments, parsed the one way: `node:util` parseArgs in strict mode, its errors
 * turned into one-line usage errors that never show the parser's own wording. An unknown flag
 * gets "did you mean --x?" when a known flag is close; a flag missing its value, or given one it
 * does not take, is named, and the error carries the flag so the hint can quote its help line.
 */
export function parseCommandArgs<T extends Options>(argv: string[], options: T, allowPositionals: boolean) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw usageErrorFor(error, argv, options);
  }
}

function usageErrorFor(error: unknown, argv: string[], options: Options): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : '';
  // parseArgs quotes the offending token first: '--jsno', '--timeout <value>', '--json'.
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const flag = quoted.replace(/^-+/, '').split(/[ =]/)[0] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const typed = quoted.split('=')[0] ?? quoted;
    const suggestion = closestMatch(flag, Object.keys(options));
    return new UsageError(`unknown option ${typed}`, suggestion ? `did you mean --${suggestion}?` : null);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (options[flag]?.type === 'boolean') return new UsageError(`--${flag} takes no value`, null, flag);
    const next = argv[argv.indexOf(`--${flag}`) + 1];
    const got = /ambiguous/.test(message) && next !== undefined ? ` (got the option ${next})` : '';
    return new UsageError(`--${flag} needs a value${got}`, null, flag);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return new UsageError(`unexpected argument${quoted ? ` "${quoted}"` : ''}`);
  return new UsageError('invalid arguments');
}
