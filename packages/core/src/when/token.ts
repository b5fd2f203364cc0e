import type { WhenPattern } from './value.js';

/** Token kinds, as govaluate classifies them. */
export const TokenKind = {
  Prefix: 'PREFIX',
  Numeric: 'NUMERIC',
  Boolean: 'BOOLEAN',
  String: 'STRING',
  Pattern: 'PATTERN',
  Time: 'TIME',
  Variable: 'VARIABLE',
  Accessor: 'ACCESSOR',
  Comparator: 'COMPARATOR',
  LogicalOp: 'LOGICALOP',
  Modifier: 'MODIFIER',
  Clause: 'CLAUSE',
  ClauseClose: 'CLAUSE_CLOSE',
  Ternary: 'TERNARY',
  Separator: 'SEPARATOR',
} as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

export type Token =
  | { readonly kind: 'NUMERIC' | 'TIME'; readonly value: number; readonly text: string }
  | { readonly kind: 'BOOLEAN'; readonly value: boolean; readonly text: string }
  | { readonly kind: 'PATTERN'; readonly value: WhenPattern; readonly text: string }
  | {
      readonly kind: Exclude<TokenKind, 'NUMERIC' | 'TIME' | 'BOOLEAN' | 'PATTERN'>;
      readonly value: string;
      readonly text: string;
    };

const OPERAND_KINDS: readonly TokenKind[] = [
  'PREFIX',
  'NUMERIC',
  'BOOLEAN',
  'VARIABLE',
  'PATTERN',
  'ACCESSOR',
  'STRING',
  'TIME',
  'CLAUSE',
];
const AFTER_VALUE: readonly TokenKind[] = [
  'MODIFIER',
  'COMPARATOR',
  'LOGICALOP',
  'CLAUSE_CLOSE',
  'TERNARY',
  'SEPARATOR',
];
const AFTER_OPERATOR: readonly TokenKind[] = [
  'PREFIX',
  'NUMERIC',
  'BOOLEAN',
  'VARIABLE',
  'ACCESSOR',
  'STRING',
];

interface LexerState {
  /** May the expression end after this token? */
  readonly canEnd: boolean;
  readonly next: readonly TokenKind[];
}

/** Which token may follow which: govaluate's grammar is this table (`START` is before the first token). */
export const LEXER_STATES: Readonly<Record<TokenKind | 'START', LexerState>> = {
  START: { canEnd: false, next: OPERAND_KINDS },
  CLAUSE: { canEnd: false, next: [...OPERAND_KINDS, 'CLAUSE_CLOSE'] },
  CLAUSE_CLOSE: {
    canEnd: true,
    next: [...AFTER_VALUE, 'NUMERIC', 'BOOLEAN', 'VARIABLE', 'STRING', 'PATTERN', 'TIME', 'CLAUSE'],
  },
  NUMERIC: { canEnd: true, next: AFTER_VALUE },
  BOOLEAN: { canEnd: true, next: AFTER_VALUE },
  STRING: { canEnd: true, next: AFTER_VALUE },
  VARIABLE: { canEnd: true, next: AFTER_VALUE },
  TIME: { canEnd: true, next: ['MODIFIER', 'COMPARATOR', 'LOGICALOP', 'CLAUSE_CLOSE', 'SEPARATOR'] },
  PATTERN: { canEnd: true, next: ['MODIFIER', 'COMPARATOR', 'LOGICALOP', 'CLAUSE_CLOSE', 'SEPARATOR'] },
  MODIFIER: { canEnd: false, next: [...AFTER_OPERATOR, 'CLAUSE', 'CLAUSE_CLOSE'] },
  COMPARATOR: { canEnd: false, next: [...AFTER_OPERATOR, 'TIME', 'CLAUSE', 'CLAUSE_CLOSE', 'PATTERN'] },
  LOGICALOP: { canEnd: false, next: [...AFTER_OPERATOR, 'TIME', 'CLAUSE', 'CLAUSE_CLOSE'] },
  PREFIX: { canEnd: false, next: ['NUMERIC', 'BOOLEAN', 'VARIABLE', 'ACCESSOR', 'CLAUSE', 'CLAUSE_CLOSE'] },
  TERNARY: { canEnd: false, next: [...AFTER_OPERATOR, 'TIME', 'CLAUSE', 'SEPARATOR'] },
  ACCESSOR: { canEnd: true, next: ['CLAUSE', ...AFTER_VALUE] },
  SEPARATOR: { canEnd: false, next: [...AFTER_OPERATOR, 'TIME', 'CLAUSE'] },
};

/** Checks the token sequence against the grammar table; returns a problem or undefined. */
export function checkTokenOrder(tokens: readonly Token[]): string | undefined {
  let state: TokenKind | 'START' = 'START';
  let previous: Token | undefined;
  for (const token of tokens) {
    if (!LEXER_STATES[state].next.includes(token.kind)) {
      if (previous?.kind === 'VARIABLE' && token.kind === 'CLAUSE') {
        return `'${previous.value}(' calls a function, and no functions are defined`;
      }
      const after = previous ? `${previous.kind} '${previous.text}'` : 'the start';
      return `${token.kind} '${token.text}' cannot follow ${after}`;
    }
    state = token.kind;
    previous = token;
  }
  if (!LEXER_STATES[state].canEnd) return 'the expression ends too early';
  return undefined;
}
