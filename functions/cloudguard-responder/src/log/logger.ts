import type { LoggerPort } from '../ports/logger-port.js';
import { redact } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  /** Receives one JSON line per entry; default: stdout, which Fn ships to OCI Logging. */
  sink?: (line: string) => void;
  level?: LogLevel;
  /** Keys on every line, such as the correlation id of the invocation. */
  base?: Record<string, unknown>;
}

/**
 * Structured JSON logs: one object per line with `time`, `level`, `msg`, the base keys and the
 * entry's fields, all passed through `redact` so no secret value can reach a line.
 */
export function createLogger(options: LoggerOptions = {}): LoggerPort {
  const sink = options.sink ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const threshold = RANK[options.level ?? 'info'];
  const base = options.base ?? {};
  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (RANK[level] < threshold) return;
    const entry = redact({ ...base, ...fields }) as Record<string, unknown>;
    sink(JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...entry }));
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
