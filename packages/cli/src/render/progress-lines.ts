/**
 * Plain progress for a stderr that is not a terminal (CI logs): one line per node phase change,
 * `HH:MM:SS  <displayName>  <phase>  <message>`. Pure: the phases seen so far go in and come out.
 */
import type { NodeStatus, Workflow } from '@weft/core';
import { formatClock } from './format.js';

/** Node id → last phase reported. */
export type SeenPhases = ReadonlyMap<string, string>;

/** Grouping nodes that only add noise to a log. */
const silentTypes = new Set(['StepGroup', 'TaskGroup']);

export function progressLines(
  workflow: Workflow,
  seen: SeenPhases,
  now: Date,
): { lines: string[]; seen: Map<string, string> } {
  const next = new Map(seen);
  const changed: NodeStatus[] = [];
  for (const [id, node] of Object.entries(workflow.status?.nodes ?? {})) {
    if (silentTypes.has(node.type) || next.get(id) === node.phase) continue;
    next.set(id, node.phase);
    changed.push(node);
  }
  changed.sort(byStartThenName);
  const clock = formatClock(now);
  const lines = changed.map((node) =>
    [clock, node.displayName ?? node.name, node.phase, node.message ?? ''].join('  ').trimEnd(),
  );
  return { lines, seen: next };
}

function byStartThenName(a: NodeStatus, b: NodeStatus): number {
  const start = (a.startedAt ?? '').localeCompare(b.startedAt ?? '');
  return start !== 0 ? start : (a.name ?? '').localeCompare(b.name ?? '');
}
