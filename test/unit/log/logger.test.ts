import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../functions/cloudguard-responder/src/errors/config-error.js';
import { createLogger } from '../../../functions/cloudguard-responder/src/log/logger.js';

function capture(level?: 'debug' | 'info' | 'warn' | 'error', base?: Record<string, unknown>) {
  const lines: string[] = [];
  const logger = createLogger({ sink: (line) => void lines.push(line), ...(level ? { level } : {}), ...(base ? { base } : {}) });
  return { lines, logger, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('Logger: one JSON object per line', () => {
  it('writes time, level, msg and correlationId first, then the base keys and the fields', () => {
    // Prepare
    const { lines, logger, entries } = capture('info', { correlationId: 'call-1', source: 'test' });

    // Act
    logger.info('rotation requested', { problemId: 'ocid1.cloudguardproblem.oc1.iad.aaaa' });

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const [entry] = entries();
    expect(Object.keys(entry ?? {})).toEqual(['time', 'level', 'msg', 'correlationId', 'source', 'problemId']);
    expect(entry).toMatchObject({ level: 'info', msg: 'rotation requested', correlationId: 'call-1', source: 'test' });
    expect(Number.isNaN(Date.parse(String(entry?.['time'])))).toBe(false);
  });

  it('writes a user-made label with separators and a bidi override as escapes, so the line reads as printable text and parses the same', () => {
    // Prepare
    const { lines, logger, entries } = capture();
    const label = 'docker\u2028Outcome: ROTATED \u202eexe.tnemmoc';

    // Act
    logger.warn('slot held', { label });

    // Assess
    expect(lines[0]).not.toMatch(/[\u2028\u2029\u202e]/);
    expect(entries()[0]?.['label']).toBe(label);
  });

  it('writes correlationId as null when none was given', () => {
    // Prepare
    const { logger, entries } = capture();

    // Act
    logger.warn('no id');

    // Assess
    expect(entries()[0]?.['correlationId']).toBeNull();
  });

  it('drops entries below its level (info by default)', () => {
    // Prepare
    const byDefault = capture();
    const warnOnly = capture('warn');

    // Act
    for (const { logger } of [byDefault, warnOnly]) {
      logger.debug('d');
      logger.info('i');
      logger.warn('w');
      logger.error('e');
    }

    // Assess
    expect(byDefault.entries().map((entry) => entry['level'])).toEqual(['info', 'warn', 'error']);
    expect(warnOnly.entries().map((entry) => entry['level'])).toEqual(['warn', 'error']);
  });

  it('adds child keys to every line of the child only, with the same sink and level', () => {
    // Prepare
    const { logger, entries } = capture('info', { correlationId: 'call-1' });
    const child = logger.child({ step: 'store-pending', problemId: 'p1' });

    // Act
    child.debug('hidden');
    child.info('from child', { attempt: 2 });
    logger.info('from parent');

    // Assess
    expect(entries()).toMatchObject([
      { msg: 'from child', correlationId: 'call-1', step: 'store-pending', problemId: 'p1', attempt: 2 },
      { msg: 'from parent', correlationId: 'call-1' },
    ]);
    expect(entries()[1]).not.toHaveProperty('step');
  });

  it('keeps its own time, level and msg when a field has the same name', () => {
    // Prepare
    const { logger, entries } = capture();

    // Act
    logger.info('real', { msg: 'fake', level: 'error', time: 'then' });

    // Assess
    expect(entries()[0]).toMatchObject({ msg: 'real', level: 'info', _msg: 'fake', _level: 'error', _time: 'then' });
  });

  it('serialises errors with name, message, context fields and cause', () => {
    // Prepare
    const { logger, entries } = capture();
    const error = new ConfigError('CGR_TOPIC_OCID', 'CGR_TOPIC_OCID is required.', { cause: new TypeError('inner') });

    // Act
    logger.error('not configured', { error });

    // Assess
    expect(entries()[0]?.['error']).toEqual({
      name: 'ConfigError',
      message: 'CGR_TOPIC_OCID is required.',
      retryable: false,
      // `key` is a sensitive name (CustomerSecretKey.key), so even ConfigError.key is masked;
      // the message names the setting anyway.
      key: '[redacted]',
      cause: { name: 'TypeError', message: 'inner' },
    });
  });

  it('never throws when the sink fails', () => {
    // Prepare
    const logger = createLogger({
      sink: () => {
        throw new Error('disk full');
      },
    });

    // Act
    const act = () => logger.error('still fine');

    // Assess
    expect(act).not.toThrow();
  });
});
