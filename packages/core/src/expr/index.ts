/**
 * An expr-lang compatible expression evaluator with Argo's helpers (`asInt`, `jsonpath`, `sprig.*`, …),
 * used for `{{= … }}` tags, `valueFrom.expression`, hook and retry expressions.
 *
 * ```
 * source ─► tokenize ─► parse (Pratt) ─► AST ─┬─► evaluate(env) ─► value ─► exprResultToString
 *                                             └─► references (for lint)
 * ```
 */
import type { Node } from './ast.js';
import { EvalFailure, ExprError } from './errors.js';
import { evaluateNode } from './evaluate.js';
import { toGoJson } from './json.js';
import { parse } from './parser.js';
import { collectReferences } from './references.js';
import { Duration, formatNumber, isNil } from './values.js';

export type { ExprErrorKind } from './errors.js';
export { ExprError } from './errors.js';
/** Go's time.Duration as expressions see it (`now() - t`, `duration('1h')`); `.Seconds()` and friends. */
export { Duration as ExprDuration } from './values.js';

/** A parsed expression, ready to evaluate against many environments. */
export interface CompiledExpr {
  readonly source: string;
  /** Evaluates against an env of nested objects and/or flat dotted keys; throws ExprError('runtime'). */
  evaluate(env: Record<string, unknown>): unknown;
  /** Top-level identifiers and member chains it reads, e.g. ["inputs.parameters.x", "steps.a.outputs.result"]. */
  readonly references: readonly string[];
}

/**
 * Parses once; throws ExprError (kind 'syntax') naming the expression and the position.
 *
 * @example
 * compileExpr('asInt(inputs.parameters.x) + 1').evaluate({ inputs: { parameters: { x: '41' } } }) // 42
 */
export function compileExpr(source: string): CompiledExpr {
  const ast = parse(source);
  const references = Object.freeze(collectReferences(ast));
  return { source, references, evaluate: (env) => run(source, ast, env) };
}

function run(source: string, ast: Node, env: Record<string, unknown>): unknown {
  try {
    return evaluateNode(ast, { env, vars: new Map(), frame: undefined });
  } catch (error) {
    if (error instanceof ExprError) throw error;
    if (error instanceof EvalFailure) throw new ExprError('runtime', source, error.message);
    const message = error instanceof Error ? error.message : String(error);
    throw new ExprError('runtime', source, message);
  }
}

const CACHE_LIMIT = 256;
const cache = new Map<string, CompiledExpr>();

/**
 * `compileExpr(source).evaluate(env)` with a small cache of compiled expressions.
 *
 * @example
 * evaluateExpr("sprig.upper(inputs.parameters.message)", { 'inputs.parameters.message': 'hi' }) // 'HI'
 */
export function evaluateExpr(source: string, env: Record<string, unknown>): unknown {
  let compiled = cache.get(source);
  if (compiled === undefined) {
    compiled = compileExpr(source);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(source, compiled);
  }
  return compiled.evaluate(env);
}

/**
 * The string Argo substitutes for an expression's result: strings as they are, numbers as Go prints
 * them (integers without ".0"), booleans "true"/"false", maps and lists as JSON, nil as "".
 *
 * @example
 * exprResultToString(7 / 2) // '3.5'
 * exprResultToString({ b: 1, a: [true] }) // '{"a":[true],"b":1}'
 */
export function exprResultToString(value: unknown): string {
  if (isNil(value)) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Duration) return value.String();
  if (value instanceof Date) return value.toISOString();
  return toGoJson(value);
}
