import { describe, expect, it } from 'vitest';
import { assertValidFaultSpec, FaultTable, InvalidFaultSpecError } from '../../../emulator/control/faults.js';

describe('FaultTable', () => {
  it('matches the operation name case-insensitively', () => {
    // Prepare
    const faults = new FaultTable();
    faults.add({ operation: 'uploadapikey', status: 503 });

    // Act
    const taken = faults.take('UploadApiKey');

    // Assess
    expect(taken).toMatchObject({ operation: 'uploadapikey', status: 503 });
  });

  it('applies a counted fault to the next N matching calls only', () => {
    // Prepare
    const faults = new FaultTable();
    faults.add({ operation: 'GetUser', status: 500, count: 2 });

    // Act
    const taken = [faults.take('GetUser'), faults.take('ListApiKeys'), faults.take('GetUser'), faults.take('GetUser')];

    // Assess
    expect(taken.map((fault) => fault?.status ?? null)).toEqual([500, null, 500, null]);
  });

  it('applies a fault without count to every call until cleared', () => {
    // Prepare
    const faults = new FaultTable();
    faults.add({ operation: 'GetUser', status: 429, code: 'TooManyRequests' });
    const before = [faults.take('GetUser'), faults.take('GetUser'), faults.take('GetUser')];

    // Act
    faults.clear();

    // Assess
    expect(before.every((fault) => fault?.code === 'TooManyRequests')).toBe(true);
    expect(faults.take('GetUser')).toBeNull();
  });

  it('uses faults for one operation in the order they were added', () => {
    // Prepare
    const faults = new FaultTable();
    faults.add({ operation: 'UpdateSecret', status: 409, code: 'IncorrectState', count: 1 });
    faults.add({ operation: 'UpdateSecret', status: 500, count: 1 });

    // Act
    const taken = [faults.take('UpdateSecret'), faults.take('UpdateSecret'), faults.take('UpdateSecret')];

    // Assess
    expect(taken.map((fault) => fault?.status ?? null)).toEqual([409, 500, null]);
  });

  it('returns distinct ids and keeps its own copy of the spec', () => {
    // Prepare
    const faults = new FaultTable();
    const spec = { operation: 'GetUser', status: 500 };

    // Act
    const ids = [faults.add(spec), faults.add({ operation: 'GetUser', delayMs: 10 })];
    spec.status = 503;

    // Assess
    expect(new Set(ids).size).toBe(2);
    expect(faults.take('GetUser')?.status).toBe(500);
  });
});

describe('assertValidFaultSpec', () => {
  it.each([
    { operation: 'GetUser', status: 503 },
    { operation: 'GetUser', delayMs: 250 },
    { operation: 'UploadApiKey', status: 500, code: 'InternalServerError', message: 'boom', count: 1, delayMs: 0, phase: 'after' },
  ])('accepts %j', (spec) => {
    // Act
    const check = (): void => assertValidFaultSpec(spec);

    // Assess
    expect(check).not.toThrow();
  });

  it.each([
    ['not an object', 'GetUser', /JSON object/],
    ['no operation', { status: 500 }, /operation/],
    ['neither status nor delay', { operation: 'GetUser' }, /status, a delayMs/],
    ['a status outside 400–599', { operation: 'GetUser', status: 200 }, /status/],
    ['a zero count', { operation: 'GetUser', status: 500, count: 0 }, /count/],
    ['a negative delay', { operation: 'GetUser', delayMs: -1 }, /delayMs/],
    ['an unknown phase', { operation: 'GetUser', status: 500, phase: 'during' }, /phase/],
    ['a phase without a status', { operation: 'GetUser', delayMs: 5, phase: 'after' }, /phase only applies/],
    ['an unknown field', { operation: 'GetUser', status: 500, times: 2 }, /times/],
  ])('rejects %s', (_name, spec, reason) => {
    // Act
    const check = (): void => assertValidFaultSpec(spec);

    // Assess
    expect(check).toThrow(InvalidFaultSpecError);
    expect(check).toThrow(reason);
  });
});
