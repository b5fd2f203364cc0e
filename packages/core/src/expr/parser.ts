import type { LiteralNode, Node } from './ast.js';
import { syntaxError, type Token, tokenize } from './lexer.js';

interface BinaryInfo {
  readonly precedence: number;
  readonly rightAssociative?: boolean;
}

/** Binary operators and their binding power, as in expr-lang (`??` binds tightest, `or` loosest). */
const BINARY: Record<string, BinaryInfo> = {
  or: { precedence: 10 },
  '||': { precedence: 10 },
  and: { precedence: 15 },
  '&&': { precedence: 15 },
  '==': { precedence: 20 },
  '!=': { precedence: 20 },
  '<': { precedence: 20 },
  '>': { precedence: 20 },
  '<=': { precedence: 20 },
  '>=': { precedence: 20 },
  in: { precedence: 20 },
  matches: { precedence: 20 },
  contains: { precedence: 20 },
  startsWith: { precedence: 20 },
  endsWith: { precedence: 20 },
  '..': { precedence: 25 },
  '+': { precedence: 30 },
  '-': { precedence: 30 },
  '*': { precedence: 60 },
  '/': { precedence: 60 },
  '%': { precedence: 60 },
  '**': { precedence: 100, rightAssociative: true },
  '^': { precedence: 100, rightAssociative: true },
  '??': { precedence: 500 },
};

const NEGATABLE = new Set(['in', 'matches', 'contains', 'startsWith', 'endsWith']);
const UNARY: Record<string, number> = { not: 50, '!': 50, '-': 90, '+': 90 };
const NORMALIZED: Record<string, string> = { or: '||', and: '&&', '^': '**', not: '!' };

/** Builtins whose second argument is a predicate (`filter(list, # > 1)` or `filter(list, {# > 1})`). */
const PREDICATE_BUILTINS = new Set([
  'all',
  'none',
  'any',
  'one',
  'filter',
  'map',
  'count',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'groupBy',
  'sortBy',
  'sum',
  'reduce',
]);

const KEYWORD_LITERALS: Record<string, unknown> = { true: true, false: false, nil: undefined };

/** Parses an expression into a syntax tree; throws ExprError('syntax') naming the position. */
export function parse(source: string): Node {
  const parser = new Parser(source, tokenize(source));
  const node = parser.parseExpression(0);
  parser.expectEnd();
  return node;
}

class Parser {
  private index = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  private get current(): Token {
    return this.tokens[this.index];
  }

  private peek(offset = 1): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  private is(value: string, kind: Token['kind'] = 'operator'): boolean {
    return this.current.kind === kind && this.current.value === value;
  }

