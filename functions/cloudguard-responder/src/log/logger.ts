import type { LoggerPort } from '../ports/logger-port.js';
import { printableJson } from '../text/printable.js';
import { redact, scrubText } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

// Written by the logger itself; an entry's own field of the same name is kept as `_<name>`.
const RESERVED = new Set(['time', 'level', 'msg']);

export interface LoggerOptions {
  /** Receives one JSON line per entry, without the newline; default: stdout, which Fn ships to OCI Logging. */
  sink?: (line: string) => void;
  /** Entries below this level are dropped; default `info`. */
  level?: LogLevel;
  /** Keys on every line, such as the invocation's `correlationId`. */
  base?: Record<string, unknown>;
}

export interface Logger extends LoggerPort {
  /** A logger that adds `keys` to every line (e.g. `{ problemId, step }`), same sink and level. */
  child(keys: Record<string, unknown>): Logger;
}

/**
 * Structured JSON logs: one object per line, `time`, `level`, `msg`, `correlationId` (null when
 * none was given) and then the base keys and the entry's fields. Everything but `time` and
 * `level` passes through `redact`, so no secret value can reach a line whichever key it hides
 * under; errors come out with their context fields and `cause` chain.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const sink = options.sink ?? ((line: string) => void process.stdout.write(`${line}\n`));
  return loggerWith(sink, RANK[options.level ?? 'info'], { ...options.base });
}

function loggerWith(sink: (line: string) => void, threshold: number, base: Record<string, unknown>): Logger {
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (RANK[level] < threshold) return;
    // Redacted at every write, not once: a caller may change an object after handing it over.
    const keys = safeKeys({ ...base, ...fields });
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      msg: scrubText(String(message)),
      correlationId: keys['correlationId'] ?? null,
    };
    for (const [key, value] of Object.entries(keys)) {
      if (key !== 'correlationId') entry[RESERVED.has(key) ? `_${key}` : key] = value;
    }
    try {
      // Logs reach the CLI (--verbose): no separator or bidi control may reorder what an operator reads.
      sink(printableJson(JSON.stringify(entry)));
    } catch {
      // A failing log sink must never fail a rotation half-way.
    }
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (keys) => loggerWith(sink, threshold, { ...base, ...keys }),
  };
}

function safeKeys(keys: Record<string, unknown>): Record<string, unknown> {
  const redacted = redact(keys);
  return typeof redacted === 'object' && redacted !== null && !Array.isArray(redacted) ? (redacted as Record<string, unknown>) : {};
}
