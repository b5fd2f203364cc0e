/**
 * The order pods waiting for `spec.parallelism` start in: higher `priority` first, first come first
 * served among equals. A pod's priority is its template's `priority`, else `spec.priority`, else 0.
 *
 * (Argo's `spec.priority` orders whole workflows in the controller's queue and its old template
 * `priority` was the Kubernetes pod priority; within one weft run both order the waiting pods.)
 *
 * Inserting walks from the back past lower priorities only, so a queue of equal priorities (the
 * usual case) stays O(1) per pod.
 */
import type { Template, WorkflowSpec } from '../../spec/types.js';
import type { WorkflowCommand } from '../events.js';
import type { WorkflowState } from '../state.js';

export function podPriority(template: Template, spec: WorkflowSpec): number {
  const value = Number(template.priority ?? spec.priority ?? 0);
  return Number.isFinite(value) ? value : 0;
}

function priorityOf(state: WorkflowState, command: WorkflowCommand): number {
  if (command.type !== 'StartStep') return 0;
  const entry = state.pods.get(command.nodeId);
  return entry ? podPriority(entry.frame.template, state.spec) : 0;
}

/** Puts a pod in the parallelism queue behind every pod of the same or higher priority. */
export function enqueuePod(state: WorkflowState, command: WorkflowCommand): void {
  const queue = state.podQueue;
  const priority = priorityOf(state, command);
  let at = queue.length;
  while (at > 0 && priorityOf(state, queue[at - 1] as WorkflowCommand) < priority) at--;
  if (at === queue.length) queue.push(command);
  else queue.splice(at, 0, command);
}
