/**
 * DAG templates: task names, `depends` / `dependencies`, cycles, `target`, each task's call, and what
 * each task may read: `tasks.X` of any task in the DAG, but `.status`, and arguments that are exactly a
 * `{{tasks.X…}}` reference, only of tasks it depends on (directly or not).
 *
 *   a ──► b ──► d        d reads tasks.a.status and tasks.b.status, not tasks.c.status
 *   └───► c
 */
import type { Template } from '../spec/types.js';
import { lintCall } from './calls.js';
import { isRecord, type LintInline, type LintRun, report } from './context.js';
import { ancestorsOf, buildGraph, type DagGraph, reportCycles, type TaskAt } from './dag-graph.js';
import { resolveInvocation } from './invocations.js';
import { fieldNameProblem, hasTag } from './names.js';
import { checkReferences } from './references.js';
import { isLoop, itemScope, type NodeRef, nodeOutputs, type Scope } from './scope.js';

export function lintDag(
  run: LintRun,
  template: Template,
  path: string,
  scope: Scope,
  lintInline: LintInline,
): void {
  const tasks = collectTasks(run, template, path);
  if (tasks.size === 0) return;
  checkDependencyStyle(run, tasks, path);
  const graph = buildGraph(run, tasks);
  checkItemDependencies(run, tasks, graph);
  reportCycles(run, tasks, graph);
  checkTarget(run, template, tasks, `${path}.dag.target`, scope);
  const targets = new Map<string, Template | undefined>();
  for (const [name, { task, path: at }] of tasks) targets.set(name, resolveInvocation(run, task, at));
  const outputs = new Map<string, NodeRef['outputs']>();
  for (const [name, { task }] of tasks) outputs.set(name, nodeOutputs(targets.get(name), task));
  for (const [name, { task, path: at }] of tasks) {
    const ancestors = ancestorsOf(graph, name);
    const visible = new Map<string, NodeRef>();
    for (const other of tasks.keys()) {
      const status = ancestors.has(other) || (other === name && isRecord(task.hooks));
      visible.set(other, { outputs: outputs.get(other), status });
    }
    const nodes = { kind: 'tasks' as const, visible, hidden: new Map<string, string>() };
    lintCall(
      run,
      task,
      targets.get(name),
      at,
      { ...scope, item: itemScope(task) ?? scope.item, nodes },
      lintInline,
    );
    checkArgumentDependencies(run, task, at, ancestors);
  }
  const all = new Map<string, NodeRef>();
  for (const name of tasks.keys()) all.set(name, { outputs: outputs.get(name), status: true });
  const outputsScope: Scope = { ...scope, nodes: { kind: 'tasks', visible: all, hidden: new Map() } };
  checkReferences(run, template.outputs, `${path}.outputs`, outputsScope);
}

/** The tasks by name; reports a missing task list and bad or duplicate names. */
function collectTasks(run: LintRun, template: Template, path: string): Map<string, TaskAt> {
  const tasks = new Map<string, TaskAt>();
  const list = isRecord(template.dag) ? template.dag.tasks : undefined;
  if (!Array.isArray(list) || list.length === 0) {
    report(run, 'empty-dag', `${path}.dag.tasks`, `template "${template.name}" must have at least one task`);
    return tasks;
  }
  list.forEach((task: unknown, index: number) => {
    const at = `${path}.dag.tasks[${index}]`;
    if (!isRecord(task) || typeof task.name !== 'string' || task.name === '') {
      report(run, 'missing-name', `${at}.name`, 'task name is required');
      return;
    }
    const problem = fieldNameProblem(task.name);
    if (problem) report(run, 'invalid-name', `${at}.name`, `task name "${task.name}" is invalid: ${problem}`);
    if (tasks.has(task.name)) {
      report(run, 'duplicate-task', `${at}.name`, `task name "${task.name}" is not unique in this DAG`);
      return;
    }
    tasks.set(task.name, { task: task as unknown as TaskAt['task'], path: at });
  });
  return tasks;
}

/** Argo: one DAG uses either `depends` or `dependencies`; with `depends`, no `continueOn`; no leading digits. */
function checkDependencyStyle(run: LintRun, tasks: ReadonlyMap<string, TaskAt>, path: string): void {
  const usingDepends = [...tasks.values()].some(
    ({ task }) => typeof task.depends === 'string' && task.depends !== '',
  );
  for (const [name, { task, path: at }] of tasks) {
    const hasDependencies = Array.isArray(task.dependencies) && task.dependencies.length > 0;
    if (usingDepends && hasDependencies) {
      report(
        run,
        'depends-and-dependencies',
        `${at}.dependencies`,
        `cannot use both 'depends' and 'dependencies' in the same DAG template (${path})`,
      );
    }
    if (usingDepends && task.continueOn != null) {
      report(
        run,
        'continue-on-with-depends',
        `${at}.continueOn`,
        "cannot use 'continueOn' with 'depends': use 'task.Failed' / 'task.Errored' in depends instead",
      );
    }
    if ((usingDepends || hasDependencies) && /^[0-9]/.test(name)) {
      report(
        run,
        'invalid-name',
        `${at}.name`,
        `task name "${name}" cannot begin with a digit when using 'depends' or 'dependencies'`,
      );
    }
  }
}

function checkItemDependencies(run: LintRun, tasks: ReadonlyMap<string, TaskAt>, graph: DagGraph): void {
  for (const [name, dependencies] of graph.itemDependencies) {
    for (const dependency of dependencies) {
      if (isLoop((tasks.get(dependency) as TaskAt).task)) continue;
      const at = (tasks.get(name) as TaskAt).path;
      report(
        run,
        'items-result-without-loop',
        `${at}.depends`,
        `task "${dependency}" is used with .AnySucceeded or .AllFailed but has no withItems, withParam or withSequence`,
      );
    }
  }
}

function checkTarget(
  run: LintRun,
  template: Template,
  tasks: ReadonlyMap<string, TaskAt>,
  path: string,
  scope: Scope,
): void {
  const target = isRecord(template.dag) ? template.dag.target : undefined;
  if (typeof target !== 'string' || target === '') return;
  checkReferences(run, target, path, scope);
  for (const name of target.split(' ')) {
    if (name !== '' && !hasTag(name) && !tasks.has(name))
      report(run, 'unknown-task', path, `target "${name}" is not a task of this DAG`);
  }
}

/** Argo: an argument whose value starts with `{{tasks.X` needs X among the task's dependencies. */
function checkArgumentDependencies(
  run: LintRun,
  task: TaskAt['task'],
  path: string,
  ancestors: ReadonlySet<string>,
): void {
  const check = (text: unknown, at: string, what: string): void => {
    const match = typeof text === 'string' ? /^\{\{tasks\.([^.}]+)/.exec(text) : null;
    if (match && !ancestors.has(match[1])) {
      report(
        run,
        'missing-dependency',
        at,
        `${what} reads task "${match[1]}" but the task does not depend on it`,
      );
    }
  };
  const args = task.arguments;
  (Array.isArray(args?.parameters) ? args.parameters : []).forEach((p, i) => {
    check(p?.value, `${path}.arguments.parameters[${i}].value`, `parameter "${p?.name}"`);
  });
  (Array.isArray(args?.artifacts) ? args.artifacts : []).forEach((a, i) => {
    check(a?.from, `${path}.arguments.artifacts[${i}].from`, `artifact "${a?.name}"`);
  });
}
