import { compileGoRegexp } from './go-regexp.js';
import { parseTimeLiteral } from './time-literal.js';
import { LEXER_STATES, type Token, type TokenKind } from './token.js';

/**
 * Splits a `when` expression into tokens the way govaluate does, including its quirks: a backslash
 * escapes the next character anywhere, `'` and `"` close each other's strings, a run of symbol
 * characters is one operator (`==-` is not `==` then `-`), `-` and `!` are prefixes only where a
 * value is expected, and a quoted date is a number (see time-literal.ts).
 */

export class LexError extends Error {
  readonly invalidToken: boolean;
  constructor(message: string, invalidToken = false) {
    super(message);
    this.invalidToken = invalidToken;
  }
}

const PREFIX_SYMBOLS = new Set(['-', '!', '~']);
const MODIFIER_SYMBOLS = new Set(['+', '-', '*', '/', '%', '**', '&', '|', '^', '>>', '<<']);
const LOGICAL_SYMBOLS = new Set(['&&', '||']);
const COMPARATOR_SYMBOLS = new Set(['==', '!=', '>', '>=', '<', '<=', '=~', '!~', 'in']);
const TERNARY_SYMBOLS = new Set(['?', ':', '??']);

const isSpace = (c: string) =>
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(c);
const isLetter = (c: string) => /^\p{L}$/u.test(c);
const isDigit = (c: string) => /^\p{Nd}$/u.test(c);
const isNumeric = (c: string) => isDigit(c) || c === '.';
const isHexDigit = (c: string) => isDigit(c) || /^[a-fA-F]$/.test(c);
const isQuote = (c: string) => c === "'" || c === '"';
const isVariableChar = (c: string) => isLetter(c) || isDigit(c) || c === '_' || c === '.';
const isSymbolChar = (c: string) => !(isDigit(c) || isLetter(c) || '()[]'.includes(c) || isQuote(c));

class CharStream {
  private readonly chars: readonly string[];
  position = 0;
  constructor(text: string) {
    this.chars = Array.from(text);
  }
  canRead(): boolean {
    return this.position < this.chars.length;
  }
  read(): string {
    const c = this.chars[this.position];
    if (c === undefined) throw new LexError('a backslash ends the expression');
    this.position++;
    return c;
  }
  rewind(amount: number): void {
    this.position -= amount;
  }
}

interface ReadOptions {
  readonly keepWhitespace: boolean;
  readonly whitespaceEnds: boolean;
}

/** Reads while `accept` holds; `closed` is false when the text ran out first. */
function readWhile(stream: CharStream, options: ReadOptions, accept: (c: string) => boolean) {
  let text = '';
  while (stream.canRead()) {
    let c = stream.read();
    if (c === '\\') {
      c = stream.read();
      text += c;
      continue;
    }
    if (isSpace(c)) {
      if (options.whitespaceEnds && text.length > 0) return { text, closed: true };
      if (!options.keepWhitespace) continue;
    }
    if (!accept(c)) {
      stream.rewind(1);
      return { text, closed: true };
    }
    text += c;
  }
  return { text, closed: false };
}

const WORD: ReadOptions = { keepWhitespace: false, whitespaceEnds: true };
const QUOTED: ReadOptions = { keepWhitespace: true, whitespaceEnds: false };

/** Reads a word starting at the character just read. */
function readWord(stream: CharStream, accept: (c: string) => boolean): string {
  stream.rewind(1);
  return readWhile(stream, WORD, accept).text;
}

/** Tokenizes `expression`; throws LexError. Bare words come out as VARIABLE tokens. */
export function tokenize(expression: string): Token[] {
  const stream = new CharStream(expression);
  const tokens: Token[] = [];
  let state: TokenKind | 'START' = 'START';
  while (stream.canRead()) {
    const token = readToken(stream, state);
    if (token === undefined) break;
    tokens.push(token);
    state = token.kind;
  }
  return tokens;
}