  private next(): Token {
    const token = this.current;
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private expect(value: string): Token {
    if (!this.is(value)) throw this.unexpected(`expected ${JSON.stringify(value)}`);
    return this.next();
  }

  private unexpected(hint?: string): Error {
    const token = this.current;
    const what =
      token.kind === 'eof' ? 'unexpected end of expression' : `unexpected token ${describe(token)}`;
    return syntaxError(this.source, hint ? `${what} (${hint})` : what, token.pos);
  }

  expectEnd(): void {
    if (this.current.kind !== 'eof') throw this.unexpected();
  }

  parseExpression(minPrecedence: number): Node {
    if (minPrecedence === 0 && this.is('let', 'identifier')) return this.parseLet();
    let left = this.parseUnary();
    for (;;) {
      const op = this.binaryOperator();
      if (op !== undefined) {
        const info = BINARY[op.name];
        if (info.precedence < minPrecedence) break;
        this.index += op.width;
        const right = this.parseExpression(info.rightAssociative ? info.precedence : info.precedence + 1);
        const node: Node = { type: 'binary', op: normalize(op.name), left, right, pos: op.pos };
        left = op.negated ? { type: 'unary', op: '!', operand: node, pos: op.pos } : node;
      } else if (minPrecedence === 0 && this.is('|')) {
        left = this.parsePipe(left);
      } else {
        break;
      }
    }
    return minPrecedence === 0 ? this.parseConditional(left) : left;
  }

  private binaryOperator(): { name: string; width: number; negated: boolean; pos: number } | undefined {
    const token = this.current;
    if (token.kind !== 'operator' && token.kind !== 'identifier') return undefined;
    if (token.kind === 'identifier' && token.value === 'not') {
      const after = this.peek();
      if (after.kind === 'identifier' && NEGATABLE.has(after.value)) {
        return { name: after.value, width: 2, negated: true, pos: token.pos };
      }
      return undefined;
    }
    if (!Object.hasOwn(BINARY, token.value)) return undefined;
    if (token.kind === 'identifier' && !/^[a-zA-Z]/.test(token.value)) return undefined;
    if (token.kind === 'operator' && /^[a-zA-Z]/.test(token.value)) return undefined;
    return { name: token.value, width: 1, negated: false, pos: token.pos };
  }

  private parseLet(): Node {
    const start = this.next();
    const name = this.next();
    if (name.kind !== 'identifier') {
      throw syntaxError(this.source, 'expected a variable name after let', name.pos);
    }
    this.expect('=');
    const value = this.parseExpression(0);
    this.expect(';');
    const body = this.parseExpression(0);
    return { type: 'let', name: name.value, value, body, pos: start.pos };
  }

  private parseConditional(test: Node): Node {
    if (!this.is('?')) return test;
    const at = this.next();
    if (this.is(':')) {
      this.next();
      const alternate = this.parseExpression(0);
      return { type: 'binary', op: '?:', left: test, right: alternate, pos: at.pos };
    }
    const consequent = this.parseExpression(0);
    this.expect(':');
    const alternate = this.parseExpression(0);
    return { type: 'conditional', test, consequent, alternate, pos: at.pos };
  }

  private parsePipe(left: Node): Node {
    this.next();
    const name = this.next();
    if (name.kind !== 'identifier') {
      throw syntaxError(this.source, 'expected a function name after |', name.pos);
    }
    const callee: Node = { type: 'identifier', name: name.value, pos: name.pos };
    const args = this.is('(') ? this.parseArguments(name.value, 1) : [];
    return { type: 'call', callee, args: [left, ...args], pos: name.pos };
  }

  private parseUnary(): Node {
    const token = this.current;
    const isUnary =
      (token.kind === 'operator' && ['!', '-', '+'].includes(token.value)) ||
      (token.kind === 'identifier' && token.value === 'not');
    if (!isUnary) return this.parsePostfix(this.parsePrimary());
    this.next();
    const operand = this.parseExpression(UNARY[token.value]);
    return { type: 'unary', op: normalize(token.value), operand, pos: token.pos };
  }

  private parsePrimary(): Node {
    const token = this.current;
    switch (token.kind) {
      case 'number':
        this.next();
        return literal(parseNumber(token.value), token.pos);
      case 'string':
        this.next();
        return literal(token.value, token.pos);
      case 'pointer':
        return this.parsePointer();
      case 'identifier':
        return this.parseIdentifier();
      case 'operator':
        return this.parseBracketed();
      default:
        throw this.unexpected();
    }
  }

  private parsePointer(): Node {
    const token = this.next();
    if (token.value !== '' && token.value !== 'index' && token.value !== 'acc') {
      throw syntaxError(this.source, `unknown pointer #${token.value}`, token.pos);
    }
    return { type: 'pointer', name: token.value, pos: token.pos };
  }

  private parseIdentifier(): Node {
    const token = this.next();
    if (Object.hasOwn(KEYWORD_LITERALS, token.value))
      return literal(KEYWORD_LITERALS[token.value], token.pos);
    const node: Node = { type: 'identifier', name: token.value, pos: token.pos };
    if (!this.is('(')) return node;
    return { type: 'call', callee: node, args: this.parseArguments(token.value, 0), pos: token.pos };
  }

  private parseBracketed(): Node {
    const token = this.current;
    if (token.value === '(') {
      this.next();
      const inner = this.parseExpression(0);
      this.expect(')');
      return inner;
    }
    if (token.value === '[') return this.parseArray();
    if (token.value === '{') return this.parseMap();
    if (token.value === '.' && this.peek().kind === 'identifier') {
      // `.field` inside a predicate is shorthand for `#.field`.
      this.next();
      const name = this.next();
      const pointer: Node = { type: 'pointer', name: '', pos: token.pos };
      return {
        type: 'member',
        object: pointer,
        property: literal(name.value, name.pos),
        optional: false,
        pos: token.pos,
      };
    }
    throw this.unexpected();
  }

  private parseArray(): Node {
    const start = this.expect('[');
    const elements: Node[] = [];
    while (!this.is(']')) {
      elements.push(this.parseExpression(0));
      if (!this.is(']')) this.expect(',');
    }
    this.next();
    return { type: 'array', elements, pos: start.pos };
  }

  private parseMap(): Node {
    const start = this.expect('{');
    const entries: { key: Node; value: Node }[] = [];
    while (!this.is('}')) {
      const key = this.parseMapKey();
      this.expect(':');
      entries.push({ key, value: this.parseExpression(0) });
      if (!this.is('}')) this.expect(',');
    }
    this.next();
    return { type: 'map', entries, pos: start.pos };
  }

  private parseMapKey(): Node {
    const token = this.current;
    if (token.kind === 'identifier' || token.kind === 'string') {
      this.next();
      return literal(token.value, token.pos);
    }
    if (token.kind === 'number') {
      this.next();
      return literal(token.value, token.pos);
    }
    if (this.is('(')) {
      this.next();
      const key = this.parseExpression(0);
      this.expect(')');
      return key;
    }
    throw this.unexpected('expected a map key');
  }

  /** Parses `(a, b, …)`; the predicate builtins take a closure as their second argument. */
  private parseArguments(name: string, alreadyGiven: number): Node[] {
    this.expect('(');
    const args: Node[] = [];
    while (!this.is(')')) {
      const position = args.length + alreadyGiven;
      const wantsClosure = PREDICATE_BUILTINS.has(name) && position === 1;
      args.push(wantsClosure ? this.parseClosure() : this.parseExpression(0));
      if (!this.is(')')) this.expect(',');
    }
    this.next();
    return args;
  }

  private parseClosure(): Node {
    const start = this.current;
    const braced = this.is('{');
    if (braced) this.next();
    const body = this.parseExpression(0);
    if (braced) this.expect('}');
    return { type: 'closure', body, pos: start.pos };
  }

  private parsePostfix(node: Node): Node {
    let result = node;
    for (;;) {
      const token = this.current;
      if (token.kind !== 'operator') return result;
      if (token.value === '.' || token.value === '?.') {
        result = this.parseDot(result, token.value === '?.');
      } else if (token.value === '[') {
        result = this.parseIndex(result, false);
      } else if (token.value === '(' && result.type === 'member') {
        result = { type: 'call', callee: result, args: this.parseArguments('', 0), pos: token.pos };
      } else {
        return result;
      }
    }
  }

  private parseDot(object: Node, optional: boolean): Node {
    const dot = this.next();
    if (optional && this.is('[')) return this.parseIndex(object, true);
    const name = this.next();
    if (name.kind !== 'identifier') throw syntaxError(this.source, 'expected a member name', name.pos);
    return { type: 'member', object, property: literal(name.value, name.pos), optional, pos: dot.pos };
  }

  private parseIndex(object: Node, optional: boolean): Node {
    const open = this.expect('[');
    const from = this.is(':') ? undefined : this.parseExpression(0);
    if (this.is(':')) {
      this.next();
      const to = this.is(']') ? undefined : this.parseExpression(0);
      this.expect(']');
      return { type: 'slice', object, from, to, pos: open.pos };
    }
    this.expect(']');
    if (from === undefined) throw syntaxError(this.source, 'empty index', open.pos);
    return { type: 'member', object, property: from, optional, pos: open.pos };
  }
}

function literal(value: unknown, pos: number): LiteralNode {
  return { type: 'literal', value, pos };
}

function normalize(op: string): string {
  return NORMALIZED[op] ?? op;
}

function parseNumber(text: string): number {
  if (/^0[xob]/i.test(text)) return Number(text.toLowerCase());
  return Number(text.startsWith('.') ? `0${text}` : text);
}

function describe(token: Token): string {
  return token.kind === 'string' ? JSON.stringify(token.value) : JSON.stringify(token.value || `#`);
}
