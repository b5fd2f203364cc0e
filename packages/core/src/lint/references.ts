/**
 * Checks the `{{…}}` tags inside a manifest fragment against the scope they are used in:
 * simple tags must name a variable that exists there; expression tags `{{= … }}` must parse, and the
 * inputs, steps, tasks and workflow parameters they read must exist.
 */
import { compileExpr, ExprError } from '../expr/index.js';
import { type LintRun, report } from './context.js';
import type { Scope } from './scope.js';
import { collectStrings, scanTags, type Tag } from './tags.js';
import { resolveExpressionReference, resolveVariable } from './variables.js';

/** Checks every string under `value` (top-level keys in `skip` excluded). */
export function checkReferences(
  run: LintRun,
  value: unknown,
  path: string,
  scope: Scope,
  skip: readonly string[] = [],
): void {
  for (const found of collectStrings(value, path, skip)) {
    for (const tag of scanTags(found.text)) checkTag(run, tag, found.path, scope);
  }
}

function checkTag(run: LintRun, tag: Tag, path: string, scope: Scope): void {
  switch (tag.kind) {
    case 'unterminated':
      report(run, 'unterminated-tag', path, `"${tag.raw}" has "{{" without a closing "}}"`);
      return;
    case 'simple': {
      const problem = resolveVariable(tag.name, scope);
      if (problem) report(run, 'unresolved-variable', path, `failed to resolve ${tag.raw}: ${problem}`);
      return;
    }
    case 'expression':
      checkExpression(run, tag.source, tag.raw, path, scope);
  }
}

function checkExpression(run: LintRun, source: string, raw: string, path: string, scope: Scope): void {
  let references: readonly string[];
  try {
    references = compileExpr(source).references;
  } catch (error) {
    if (!(error instanceof ExprError)) throw error;
    report(run, 'expression-syntax', path, `invalid expression ${raw}: ${error.message}`);
    return;
  }
  for (const reference of references) {
    const problem = resolveExpressionReference(reference, scope);
    if (problem)
      report(run, 'unresolved-variable', path, `failed to resolve "${reference}" in ${raw}: ${problem}`);
  }
}