function readToken(stream: CharStream, state: TokenKind | 'START'): Token | undefined {
  while (stream.canRead()) {
    const c = stream.read();
    if (isSpace(c)) continue;
    if (isNumeric(c)) return readNumber(stream, c);
    if (c === ',') return { kind: 'SEPARATOR', value: ',', text: ',' };
    if (c === '[') return readBracketed(stream);
    if (isLetter(c)) return readBareWord(stream);
    if (isQuote(c)) return readQuoted(stream);
    if (c === '(') return { kind: 'CLAUSE', value: '(', text: '(' };
    if (c === ')') return { kind: 'CLAUSE_CLOSE', value: ')', text: ')' };
    return readSymbol(stream, state);
  }
  return undefined;
}

function readNumber(stream: CharStream, first: string): Token {
  if (first === '0' && stream.canRead()) {
    const next = stream.read();
    if (next === 'x' && stream.canRead()) return readHex(stream);
    stream.rewind(1);
  }
  const text = readWord(stream, isNumeric);
  const value = /^(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) throw new LexError(`'${text}' is not a number`);
  return { kind: 'NUMERIC', value, text };
}

function readHex(stream: CharStream): Token {
  const digits = readWhile(stream, WORD, isHexDigit).text;
  if (!/^[0-9a-fA-F]+$/.test(digits) || BigInt(`0x${digits}`) >= 2n ** 64n) {
    throw new LexError(`'0x${digits}' is not a hexadecimal number`);
  }
  return { kind: 'NUMERIC', value: Number(BigInt(`0x${digits}`)), text: `0x${digits}` };
}

function readBracketed(stream: CharStream): Token {
  const { text, closed } = readWhile(stream, QUOTED, (c) => c !== ']');
  if (!closed) throw new LexError("a '[' is never closed");
  stream.read();
  return { kind: 'VARIABLE', value: text, text: `[${text}]` };
}

function readBareWord(stream: CharStream): Token {
  const text = readWord(stream, isVariableChar);
  if (text === 'true' || text === 'false') return { kind: 'BOOLEAN', value: text === 'true', text };
  if (text === 'in' || text === 'IN') return { kind: 'COMPARATOR', value: 'in', text };
  if (!text.includes('.')) return { kind: 'VARIABLE', value: text, text };
  if (text.endsWith('.')) throw new LexError(`'${text}' ends with a '.'`);
  for (const field of text.split('.').slice(1)) {
    const first = Array.from(field)[0] ?? '';
    if (first.toUpperCase() !== first) {
      throw new LexError(`'${text}' reads the unexported field '${field}' of a parameter`);
    }
  }
  return { kind: 'ACCESSOR', value: text, text };
}

function readQuoted(stream: CharStream): Token {
  const { text, closed } = readWhile(stream, QUOTED, (c) => !isQuote(c));
  if (!closed) throw new LexError('a quoted string is never closed');
  stream.read();
  const time = parseTimeLiteral(text);
  if (time !== undefined) return { kind: 'TIME', value: time, text: `'${text}'` };
  return { kind: 'STRING', value: text, text: `'${text}'` };
}

function readSymbol(stream: CharStream, state: TokenKind | 'START'): Token {
  const text = readWord(stream, isSymbolChar);
  if (LEXER_STATES[state].next.includes('PREFIX') && PREFIX_SYMBOLS.has(text)) {
    return { kind: 'PREFIX', value: text, text };
  }
  if (MODIFIER_SYMBOLS.has(text)) return { kind: 'MODIFIER', value: text, text };
  if (LOGICAL_SYMBOLS.has(text)) return { kind: 'LOGICALOP', value: text, text };
  if (COMPARATOR_SYMBOLS.has(text)) return { kind: 'COMPARATOR', value: text, text };
  if (TERNARY_SYMBOLS.has(text)) return { kind: 'TERNARY', value: text, text };
  throw new LexError(`'${text}' is not an operator`, true);
}

/**
 * Compiles the string right of each `=~`/`!~` into a pattern, as govaluate does before planning;
 * throws LexError for an invalid pattern.
 */
export function compileLiteralPatterns(tokens: readonly Token[]): Token[] {
  return tokens.map((token, i) => {
    const previous = tokens[i - 1];
    const isRegexOperand =
      token.kind === 'STRING' &&
      previous?.kind === 'COMPARATOR' &&
      (previous.value === '=~' || previous.value === '!~');
    if (!isRegexOperand) return token;
    const pattern = compileGoRegexp(token.value);
    if (typeof pattern === 'string') throw new LexError(pattern);
    return { kind: 'PATTERN', value: pattern, text: token.text };
  });
}
