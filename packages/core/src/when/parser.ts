import type { Token, TokenKind } from './token.js';
import type { WhenValue } from './value.js';

/**
 * Builds the expression tree from tokens with govaluate's precedence, loosest first:
 *
 *   ,  →  ? : ??  →  ||  →  &&  →  == != < <= > >= =~ !~ in  →  & | ^  →  << >>  →  + -  →  * / %  →  **
 *
 * then prefixes (- ! ~) on a single operand. Every level is left-associative. Like govaluate, the
 * parser stops quietly at a token it cannot use (`(a) b` is `(a)`), takes the token after a
 * parenthesised group to be its `)`, and gives a parameter accessor with arguments (`a.B(…)`) the
 * whole rest of the expression as arguments. An empty operand (from `()` or `(1 ==)`) is nil.
 */

export type WhenNode =
  | { readonly type: 'literal'; readonly value: WhenValue }
  | { readonly type: 'accessor'; readonly name: string; readonly args: WhenNode | undefined }
  | { readonly type: 'group'; readonly inner: WhenNode | undefined }
  | { readonly type: 'prefix'; readonly operator: string; readonly operand: WhenNode | undefined }
  | {
      readonly type: 'binary';
      readonly operator: string;
      readonly left: WhenNode | undefined;
      readonly right: WhenNode | undefined;
    };

interface Level {
  readonly kind: TokenKind;
  readonly symbols: ReadonlySet<string>;
}

const LEVELS: readonly Level[] = [
  { kind: 'SEPARATOR', symbols: new Set([',']) },
  { kind: 'TERNARY', symbols: new Set(['?', ':', '??']) },
  { kind: 'LOGICALOP', symbols: new Set(['||']) },
  { kind: 'LOGICALOP', symbols: new Set(['&&']) },
  { kind: 'COMPARATOR', symbols: new Set(['==', '!=', '>', '>=', '<', '<=', '=~', '!~', 'in']) },
  { kind: 'MODIFIER', symbols: new Set(['&', '|', '^']) },
  { kind: 'MODIFIER', symbols: new Set(['<<', '>>']) },
  { kind: 'MODIFIER', symbols: new Set(['+', '-']) },
  { kind: 'MODIFIER', symbols: new Set(['*', '/', '%']) },
  { kind: 'MODIFIER', symbols: new Set(['**']) },
];

export class ParseError extends Error {}

/** Parses tokens that passed `checkTokenOrder`; undefined for an empty expression. */
export function parseTokens(tokens: readonly Token[]): WhenNode | undefined {
  return new Parser(tokens).parseExpression();
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parseExpression(): WhenNode | undefined {
    return this.parseLevel(0);
  }

  private parseLevel(level: number): WhenNode | undefined {
    if (level === LEVELS.length) return this.parseOperand();
    const { kind, symbols } = LEVELS[level];
    let left = this.parseLevel(level + 1);
    for (;;) {
      const token = this.tokens[this.index];
      if (token === undefined || token.kind !== kind || !symbols.has(String(token.value))) return left;
      this.index++;
      const right = this.parseLevel(level + 1);
      left = { type: 'binary', operator: String(token.value), left, right };
    }
  }

  private parseOperand(): WhenNode | undefined {
    const token = this.tokens[this.index];
    if (token === undefined) return undefined;
    this.index++;
    switch (token.kind) {
      case 'CLAUSE':
        return this.parseGroup();
      case 'CLAUSE_CLOSE':
        this.index--;
        return undefined;
      case 'PREFIX':
        return { type: 'prefix', operator: token.value, operand: this.parseOperand() };
      case 'ACCESSOR':
        return this.parseAccessor(token.value);
      case 'NUMERIC':
      case 'TIME':
      case 'STRING':
      case 'BOOLEAN':
      case 'PATTERN':
        return { type: 'literal', value: token.value };
      default:
        throw new ParseError(`${token.kind} '${token.text}' cannot start an operand`);
    }
  }

  private parseGroup(): WhenNode {
    const inner = this.parseExpression();
    if (this.index >= this.tokens.length) throw new ParseError("a '(' is never closed");
    this.index++;
    return { type: 'group', inner };
  }

  private parseAccessor(name: string): WhenNode {
    const args = this.tokens[this.index]?.kind === 'CLAUSE' ? this.parseExpression() : undefined;
    return { type: 'accessor', name, args };
  }
}
