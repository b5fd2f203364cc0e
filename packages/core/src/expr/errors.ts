/** Whether an expression failed to parse ('syntax') or failed while evaluating ('runtime'). */
export type ExprErrorKind = 'syntax' | 'runtime';

/**
 * An error raised by the expression evaluator, naming the expression it came from.
 *
 * @example
 * try { compileExpr('1 +') } catch (e) { if (e instanceof ExprError) console.log(e.kind) } // 'syntax'
 */
export class ExprError extends Error {
  readonly kind: ExprErrorKind;
  readonly source: string;

  constructor(kind: ExprErrorKind, source: string, message: string) {
    super(`expression ${JSON.stringify(source)}: ${message}`);
    this.name = 'ExprError';
    this.kind = kind;
    this.source = source;
  }
}

/**
 * A runtime failure raised deep inside an operator or builtin, before the expression's source is known;
 * the evaluator turns it into an ExprError of kind 'runtime'.
 */
export class EvalFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvalFailure';
  }
}

/** Throws an EvalFailure with the given message. */
export function fail(message: string): never {
  throw new EvalFailure(message);
}
