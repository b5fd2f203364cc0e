/**
 * `depends` for lint: the tasks an expression names, or why it does not parse. The grammar lives
 * in one place, the reducer's `depends.ts`; this only turns its tree into references.
 */
import {
  type DependsNode,
  DependsSyntaxError,
  dependResults,
  parseDepends as parseTree,
} from '../reducer/depends.js';

export const TASK_RESULTS = dependResults;

/** A task named in `depends`, with the result it asks for (if any). */
export interface DependsReference {
  readonly task: string;
  readonly result?: string;
}

export type DependsParse =
  | { readonly ok: true; readonly references: readonly DependsReference[] }
  | { readonly ok: false; readonly message: string };

/**
 * The tasks `depends` names, or why it does not parse.
 *
 * @example
 * parseDepends('(a.Succeeded || b) && !c.Failed') // ok, references a, b, c
 * parseDepends('a.Finished') // { ok: false, message: 'unknown task result "Finished" …' }
 */
export function parseDepends(text: string): DependsParse {
  try {
    return { ok: true, references: referencesOf(parseTree(text)) };
  } catch (error) {
    if (error instanceof DependsSyntaxError) return { ok: false, message: error.message };
    throw error;
  }
}

function referencesOf(node: DependsNode, into: DependsReference[] = []): DependsReference[] {
  if (node.type === 'task')
    into.push(node.result ? { task: node.task, result: node.result } : { task: node.task });
  else if (node.type === 'not') referencesOf(node.operand, into);
  else {
    referencesOf(node.left, into);
    referencesOf(node.right, into);
  }
  return into;
}
