/**
 * A template's graph before any run: the entrypoint's DAG tasks (edges from `dependencies` and the
 * task names in `depends`) or its steps (each step after every step of the group before).
 */
import type { DagTask, WorkflowSpec } from '../api/types';

export interface PlanNode {
  readonly id: string;
  readonly label: string;
  readonly detail: string;
}

export interface PlanGraph {
  readonly nodes: readonly PlanNode[];
  readonly edges: readonly { readonly id: string; readonly source: string; readonly target: string }[];
}

const detailOf = (task: DagTask) => {
  const target = task.templateRef
    ? `${task.templateRef.name}/${task.templateRef.template}`
    : (task.template ?? '');
  const loop = task.withItems ? ` × ${task.withItems.length}` : task.withParam ? ' × n' : '';
  return `${target}${loop}`;
};

/** Task names a `depends` expression mentions (`a && (b.Failed || c)` → a, b, c). */
export function dependsNames(depends: string | undefined, known: ReadonlySet<string>): string[] {
  if (!depends) return [];
  const names = depends.match(/[A-Za-z0-9_-]+(?:\.[A-Za-z]+)?/g) ?? [];
  return [...new Set(names.map((n) => n.split('.')[0]).filter((n) => known.has(n)))];
}

export function planGraphOf(spec: WorkflowSpec): PlanGraph {
  const entry = spec.templates?.find((t) => t.name === spec.entrypoint) ?? spec.templates?.[0];
  if (!entry) return { nodes: [], edges: [] };
  const edges: { id: string; source: string; target: string }[] = [];
  const edge = (source: string, target: string) => edges.push({ id: `${source}->${target}`, source, target });
  if (entry.dag) {
    const tasks = entry.dag.tasks;
    const known = new Set(tasks.map((t) => t.name));
    for (const task of tasks)
      for (const dep of [...(task.dependencies ?? []), ...dependsNames(task.depends, known)])
        if (known.has(dep)) edge(dep, task.name);
    return { nodes: tasks.map((t) => ({ id: t.name, label: t.name, detail: detailOf(t) })), edges };
  }
  if (entry.steps) {
    const nodes: PlanNode[] = [];
    let previous: string[] = [];
    entry.steps.forEach((group, index) => {
      const ids = group.map((step) => `${index}/${step.name}`);
      group.forEach((step, i) => {
        nodes.push({ id: ids[i], label: step.name, detail: detailOf(step) });
        for (const source of previous) edge(source, ids[i]);
      });
      previous = ids;
    });
    return { nodes, edges };
  }
  return { nodes: [{ id: entry.name, label: entry.name, detail: 'single step' }], edges: [] };
}
