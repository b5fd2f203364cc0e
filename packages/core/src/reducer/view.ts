/** Assembling Argo's Workflow object from the reducer state (O(nodes): call it when showing, not per event). */
import type { NodeStatus, Outputs, Workflow } from '../spec/types.js';
import type { WorkflowState } from './state.js';

export function progressOf(state: WorkflowState): string {
  return `${state.succeededPods}/${state.totalPods}`;
}

/** A node as Argo shows it: a Pod's progress is 1/1 once it succeeded, else 0/1. */
export function shownNode(node: NodeStatus): NodeStatus {
  return { ...node, progress: nodeProgress(node) };
}

/** The workflow-level fields of `status` (all but nodes and outputs): what lists show. */
export function workflowSummary(
  state: WorkflowState,
): Pick<NonNullable<Workflow['status']>, 'phase' | 'progress' | 'startedAt' | 'finishedAt' | 'message'> {
  return {
    phase: state.phase,
    progress: progressOf(state),
    ...(state.startedAt ? { startedAt: state.startedAt } : {}),
    ...(state.finishedAt ? { finishedAt: state.finishedAt } : {}),
    ...(state.message ? { message: state.message } : {}),
  };
}

export function toWorkflowObject(state: WorkflowState): Workflow {
  const nodes: Record<string, NodeStatus> = {};
  for (const [id, node] of state.nodes) nodes[id] = shownNode(node);
  const labels: Record<string, string> = {
    ...(state.workflow.metadata.labels ?? {}),
    'workflows.argoproj.io/phase': state.phase,
  };
  if (state.finishedAt) labels['workflows.argoproj.io/completed'] = 'true';
  const status: NonNullable<Workflow['status']> = { ...workflowSummary(state), nodes };
  const outputs = globalOutputs(state);
  if (outputs) status.outputs = outputs;
  return {
    ...state.workflow,
    metadata: { ...state.workflow.metadata, labels },
    spec: liveSpec(state),
    status,
  };
}

/** As Argo does, a resume removes `spec.suspend`: it shows only while the workflow is suspended. */
function liveSpec(state: WorkflowState): Workflow['spec'] {
  const { spec } = state.workflow;
  if (spec.suspend === undefined || state.phase === 'Pending' || state.workflowSuspended) return spec;
  const { suspend: _lifted, ...rest } = spec;
  return rest;
}

function nodeProgress(node: NodeStatus): string | undefined {
  if (node.type !== 'Pod') return node.progress;
  return node.phase === 'Succeeded' ? '1/1' : '0/1';
}

function globalOutputs(state: WorkflowState): Outputs | undefined {
  const { parameters, artifacts } = state.globalOutputs;
  if (parameters.size === 0 && artifacts.size === 0) return undefined;
  const outputs: Outputs = {};
  if (parameters.size) outputs.parameters = [...parameters].map(([name, value]) => ({ name, value }));
  if (artifacts.size) outputs.artifacts = [...artifacts.values()];
  return outputs;
}
