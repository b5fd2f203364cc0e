/**
 * The dependency graph of a DAG template: which tasks each task waits for (from `depends` or
 * `dependencies`), reporting bad syntax, unknown tasks and cycles.
 */
import type { DagTask } from '../spec/types.js';
import { type LintRun, report } from './context.js';
import { parseDepends } from './depends.js';

export interface TaskAt {
  readonly task: DagTask;
  readonly path: string;
}

export interface DagGraph {
  /** Known tasks each task waits for. */
  readonly edges: ReadonlyMap<string, readonly string[]>;
  /** Tasks whose results ask about loop children (`.AnySucceeded`, `.AllFailed`). */
  readonly itemDependencies: ReadonlyMap<string, readonly string[]>;
}

export function buildGraph(run: LintRun, tasks: ReadonlyMap<string, TaskAt>): DagGraph {
  const edges = new Map<string, string[]>();
  const itemDependencies = new Map<string, string[]>();
  for (const [name, { task, path }] of tasks) {
    const found: string[] = [];
    const items: string[] = [];
    if (typeof task.depends === 'string' && task.depends.trim() !== '') {
      const parsed = parseDepends(task.depends);
      if (!parsed.ok)
        report(run, 'invalid-depends', `${path}.depends`, `depends "${task.depends}": ${parsed.message}`);
      for (const reference of parsed.ok ? parsed.references : []) {
        if (!tasks.has(reference.task)) {
          report(
            run,
            'unknown-task',
            `${path}.depends`,
            `unknown task "${reference.task}" in depends "${task.depends}"`,
          );
        } else if (!found.includes(reference.task)) found.push(reference.task);
        if (reference.result === 'AnySucceeded' || reference.result === 'AllFailed')
          items.push(reference.task);
      }
    }
    (Array.isArray(task.dependencies) ? task.dependencies : []).forEach((dependency, index) => {
      if (!tasks.has(String(dependency))) {
        report(
          run,
          'unknown-task',
          `${path}.dependencies[${index}]`,
          `unknown task "${dependency}" in dependencies`,
        );
      } else if (!found.includes(dependency)) found.push(dependency);
    });
    edges.set(name, found);
    itemDependencies.set(name, items);
  }
  return { edges, itemDependencies };
}

/** Reports each dependency cycle once, as `a -> b -> a`, at the first task of the cycle. */
export function reportCycles(run: LintRun, tasks: ReadonlyMap<string, TaskAt>, graph: DagGraph): void {
  const done = new Set<string>();
  const reported = new Set<string>();
  const visit = (name: string, stack: string[]): void => {
    if (done.has(name)) return;
    const at = stack.indexOf(name);
    if (at >= 0) {
      const cycle = stack.slice(at);
      const key = [...cycle].sort().join(' ');
      if (!reported.has(key)) {
        reported.add(key);
        const first = tasks.get(cycle[0]);
        const field = first?.task.depends != null ? 'depends' : 'dependencies';
        report(
          run,
          'dependency-cycle',
          `${first?.path}.${field}`,
          `dependency cycle: ${[...cycle, name].join(' -> ')}`,
        );
      }
      return;
    }
    stack.push(name);
    for (const next of graph.edges.get(name) ?? []) visit(next, stack);
    stack.pop();
    done.add(name);
  };
  for (const name of tasks.keys()) visit(name, []);
}

/** Every task `name` waits for, directly or not. */
export function ancestorsOf(graph: DagGraph, name: string): Set<string> {
  const found = new Set<string>();
  const pending = [...(graph.edges.get(name) ?? [])];
  while (pending.length > 0) {
    const next = pending.pop() as string;
    if (found.has(next)) continue;
    found.add(next);
    pending.push(...(graph.edges.get(next) ?? []));
  }
  return found;
}
