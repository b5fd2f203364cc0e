/**
 * DAG `depends` expressions (Argo's enhanced depends logic):
 *   expr := or ; or := and ('||' and)* ; and := unary ('&&' unary)* ; unary := '!' unary | '(' expr ')' | TASK[.RESULT]
 * A bare task name means `(T.Succeeded || T.Skipped || T.Daemoned)`.
 */
export const dependResults = [
  'Succeeded',
  'Failed',
  'Errored',
  'Skipped',
  'Omitted',
  'Daemoned',
  'AnySucceeded',
  'AllFailed',
] as const;
export type DependResult = (typeof dependResults)[number];

export type DependsNode =
  | { readonly type: 'task'; readonly task: string; readonly result?: DependResult }
  | { readonly type: 'not'; readonly operand: DependsNode }
  | { readonly type: 'and' | 'or'; readonly left: DependsNode; readonly right: DependsNode };

/** Says what is wrong with a `depends` expression (callers add which task and expression). */
export class DependsSyntaxError extends Error {}

export function parseDepends(text: string): DependsNode {
  const tokens = text.match(/\|\||&&|!|\(|\)|[A-Za-z0-9_\-.]+|\S/g) ?? [];
  let position = 0;
  const peek = () => tokens[position];
  const fail = (what: string): never => {
    throw new DependsSyntaxError(what);
  };
  const parseOr = (): DependsNode => {
    let left = parseAnd();
    while (peek() === '||') {
      position++;
      left = { type: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): DependsNode => {
    let left = parseUnary();
    while (peek() === '&&') {
      position++;
      left = { type: 'and', left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): DependsNode => {
    const token = peek();
    if (token === undefined) return fail('unexpected end of expression');
    position++;
    if (token === '!') return { type: 'not', operand: parseUnary() };
    if (token === '(') {
      const inner = parseOr();
      if (peek() !== ')') fail('missing ")"');
      position++;
      return inner;
    }
    if (!/^[A-Za-z0-9_\-.]+$/.test(token)) return fail(`unexpected "${token}"`);
    return taskReference(token, fail);
  };
  const tree = parseOr();
  if (position < tokens.length) fail(`unexpected "${tokens[position]}"`);
  return tree;
}

/** `task` or `task.Result`; task names cannot contain dots, so anything after one must be a result. */
function taskReference(token: string, fail: (what: string) => never): DependsNode {
  const dot = token.indexOf('.');
  if (dot < 0) return { type: 'task', task: token };
  const task = token.slice(0, dot);
  const result = token.slice(dot + 1);
  if (!(dependResults as readonly string[]).includes(result)) {
    return fail(
      `unknown task result "${result}" for task "${task}" (expected one of ${dependResults.join(', ')})`,
    );
  }
  return { type: 'task', task, result: result as DependResult };
}

export function dependsTasks(node: DependsNode, into: Set<string> = new Set()): Set<string> {
  if (node.type === 'task') into.add(node.task);
  else if (node.type === 'not') dependsTasks(node.operand, into);
  else {
    dependsTasks(node.left, into);
    dependsTasks(node.right, into);
  }
  return into;
}

/** What depends needs to know about a finished dependency. */
export interface DependencyState {
  readonly phase: string;
  readonly daemoned?: boolean;
  /** Phases of a loop task's children, for AnySucceeded / AllFailed. */
  readonly childPhases?: readonly string[];
}

export function evaluateDepends(
  node: DependsNode,
  stateOf: (task: string) => DependencyState | undefined,
): boolean {
  switch (node.type) {
    case 'not':
      return !evaluateDepends(node.operand, stateOf);
    case 'and':
      return evaluateDepends(node.left, stateOf) && evaluateDepends(node.right, stateOf);
    case 'or':
      return evaluateDepends(node.left, stateOf) || evaluateDepends(node.right, stateOf);
    case 'task':
      return taskMatches(stateOf(node.task), node.result);
  }
}

function taskMatches(state: DependencyState | undefined, result: DependResult | undefined): boolean {
  if (!state) return false;
  const phase = state.phase;
  switch (result) {
    case undefined:
      return phase === 'Succeeded' || phase === 'Skipped' || state.daemoned === true;
    case 'Errored':
      return phase === 'Error';
    case 'Daemoned':
      return state.daemoned === true;
    case 'AnySucceeded':
      return (state.childPhases ?? [phase]).some((p) => p === 'Succeeded');
    case 'AllFailed': {
      const phases = state.childPhases ?? [phase];
      return phases.length > 0 && phases.every((p) => p === 'Failed');
    }
    default:
      return phase === result;
  }
}

/** Argo's translation of legacy `dependencies` (with the dependency's continueOn) into depends. */
export function dependenciesAsDepends(
  dependencies: readonly string[],
  continueOnOf: (task: string) => { failed?: boolean; error?: boolean } | undefined,
): string {
  return dependencies
    .map((d) => {
      const options = [`${d}.Succeeded`, `${d}.Skipped`, `${d}.Daemoned`];
      const continueOn = continueOnOf(d);
      if (continueOn?.failed) options.push(`${d}.Failed`);
      if (continueOn?.error) options.push(`${d}.Errored`);
      return `(${options.join(' || ')})`;
    })
    .join(' && ');
}
