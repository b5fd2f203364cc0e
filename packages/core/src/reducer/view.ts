/** Assembling Argo's Workflow object from the reducer state (O(nodes): call it when showing, not per event). */
import type { NodeStatus, Outputs, Workflow } from '../spec/types.js';
import type { WorkflowState } from './state.js';

export function progressOf(state: WorkflowState): string {
  return `${state.succeededPods}/${state.totalPods}`;
}

export function toWorkflowObject(state: WorkflowState): Workflow {
  const nodes: Record<string, NodeStatus> = {};
  for (const [id, node] of state.nodes) nodes[id] = { ...node, progress: nodeProgress(node) };
  const labels: Record<string, string> = {
    ...(state.workflow.metadata.labels ?? {}),
    'workflows.argoproj.io/phase': state.phase,
  };
  if (state.finishedAt) labels['workflows.argoproj.io/completed'] = 'true';
  const status: NonNullable<Workflow['status']> = { phase: state.phase, progress: progressOf(state), nodes };
  if (state.startedAt) status.startedAt = state.startedAt;
  if (state.finishedAt) status.finishedAt = state.finishedAt;
  if (state.message) status.message = state.message;
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
