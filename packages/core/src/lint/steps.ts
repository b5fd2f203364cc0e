/**
 * Steps templates: step names (required, valid, unique in the template), each step's call, and the
 * rule that a step reads `steps.X` only of steps in earlier groups.
 *
 *   steps[0]: [a]          a sees nothing
 *   steps[1]: [b, c]       b and c see a, not each other
 *   outputs                see a, b, c
 */
import type { Template, WorkflowStep } from '../spec/types.js';
import { lintCall } from './calls.js';
import { isRecord, type LintInline, type LintRun, report } from './context.js';
import { resolveInvocation } from './invocations.js';
import { stepNameProblem } from './names.js';
import { checkReferences } from './references.js';
import { itemScope, type NodeRef, nodeOutputs, type Scope } from './scope.js';

interface StepAt {
  readonly step: WorkflowStep;
  readonly group: number;
  readonly path: string;
}

export function lintSteps(
  run: LintRun,
  template: Template,
  path: string,
  scope: Scope,
  lintInline: LintInline,
): void {
  const steps = collectSteps(run, template, path);
  const groupOf = new Map<string, number>();
  for (const { step, group } of steps) if (!groupOf.has(step.name)) groupOf.set(step.name, group);
  const visible = new Map<string, NodeRef>();
  let pending: Array<[string, NodeRef]> = [];
  let currentGroup = 0;
  for (const { step, group, path: at } of steps) {
    if (group !== currentGroup) {
      for (const [name, ref] of pending) visible.set(name, ref);
      pending = [];
      currentGroup = group;
    }
    const own = new Map(visible);
    const stepScope: Scope = {
      ...scope,
      item: itemScope(step) ?? scope.item,
      nodes: { kind: 'steps', visible: own, hidden: hiddenSteps(groupOf, group) },
    };
    const target = resolveInvocation(run, step, at);
    lintCall(run, step, target, at, withSelfForHooks(stepScope, step, own), lintInline);
    pending.push([step.name, { outputs: nodeOutputs(target, step), status: true }]);
  }
  for (const [name, ref] of pending) visible.set(name, ref);
  const outputsScope: Scope = { ...scope, nodes: { kind: 'steps', visible, hidden: new Map() } };
  checkReferences(run, template.outputs, `${path}.outputs`, outputsScope);
}

/** Hooks of a step read the step's own status and outputs. */
function withSelfForHooks(scope: Scope, step: WorkflowStep, visible: Map<string, NodeRef>): Scope {
  if (isRecord(step.hooks) && !visible.has(step.name))
    visible.set(step.name, { outputs: undefined, status: true });
  return scope;
}

function hiddenSteps(groupOf: ReadonlyMap<string, number>, group: number): Map<string, string> {
  const hidden = new Map<string, string>();
  for (const [name, at] of groupOf) {
    if (at === group) {
      hidden.set(
        name,
        `step "${name}" is in the same step group (steps[${at}]); only steps of earlier groups can be referenced`,
      );
    } else if (at > group) {
      hidden.set(
        name,
        `step "${name}" runs later (steps[${at}]); only steps of earlier groups can be referenced`,
      );
    }
  }
  return hidden;
}

/** The steps in order, with their group; reports malformed groups and bad or duplicate names. */
function collectSteps(run: LintRun, template: Template, path: string): StepAt[] {
  const found: StepAt[] = [];
  if (!Array.isArray(template.steps)) {
    report(run, 'invalid-steps', `${path}.steps`, 'steps must be a list of step groups');
    return found;
  }
  const seen = new Set<string>();
  template.steps.forEach((group, g) => {
    const list: unknown = Array.isArray(group)
      ? group
      : isRecord(group)
        ? (group as Record<string, unknown>).steps
        : undefined;
    if (!Array.isArray(list)) {
      report(run, 'invalid-steps', `${path}.steps[${g}]`, 'a step group must be a list of steps');
      return;
    }
    list.forEach((step: unknown, s: number) => {
      const at = `${path}.steps[${g}][${s}]`;
      if (checkStepName(run, step, at, seen)) found.push({ step: step as WorkflowStep, group: g, path: at });
    });
  });
  return found;
}

function checkStepName(run: LintRun, step: unknown, at: string, seen: Set<string>): boolean {
  if (!isRecord(step)) {
    report(run, 'invalid-step', at, 'a step must be an object');
    return false;
  }
  if (typeof step.name !== 'string' || step.name === '') {
    report(run, 'missing-name', `${at}.name`, 'step name is required');
    return false;
  }
  const problem = stepNameProblem(step.name);
  if (problem) report(run, 'invalid-name', `${at}.name`, `step name "${step.name}" is invalid: ${problem}`);
  if (seen.has(step.name))
    report(run, 'duplicate-step', `${at}.name`, `step name "${step.name}" is not unique in this template`);
  seen.add(step.name);
  return true;
}
