import { ExprError } from './errors.js';

export type TokenKind = 'number' | 'string' | 'identifier' | 'operator' | 'pointer' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Operator or identifier text, the decoded string, or the number's source text. */
  readonly value: string;
  readonly pos: number;
}

/** Longest operators first so that `**` wins over `*`, `?.` over `?`, and so on. */
const OPERATORS = [
  '...',
  '..',
  '?.',
  '??',
  '**',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '+',
  '-',
  '*',
  '/',
  '%',
  '^',
  '<',
  '>',
  '!',
  '?',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '.',
  '|',
  ';',
  '=',
] as const;

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  a: '\u0007',
  '0': '\0',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '`': '`',
};

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isIdentStart = (c: string): boolean => /[A-Za-z_$]/.test(c);
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_$]/.test(c);

/** Splits an expression into tokens; throws ExprError('syntax') on characters it cannot read. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
    } else if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) throw syntaxError(source, 'unterminated comment', i);
      i = end + 2;
    } else if (isDigit(c) || (c === '.' && isDigit(source[i + 1] ?? ''))) {
      i = readNumber(source, i, tokens);
    } else if (c === '"' || c === "'" || c === '`') {
      i = readString(source, i, tokens);
    } else if (c === '#') {
      let end = i + 1;
      while (end < source.length && isIdentPart(source[end])) end++;
      tokens.push({ kind: 'pointer', value: source.slice(i + 1, end), pos: i });
      i = end;
    } else if (isIdentStart(c)) {
      let end = i + 1;
      while (end < source.length && isIdentPart(source[end])) end++;
      tokens.push({ kind: 'identifier', value: source.slice(i, end), pos: i });
      i = end;
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (op === undefined) throw syntaxError(source, `unexpected character ${JSON.stringify(c)}`, i);
      tokens.push({ kind: 'operator', value: op, pos: i });
      i += op.length;
    }
  }
  tokens.push({ kind: 'eof', value: '', pos: source.length });
  return tokens;
}

function readNumber(source: string, start: number, tokens: Token[]): number {
  const rest = source.slice(start);
  const radix = /^0[xX][0-9a-fA-F_]+|^0[oO][0-7_]+|^0[bB][01_]+/.exec(rest);
  if (radix) {
    tokens.push({ kind: 'number', value: radix[0].replaceAll('_', ''), pos: start });
    return start + radix[0].length;
  }
  // A dot followed by another dot is a range operator, not a decimal point (`1..3`).
  const match = /^(?:\d[\d_]*)?(?:\.(?!\.)\d*)?(?:[eE][+-]?\d+)?/.exec(rest);
  const text = match ? match[0] : '';
  if (text === '' || text === '.') throw syntaxError(source, 'invalid number', start);
  if (isIdentStart(source[start + text.length] ?? '')) {
    throw syntaxError(source, `invalid number ${JSON.stringify(rest.split(/[^\w.]/)[0])}`, start);
  }
  tokens.push({ kind: 'number', value: text.replaceAll('_', ''), pos: start });
  return start + text.length;
}

function readString(source: string, start: number, tokens: Token[]): number {
  const quote = source[start];
  let i = start + 1;
  let out = '';
  while (i < source.length && source[i] !== quote) {
    if (source[i] === '\\' && quote !== '`') {
      const [text, next] = readEscape(source, i);
      out += text;
      i = next;
    } else {
      out += source[i];
      i++;
    }
  }
  if (i >= source.length) throw syntaxError(source, 'literal not terminated', start);
  tokens.push({ kind: 'string', value: out, pos: start });
  return i + 1;
}

function readEscape(source: string, at: number): [string, number] {
  const c = source[at + 1] ?? '';
  if (c in ESCAPES) return [ESCAPES[c], at + 2];
  const hexLength = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (hexLength > 0) {
    const hex = source.slice(at + 2, at + 2 + hexLength);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength) {
      throw syntaxError(source, 'invalid escape sequence', at);
    }
    return [String.fromCodePoint(Number.parseInt(hex, 16)), at + 2 + hexLength];
  }
  if (/[0-7]/.test(c)) {
    const octal = source.slice(at + 1, at + 4);
    if (/^[0-7]{3}$/.test(octal)) return [String.fromCharCode(Number.parseInt(octal, 8)), at + 4];
  }
  throw syntaxError(source, 'invalid escape sequence', at);
}

/** A syntax ExprError naming the position. */
export function syntaxError(source: string, what: string, pos: number): ExprError {
  return new ExprError('syntax', source, `${what} at position ${pos}`);
}
