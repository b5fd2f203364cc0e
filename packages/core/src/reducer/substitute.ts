/**
 * `{{…}}` substitution as Argo does it: simple tags `{{name}}` are looked up by name;
 * expression tags `{{= expr }}` are evaluated with expr-lang semantics. A tag whose variables
 * are not known in this scope is left untouched (Argo resolves it later in a nested scope).
 */
import { compileExpr, exprResultToString } from '../expr/index.js';

export interface VariableSource {
  /** The string value of a simple tag's name, or undefined when it is not known here. */
  lookup(name: string): string | undefined;
  /** The environment expressions see (may be lazy, e.g. Proxies). */
  exprEnv(): Record<string, unknown>;
  /** Whether a root identifier (or dotted prefix) is resolvable here, for leaving unknown expressions untouched. */
  knows(reference: string): boolean;
}

const tagPattern = /\{\{(=?)([\s\S]*?)\}\}/g;

export class SubstitutionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubstitutionError';
  }
}

/** Replaces the tags of one string. Throws SubstitutionError when an expression fails at run time. */
export function substituteString(text: string, vars: VariableSource): string {
  if (!text.includes('{{')) return text;
  return text.replace(tagPattern, (whole, isExpr: string, body: string) => {
    if (isExpr === '=') return substituteExpression(whole, body, vars);
    const value = vars.lookup(body.trim());
    return value === undefined ? whole : value;
  });
}

function substituteExpression(whole: string, body: string, vars: VariableSource): string {
  const source = unescapeHtml(body);
  const compiled = compileExpr(source);
  for (const reference of compiled.references) {
    if (!vars.knows(reference)) return whole;
  }
  try {
    return exprResultToString(compiled.evaluate(vars.exprEnv()));
  } catch (error) {
    throw new SubstitutionError(
      `failed to evaluate expression "${source.trim()}": ${(error as Error).message}`,
    );
  }
}

/** Argo's templates go through Go's JSON encoding, which escapes <, > and &; undo it for expressions. */
function unescapeHtml(text: string): string {
  return text
    .replace(/\\u003c/g, '<')
    .replace(/\\u003e/g, '>')
    .replace(/\\u0026/g, '&');
}

/** Substitutes every string inside a JSON-like value, returning a new value. */
export function substituteDeep<T>(value: T, vars: VariableSource): T {
  if (typeof value === 'string') return substituteString(value, vars) as T;
  if (Array.isArray(value)) return value.map((v) => substituteDeep(v, vars)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substituteDeep(v, vars);
    return out as T;
  }
  return value;
}

/** Finds every simple tag name in a string (for checks that need to know what is referenced). */
export function tagNames(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(tagPattern)) if (m[1] !== '=') names.push(m[2].trim());
  return names;
}
