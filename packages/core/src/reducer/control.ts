/**
 * Requests from outside a running workflow (Argo's `argo resume` and `argo node set`):
 *
 *   NodeOutputsSet   ─► supplied output parameters of matching suspended nodes get values
 *   ResumeRequested  ─► (values set as above, then) matching suspended nodes Succeed; without a
 *                       node filter the workflow's own `spec.suspend` is lifted too
 *
 * A request that Argo would refuse is checked by `checkResume`/`checkSetOutputs` (the engine asks
 * before sending the event, to answer the user); the handlers ignore a request that fails them.
 */
import type { NodeStatus } from '../spec/types.js';
import type { Exec } from './nodes.js';
import type { WorkflowState } from './state.js';
import {
  missingSuppliedOutput,
  resumeSuspend,
  setSuppliedOutput,
  suppliedOutputProblem,
} from './templates/suspend.js';

export type SuppliedValues = Readonly<Record<string, string>>;

/** A node filter matches a node's display name, full name or id. */
export function matchesNode(node: NodeStatus, filter: string): boolean {
  return node.displayName === filter || node.name === filter || node.id === filter;
}

/** Suspended (waiting) nodes, those matching `filter` when one is given, in the order they suspended. */
export function suspendedNodes(state: WorkflowState, filter?: string): NodeStatus[] {
  const out: NodeStatus[] = [];
  for (const id of state.suspended.keys()) {
    const node = state.nodes.get(id);
    if (node && (filter === undefined || matchesNode(node, filter))) out.push(node);
  }
  return out;
}

/** Why `node set` with these values would be refused, or undefined when it is accepted. */
export function checkSetOutputs(
  state: WorkflowState,
  filter: string | undefined,
  values: SuppliedValues,
): string | undefined {
  const targets = suspendedNodes(state, filter);
  if (targets.length === 0) return noSuspendedNode(filter);
  for (const node of targets) {
    for (const name of Object.keys(values)) {
      const problem = suppliedOutputProblem(node, name);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Why a resume (after setting `values`) would be refused, or undefined when it is accepted. */
export function checkResume(
  state: WorkflowState,
  filter: string | undefined,
  values: SuppliedValues = {},
): string | undefined {
  const targets = suspendedNodes(state, filter);
  if (filter !== undefined && targets.length === 0) return noSuspendedNode(filter);
  if (Object.keys(values).length > 0) {
    const problem = checkSetOutputs(state, filter, values);
    if (problem) return problem;
  }
  for (const node of targets) {
    const unset = node.outputs?.parameters?.filter((p) => !(p.name in values));
    const missing = unset && missingSuppliedOutput({ ...node, outputs: { parameters: unset } });
    if (missing) return missing;
  }
  return undefined;
}

function noSuspendedNode(filter: string | undefined): string {
  return filter === undefined ? 'no node is suspended' : `no suspended node matches "${filter}"`;
}

/** NodeOutputsSet: sets supplied output parameters of the matching suspended nodes. */
export function setOutputs(ex: Exec, filter: string | undefined, values: SuppliedValues): void {
  if (checkSetOutputs(ex.state, filter, values) !== undefined) return;
  for (const node of suspendedNodes(ex.state, filter)) {
    for (const [name, value] of Object.entries(values)) setSuppliedOutput(ex, node.id, name, value);
  }
}

/**
 * ResumeRequested: resumes the matching suspended nodes (all without a filter, which also lifts
 * `spec.suspend`). Returns true when the workflow itself was suspended and now is not.
 */
export function resumeWorkflow(ex: Exec, filter: string | undefined, values: SuppliedValues = {}): boolean {
  if (checkResume(ex.state, filter, values) !== undefined) return false;
  if (Object.keys(values).length > 0) setOutputs(ex, filter, values);
  for (const node of suspendedNodes(ex.state, filter)) resumeSuspend(ex, node.id);
  if (filter !== undefined || !ex.state.workflowSuspended) return false;
  ex.state.workflowSuspended = false;
  return true;
}
