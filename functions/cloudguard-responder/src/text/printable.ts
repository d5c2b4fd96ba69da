/**
 * Printable text for everything a person reads: the reopen comment Cloud Guard shows, the email
 * and the CLI's report. User-made text (a token description, a key's display name, a closure
 * comment echoed in a reason) must not be able to fake a line, reorder what SecOps reads or hide
 * part of it. Three classes of code point, each handled on its own:
 *
 * - line breaks: CR, LF, tab, VT, FF, NEL (U+0085), LINE SEPARATOR and PARAGRAPH SEPARATOR
 *   (U+2028/2029, which JavaScript, JSON readers and many mail clients break lines on) become
 *   one space, so a value stays on its line;
 * - every other C0 (U+0000–001F) and C1 (U+007F–009F) control is shown as `<U+XXXX>`;
 * - bidirectional controls, the embeddings, overrides and isolates (U+202A–202E, U+2066–2069,
 *   the "Trojan Source" set, CVE-2021-42574) and the invisible marks (U+200E/200F, U+061C), are
 *   shown as `<U+XXXX>`: escaped rather than dropped, so SecOps sees that someone tried.
 *
 * Pure and total: any string in, a string with none of those code points out.
 */
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
const ESCAPED = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function printable(text: string): string {
  return text
    .replace(LINE_BREAKS, ' ')
    .replace(ESCAPED, (character) => `<U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`);
}

/**
 * The same for every string inside a JSON-shaped value (the outcome the Function answers and the
 * CLI prints): objects and arrays are copied, other values kept.
 */
export function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => printableDeep(item)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, printableDeep(item)])) as T;
  }
  return value;
}

/** Printable in JSON text, where JSON.stringify already escapes C0 but leaves C1, the separators and bidi controls raw. */
const RAW_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A JSON text (a log line) with every such code point written as its `\uXXXX` escape: the line
 * reads as printable text in a terminal, and parses to exactly the same value.
 */
export function printableJson(json: string): string {
  return json.replace(RAW_IN_JSON, (character) => `\\u${(character.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}
