/**
 * Parses a DAG task's `depends` expression for lint:
 *   expr := and ('||' and)* ; and := unary ('&&' unary)* ; unary := '!' unary | '(' expr ')' | TASK['.'RESULT]
 */

export const TASK_RESULTS = [
  'Succeeded',
  'Failed',
  'Errored',
  'Skipped',
  'Omitted',
  'Daemoned',
  'AnySucceeded',
  'AllFailed',
] as const;

/** A task named in `depends`, with the result it asks for (if any). */
export interface DependsReference {
  readonly task: string;
  readonly result?: string;
}

export type DependsParse =
  | { readonly ok: true; readonly references: readonly DependsReference[] }
  | { readonly ok: false; readonly message: string };

const TOKEN = /\s*(\|\||&&|!|\(|\)|[A-Za-z0-9][-A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]*)?|\S)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) tokens.push(match[1]);
  return tokens;
}

/**
 * The tasks `depends` names, or why it does not parse.
 *
 * @example
 * parseDepends('(a.Succeeded || b) && !c.Failed') // ok, references a, b, c
 * parseDepends('a.Finished') // { ok: false, message: 'unknown task result "Finished" …' }
 */
export function parseDepends(text: string): DependsParse {
  const tokens = tokenize(text);
  const references: DependsReference[] = [];
  let position = 0;
  const fail = (message: string): DependsParse => ({ ok: false, message });
  const parseOr = (): string | undefined => parseList('||', parseAnd);
  const parseAnd = (): string | undefined => parseList('&&', parseUnary);
  const parseList = (operator: string, operand: () => string | undefined): string | undefined => {
    for (;;) {
      const problem = operand();
      if (problem || tokens[position] !== operator) return problem;
      position++;
    }
  };
  const parseUnary = (): string | undefined => {
    const token = tokens[position++];
    if (token === undefined) return 'unexpected end of expression';
    if (token === '!') return parseUnary();
    if (token === '(') {
      const problem = parseOr();
      if (problem) return problem;
      return tokens[position++] === ')' ? undefined : 'missing ")"';
    }
    if (!/^[A-Za-z0-9]/.test(token)) return `unexpected "${token}"`;
    return addReference(token, references);
  };
  const problem = parseOr() ?? (position < tokens.length ? `unexpected "${tokens[position]}"` : undefined);
  return problem ? fail(problem) : { ok: true, references };
}

function addReference(token: string, references: DependsReference[]): string | undefined {
  const dot = token.indexOf('.');
  if (dot < 0) {
    references.push({ task: token });
    return undefined;
  }
  const task = token.slice(0, dot);
  const result = token.slice(dot + 1);
  if (!(TASK_RESULTS as readonly string[]).includes(result)) {
    return `unknown task result "${result}" for task "${task}" (expected one of ${TASK_RESULTS.join(', ')})`;
  }
  references.push({ task, result });
  return undefined;
}
