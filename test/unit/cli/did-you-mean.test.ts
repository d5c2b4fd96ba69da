import { describe, expect, it } from 'vitest';
import { closestMatch } from '../../../cli/did-you-mean.js';
import { fileErrorReason } from '../../../cli/file-error-reason.js';

describe('closestMatch ("did you mean")', () => {
  it('suggests the known word a typo is closest to: a missing, a swapped or an extra letter', () => {
    // Act
    const suggestions = ['replya', 'jsno', 'verbos', 'stat-out', 'prot'].map((typed) =>
      closestMatch(typed, ['replay', 'json', 'verbose', 'state-out', 'state', 'port']),
    );

    // Assess
    expect(suggestions).toEqual(['replay', 'json', 'verbose', 'state-out', 'port']);
  });

  it('suggests nothing for a word unlike any known one', () => {
    // Act
    const suggestion = closestMatch('deploy', ['replay', 'emulator']);

    // Assess
    expect(suggestion).toBeNull();
  });
});

describe('fileErrorReason', () => {
  it('says in words why a file could not be read, and falls back to the code', () => {
    // Act
    const reasons = ['ENOENT', 'EACCES', 'EISDIR', 'EWEIRD'].map((code) => fileErrorReason(Object.assign(new Error('x'), { code })));

    // Assess
    expect(reasons).toEqual(['no such file', 'permission denied', 'is a directory, not a file', 'EWEIRD']);
  });
});
