import { describe, expect, it } from 'vitest';
import { printable, printableDeep, printableJson } from '../../../functions/cloudguard-responder/src/text/printable.js';

describe('Printable text', () => {
  it('turns C0 line breaks into one space and shows every other C0 control as <U+XXXX>', () => {
    // Act
    const shown = printable('one\r\ntwo\tthree\u0000four\u001bfive\u0007');

    // Assess
    expect(shown).toBe('one two three<U+0000>four<U+001B>five<U+0007>');
  });

  it('shows C1 controls as <U+XXXX>, and NEL (U+0085) as the line break it is', () => {
    // Act
    const shown = printable('a\u007fb\u009bc\u0085d');

    // Assess
    expect(shown).toBe('a<U+007F>b<U+009B>c d');
  });

  it('turns LINE SEPARATOR and PARAGRAPH SEPARATOR (U+2028, U+2029) into spaces', () => {
    // Act
    const shown = printable('docker\u2028Outcome: ROTATED\u2029end');

    // Assess
    expect(shown).toBe('docker Outcome: ROTATED end');
  });

  it('shows every bidi embedding, override and isolate (U+202A-202E, U+2066-2069) and the invisible marks as <U+XXXX>', () => {
    // Prepare
    const bidi = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];

    // Act
    const shown = bidi.map((character) => printable(`x${character}y`));

    // Assess
    expect(shown).toEqual(
      ['202A', '202B', '202C', '202D', '202E', '2066', '2067', '2068', '2069', '200E', '200F', '061C'].map((code) => `x<U+${code}>y`),
    );
  });

  it('leaves ordinary text, accents and other scripts as they are', () => {
    // Act
    const shown = printable('Rotated API key of zoë@example.com · secret v2 — 鍵');

    // Assess
    expect(shown).toBe('Rotated API key of zoë@example.com · secret v2 — 鍵');
  });

  it('cleans every string inside an outcome-shaped value and keeps the rest', () => {
    // Act
    const cleaned = printableDeep({
      reason: 'a\u202eb',
      count: 3,
      ok: true,
      none: null,
      verified: ['c\u2028d'],
      credential: { newId: 'e\nf' },
    });

    // Assess
    expect(cleaned).toEqual({ reason: 'a<U+202E>b', count: 3, ok: true, none: null, verified: ['c d'], credential: { newId: 'e f' } });
  });

  it('writes C1, separators and bidi controls in JSON text as \\u escapes: printable, and the same value once parsed', () => {
    // Prepare
    const value = { reason: 'docker\u2028Outcome: ROTATED \u202eexe.tnemmoc\u0085' };

    // Act
    const line = printableJson(JSON.stringify(value));

    // Assess
    expect(line).toBe('{"reason":"docker\\u2028Outcome: ROTATED \\u202eexe.tnemmoc\\u0085"}');
    expect(JSON.parse(line)).toEqual(value);
  });
});
