import { EvaluationError, evaluateNode } from './evaluate.js';
import { compileLiteralPatterns, LexError, tokenize } from './lexer.js';
import { ParseError, parseTokens, type WhenNode } from './parser.js';
import { checkTokenOrder, type Token } from './token.js';
import { formatValue } from './value.js';

/**
 * Argo's `when` (govaluate style), evaluated after `{{…}}` substitution.
 *
 * ```
 * text ─► tokenize ─► check order ─► bare words → strings ─► check order ─► parse ─► evaluate ─► boolean
 * ```
 *
 * Argo hands no parameters to govaluate; instead it turns every bare word govaluate would read as
 * a parameter (`heads`, `Succeeded`, `my_value`) into a string literal before planning, so
 * `heads == heads` compares two strings. A dotted word (`a.B`) is a parameter accessor and fails
 * when evaluated; a hyphen splits words (`my-value` is `my - value`, an arithmetic error), exactly
 * as in Argo. Quote such values: `'{{steps.x.outputs.result}}' == 'my-value'`.
 */

/** A `when` expression that cannot be parsed, or evaluated to a boolean. */
export class WhenError extends Error {
  override readonly name = 'WhenError';
}

type Parsed =
  | { readonly ok: true; readonly root: WhenNode | undefined }
  | { readonly ok: false; readonly message: string };

const QUOTE_HINT = " (hint: a value with special characters needs quotes, e.g. \"'{{…}}' == 'a-b'\")";

function parse(expression: string): Parsed {
  try {
    const tokens = tokenize(expression);
    const firstProblem = checkParentheses(tokens) ?? checkTokenOrder(tokens);
    if (firstProblem) return { ok: false, message: firstProblem };
    const withStrings = compileLiteralPatterns(tokens).map(wordToString);
    const secondProblem = checkTokenOrder(withStrings);
    if (secondProblem) return { ok: false, message: secondProblem };
    return { ok: true, root: parseTokens(compileLiteralPatterns(withStrings)) };
  } catch (error) {
    if (error instanceof LexError) {
      return { ok: false, message: error.message + (error.invalidToken ? QUOTE_HINT : '') };
    }
    if (error instanceof ParseError) return { ok: false, message: error.message };
    throw error;
  }
}

function checkParentheses(tokens: readonly Token[]): string | undefined {
  const opened = tokens.filter((t) => t.kind === 'CLAUSE').length;
  const closed = tokens.filter((t) => t.kind === 'CLAUSE_CLOSE').length;
  return opened === closed ? undefined : 'parentheses are unbalanced';
}

/** Argo's rewrite: every bare word (a govaluate parameter) becomes a string literal. */
function wordToString(token: Token): Token {
  return token.kind === 'VARIABLE' ? { kind: 'STRING', value: token.value, text: token.text } : token;
}

/**
 * Evaluates a substituted `when` expression; throws WhenError with a clear message naming the
 * expression. An empty expression is true (the step runs).
 *
 * @example
 * evaluateWhen('heads == heads'); // true
 * evaluateWhen("'hello world' =~ 'hello.*' && 5 > 3"); // true
 * evaluateWhen('Succeeded in (Failed, Error)'); // false
 */
export function evaluateWhen(expression: string): boolean {
  if (expression === '') return true;
  const parsed = parse(expression);
  if (!parsed.ok) throw new WhenError(`invalid when expression '${expression}': ${parsed.message}`);
  let result: unknown;
  try {
    result = evaluateNode(parsed.root);
  } catch (error) {
    if (!(error instanceof EvaluationError)) throw error;
    throw new WhenError(`cannot evaluate when expression '${expression}': ${error.message}`);
  }
  if (typeof result !== 'boolean') {
    const shown = formatValue(result as Parameters<typeof formatValue>[0]);
    throw new WhenError(`when expression '${expression}' must give true or false, but gave ${shown}`);
  }
  return result;
}

/**
 * Parses only (for lint); returns an error message or undefined. Expects substituted text: an
 * unsubstituted `{{…}}` is itself a syntax error, as it would be in Argo.
 *
 * @example
 * checkWhenSyntax('a == b'); // undefined
 * checkWhenSyntax('a == b &&'); // "invalid when expression 'a == b &&': the expression ends too early"
 */
export function checkWhenSyntax(expression: string): string | undefined {
  if (expression === '') return undefined;
  const parsed = parse(expression);
  return parsed.ok ? undefined : `invalid when expression '${expression}': ${parsed.message}`;
}
