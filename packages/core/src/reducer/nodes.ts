/** Creating nodes and moving them through their phases, recording every change for persistence. */
import type { NodePhase, NodeStatus, NodeType, Parameter } from '../spec/types.js';
import type { AdvanceContext, WorkflowCommand } from './events.js';
import { isoSeconds } from './format.js';
import { nodeId } from './ids.js';
import { isFulfilled, transition } from './phase.js';
import type { Frame, TemplateHome, WorkflowState } from './state.js';

/** What every handler works with: the state, the clock, and the commands being collected. */
export interface Exec {
  readonly state: WorkflowState;
  readonly ctx: AdvanceContext;
  readonly commands: WorkflowCommand[];
  /** Nodes fulfilled during this advance whose owners still have to hear about it. */
  readonly fulfilled: string[];
}

export interface NewNode {
  readonly name: string;
  readonly displayName: string;
  readonly type: NodeType;
  readonly templateName?: string;
  readonly templateRef?: { name: string; template: string; clusterScope?: boolean };
  readonly home?: TemplateHome;
  readonly boundaryId?: string;
  readonly parentId?: string;
  readonly ownerId?: string;
  readonly inputs?: readonly Parameter[];
  readonly artifacts?: readonly { name: string }[];
}

export function nowIso(ex: Exec): string {
  return isoSeconds(ex.ctx.now);
}

export function createNode(ex: Exec, spec: NewNode): NodeStatus {
  const { state } = ex;
  const id = nodeId(state.workflow.metadata.name ?? '', spec.name);
  const existing = state.nodes.get(id);
  if (existing) return existing;
  const node: NodeStatus = {
    id,
    name: spec.name,
    displayName: spec.displayName,
    type: spec.type,
    phase: 'Pending',
  };
  if (spec.templateName !== undefined) node.templateName = spec.templateName;
  if (spec.templateRef) node.templateRef = spec.templateRef;
  if (spec.home && spec.home.kind !== 'local') node.templateScope = `${spec.home.kind}/${spec.home.name}`;
  else node.templateScope = 'local/';
  if (spec.boundaryId) node.boundaryID = spec.boundaryId;
  const hasInputs = (spec.inputs && spec.inputs.length > 0) || (spec.artifacts && spec.artifacts.length > 0);
  if (hasInputs) {
    node.inputs = {};
    if (spec.inputs && spec.inputs.length > 0) node.inputs.parameters = spec.inputs.map(stripInput);
    if (spec.artifacts && spec.artifacts.length > 0) node.inputs.artifacts = spec.artifacts as never;
  }
  node.startedAt = nowIso(ex);
  state.nodes.set(id, node);
  state.changed.add(id);
  if (spec.parentId) addChild(ex, spec.parentId, id);
  if (spec.ownerId) state.owners.set(id, spec.ownerId);
  return node;
}

function stripInput(parameter: Parameter): Parameter {
  const out: Parameter = { name: parameter.name, value: parameter.value };
  if (parameter.default !== undefined) out.default = parameter.default;
  if (parameter.enum) out.enum = parameter.enum;
  if (parameter.description) out.description = parameter.description;
  return out;
}

export function addChild(ex: Exec, parentId: string, childId: string): void {
  const parent = ex.state.nodes.get(parentId);
  if (!parent) return;
  appendChild(parent, childId);
  ex.state.changed.add(parentId);
}

/** Child lists as sets, so linking to a node with 10,000 children stays O(1); rebuilt if the list was changed elsewhere. */
const childSets = new WeakMap<string[], Set<string>>();

/** Adds `childId` to `parent.children` unless it is there already, in O(1). */
export function appendChild(parent: NodeStatus, childId: string): void {
  parent.children ??= [];
  const children = parent.children;
  let set = childSets.get(children);
  if (!set || set.size !== children.length) {
    set = new Set(children);
    childSets.set(children, set);
  }
  if (set.has(childId)) return;
  children.push(childId);
  set.add(childId);
}

export function getNode(ex: Exec, id: string): NodeStatus {
  const node = ex.state.nodes.get(id);
  if (!node) throw new Error(`invariant: node ${id} does not exist`);
  return node;
}

/** Moves a node; when it becomes fulfilled its owner is notified after the current handler returns. */
export function setPhase(ex: Exec, id: string, phase: NodePhase, message?: string): void {
  const node = getNode(ex, id);
  // A daemoned node's owner heard of it when it became daemoned (see templates/daemon.ts).
  const wasFulfilled = isFulfilled(node.phase) || node.daemoned === true;
  transition(node, phase, nowIso(ex), message);
  ex.state.changed.add(id);
  if (ex.state.lifecycleHooks.has(id)) ex.state.hookChecks.add(id);
  if (!wasFulfilled && isFulfilled(phase)) ex.fulfilled.push(id);
}

export function markRunning(ex: Exec, id: string): void {
  const node = getNode(ex, id);
  if (node.phase === 'Pending') setPhase(ex, id, 'Running');
}

/**
 * The nodes that successors hang off (Argo's outbound nodes): a leaf itself, a Retry node's last
 * attempt, a Steps/DAG node's own outbound nodes.
 */
export function outboundNodesOf(ex: Exec, id: string): string[] {
  const node = ex.state.nodes.get(id);
  if (!node) return [];
  if (node.type === 'Retry' && node.children?.length)
    return outboundNodesOf(ex, node.children[node.children.length - 1]);
  if (node.outboundNodes?.length) return node.outboundNodes;
  return [id];
}

/**
 * The template a node handed to the engine (an HTTP request, an artifact listing), taken once its
 * answer arrives; undefined when the node no longer waits for it (stopped, already answered).
 */
export function takeEngineWork(ex: Exec, nodeId: string): { frame: Frame; node: NodeStatus } | undefined {
  const frame = ex.state.engineWork.get(nodeId);
  const node = ex.state.nodes.get(nodeId);
  if (!frame || !node || node.phase !== 'Running') return undefined;
  ex.state.engineWork.delete(nodeId);
  return { frame, node };
}
