import { createLogger, type LoggerPort } from '../../functions/cloudguard-responder/src/index.js';

/**
 * Errors the responder logs that its outcome already carries (the failed step is the outcome's
 * reason, an unpublished email its notification error): the report does not say them twice.
 */
const CARRIED_BY_THE_OUTCOME = ['rotation step failed', 'problem verification failed', 'notification not published'];

/**
 * The responder's logger for one replayed event: its JSON lines go to stderr with --verbose, and
 * whatever it logs as an error that the outcome does not carry (a problem that could not be set
 * OPEN again, a compensating delete that failed) is kept for the report, so it is never seen
 * only by whoever asked for --verbose.
 */
export function replayLogger(options: { verbose: boolean; correlationId: string; stderr: { write(text: string): unknown } }): {
  logger: LoggerPort;
  errors: string[];
} {
  const errors: string[] = [];
  const logger = createLogger({
    sink: (line: string) => {
      if (options.verbose) options.stderr.write(`${line}\n`);
      const entry = JSON.parse(line) as { level?: string; msg?: string; error?: { name?: string; message?: string } };
      if (entry.level !== 'error' || CARRIED_BY_THE_OUTCOME.some((message) => entry.msg?.startsWith(message))) return;
      const cause = entry.error?.message
        ? ` (${entry.error.name ? `${entry.error.name}: ` : ''}${entry.error.message.split('\n')[0] ?? ''})`
        : '';
      errors.push(`${entry.msg ?? 'error'}${cause}`);
    },
    base: { correlationId: options.correlationId, source: 'cg-responder replay' },
  });
  return { logger, errors };
}
