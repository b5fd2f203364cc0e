/**
 * What steps and tasks share: the called template, loops, arguments, hooks, and the tags in the
 * invocation itself (the inline template is checked as a template of its own).
 */

import { compileExpr, ExprError } from '../expr/index.js';
import type { Invocation, LifecycleHook, Template } from '../spec/types.js';
import { isRecord, type LintInline, type LintRun, report } from './context.js';
import { checkSupplied, resolveInvocation } from './invocations.js';
import { checkArguments } from './parameters.js';
import { checkReferences } from './references.js';
import type { Scope } from './scope.js';

/**
 * Checks one step or task at `path` whose tags see `scope`, given the template it calls
 * (from `resolveInvocation`, undefined when unknown).
 */
export function lintCall(
  run: LintRun,
  invocation: Invocation,
  target: Template | undefined,
  path: string,
  scope: Scope,
  lintInline: LintInline,
): void {
  checkLoop(run, invocation, path);
  checkArguments(run, invocation.arguments, `${path}.arguments`, { allowEmpty: false, workflowLevel: false });
  if (target) checkSupplied(run, target, invocation.arguments, path);
  checkHooks(run, invocation.hooks, `${path}.hooks`);
  if (typeof invocation.onExit === 'string') resolveLocalName(run, invocation.onExit, `${path}.onExit`);
  checkReferences(run, invocation, path, scope, ['inline']);
  if (isRecord(invocation.inline))
    lintInline(run, invocation.inline as Template, `${path}.inline`, scope.item);
}

function resolveLocalName(run: LintRun, name: string, path: string): void {
  if (!name.includes('{{') && !run.locals.has(name)) {
    report(run, 'unknown-template', path, `template "${name}" not found in spec.templates`);
  }
}

function checkLoop(run: LintRun, invocation: Invocation, path: string): void {
  const loops = (['withItems', 'withParam', 'withSequence'] as const).filter(
    (key) => invocation[key] != null,
  );
  if (loops.length > 1) {
    report(
      run,
      'multiple-loops',
      path,
      `only one of withItems, withParam, withSequence can be set, not ${loops.join(' and ')}`,
    );
  }
  const sequence = invocation.withSequence;
  if (isRecord(sequence) && sequence.count != null && sequence.end != null) {
    report(
      run,
      'invalid-sequence',
      `${path}.withSequence`,
      'only one of count or end can be set in withSequence',
    );
  }
}

/**
 * Lifecycle hooks: every hook other than `exit` needs an expression that parses, and each names a
 * template that exists.
 */
export function checkHooks(
  run: LintRun,
  hooks: Record<string, LifecycleHook> | undefined,
  path: string,
): void {
  if (!isRecord(hooks)) return;
  for (const [name, hook] of Object.entries(hooks)) {
    const at = `${path}.${name}`;
    if (!isRecord(hook)) continue;
    if (name !== 'exit' && !hook.expression) {
      report(
        run,
        'missing-hook-expression',
        at,
        `hook "${name}" needs an expression (only the exit hook may omit it)`,
      );
    }
    if (typeof hook.expression === 'string' && hook.expression !== '')
      checkHookExpression(run, hook.expression, `${at}.expression`);
    if (hook.template != null || hook.templateRef != null)
      resolveInvocation(run, { name, ...hook } as Invocation, at);
  }
}

function checkHookExpression(run: LintRun, source: string, path: string): void {
  try {
    compileExpr(source);
  } catch (error) {
    if (!(error instanceof ExprError)) throw error;
    report(run, 'expression-syntax', path, `invalid expression "${source}": ${error.message}`);
  }
}
