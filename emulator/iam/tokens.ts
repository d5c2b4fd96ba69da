import { PolicySyntaxError } from './policy-syntax-error.js';

export type Token =
  | { kind: 'word'; value: string }
  | { kind: 'quoted'; value: string }
  | { kind: 'symbol'; value: '{' | '}' | ',' | '=' | '!=' | '/' };

/**
 * Splits a policy statement or matching rule into words, single-quoted strings and the symbols
 * of OCI's grammar (`{ } , = != /`). Keywords stay words; the parsers compare them
 * case-insensitively, as OCI does ("Allow" and "allow" are the same verb).
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === "'") {
      const end = text.indexOf("'", index + 1);
      if (end < 0) throw new PolicySyntaxError(text, 'unterminated quoted string');
      tokens.push({ kind: 'quoted', value: text.slice(index + 1, end) });
      index = end + 1;
    } else if (char === '!' && text[index + 1] === '=') {
      tokens.push({ kind: 'symbol', value: '!=' });
      index += 2;
    } else if (char === '{' || char === '}' || char === ',' || char === '=' || char === '/') {
      tokens.push({ kind: 'symbol', value: char });
      index += 1;
    } else {
      const match = /^[^\s{},='!/]+/.exec(text.slice(index));
      if (!match) throw new PolicySyntaxError(text, `unexpected character "${char}"`);
      tokens.push({ kind: 'word', value: match[0] });
      index += match[0].length;
    }
  }
  return tokens;
}

/** A cursor over tokens with the few look-ahead helpers both grammars need. */
export class TokenCursor {
  #index = 0;

  constructor(
    readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  peek(): Token | undefined {
    return this.tokens[this.#index];
  }

  next(what: string): Token {
    const token = this.tokens[this.#index];
    if (!token) throw new PolicySyntaxError(this.text, `expected ${what} but the text ended`);
    this.#index += 1;
    return token;
  }

  atEnd(): boolean {
    return this.#index >= this.tokens.length;
  }

  /** Consumes the keyword (case-insensitive) or throws naming it. */
  keyword(expected: string): void {
    const token = this.next(`"${expected}"`);
    if (token.kind !== 'word' || token.value.toLowerCase() !== expected)
      throw new PolicySyntaxError(this.text, `expected "${expected}" but found "${token.value}"`);
  }

  isKeyword(expected: string): boolean {
    const token = this.peek();
    return token?.kind === 'word' && token.value.toLowerCase() === expected;
  }

  isSymbol(expected: string): boolean {
    const token = this.peek();
    return token?.kind === 'symbol' && token.value === expected;
  }

  symbol(expected: string): void {
    const token = this.next(`"${expected}"`);
    if (token.kind !== 'symbol' || token.value !== expected)
      throw new PolicySyntaxError(this.text, `expected "${expected}" but found "${token.value}"`);
  }
}
