/** `steps` templates: sequential groups of parallel steps (Steps → StepGroup → step nodes). */
import type { WorkflowStep } from '../../spec/types.js';
import { nodeId, stepGroupName } from '../ids.js';
import { expandLoop } from '../invoke.js';
import {
  addChild,
  createNode,
  type Exec,
  getNode,
  markRunning,
  outboundNodesOf,
  setPhase,
} from '../nodes.js';
import { finishScopeNode } from '../outputs.js';
import { ResolveError } from '../resolve.js';
import type { Frame, GroupScope, PendingLaunch, StepsScope } from '../state.js';
import { SubstitutionError } from '../substitute.js';
import type { Siblings, VariableScope } from '../variables.js';
import { type GroupHost, groupOutcome, onGroupChildFulfilled, pumpGroup } from './group.js';

export function startSteps(ex: Exec, frame: Frame, nodeId: string): void {
  const scope: StepsScope = {
    kind: 'steps',
    nodeId,
    frame,
    groupIndex: -1,
    stepNodes: new Map(),
    loopSteps: new Set(),
    childSteps: new Map(),
  };
  ex.state.scopes.set(nodeId, scope);
  markRunning(ex, nodeId);
  startNextGroup(ex, scope);
}

function stepsSiblings(scope: StepsScope): Siblings {
  return {
    kind: 'steps',
    resolve: (name) => {
      const ids = scope.stepNodes.get(name);
      return ids ? { ids, loop: scope.loopSteps.has(name) } : undefined;
    },
  };
}

export function stepsVariableScope(ex: Exec, scope: StepsScope, item?: { value: unknown }): VariableScope {
  return { state: ex.state, frame: scope.frame, siblings: stepsSiblings(scope), item };
}

function hostFor(ex: Exec, scope: StepsScope): GroupHost {
  return {
    variableScope: (item) => stepsVariableScope(ex, scope, item),
    boundaryId: scope.nodeId,
    failFast: scope.frame.template.failFast === true,
    onChildCreated: (launch, childId) => {
      const ids = scope.stepNodes.get(launch.step.name) ?? [];
      ids.push(childId);
      scope.stepNodes.set(launch.step.name, ids);
      scope.childSteps.set(childId, launch.step);
    },
  };
}

function startNextGroup(ex: Exec, scope: StepsScope): void {
  const groups = scope.frame.template.steps ?? [];
  const previous = scope.groupIndex >= 0 ? groupNodeId(ex, scope, scope.groupIndex) : undefined;
  scope.groupIndex++;
  if (scope.groupIndex >= groups.length) {
    finishSteps(ex, scope, { phase: 'Succeeded' }, previous);
    return;
  }
  const name = stepGroupName(scope.frame.nodeName, scope.groupIndex);
  const node = createNode(ex, {
    name,
    displayName: `[${scope.groupIndex}]`,
    type: 'StepGroup',
    templateName: scope.frame.template.name,
    boundaryId: scope.nodeId,
    parentId: previous === undefined ? scope.nodeId : undefined,
    ownerId: scope.nodeId,
  });
  if (previous !== undefined)
    for (const childId of getNode(ex, previous).children ?? []) {
      for (const outbound of outboundNodesOf(ex, childId)) addChild(ex, outbound, node.id);
    }
  markRunning(ex, node.id);
  const group: GroupScope = {
    kind: 'stepGroup',
    nodeId: node.id,
    ownerScopeId: scope.nodeId,
    limit: Number(scope.frame.template.parallelism ?? 0),
    running: 0,
    queue: [],
    children: [],
    stopLaunching: false,
  };
  ex.state.scopes.set(node.id, group);
  try {
    for (const step of groups[scope.groupIndex] ?? [])
      group.queue.push(...launchesFor(ex, scope, step, name));
  } catch (error) {
    if (!(error instanceof ResolveError || error instanceof SubstitutionError)) throw error;
    setPhase(ex, node.id, 'Error', error.message);
    return;
  }
  pumpGroup(ex, group, hostFor(ex, scope));
  if (group.running === 0 && group.queue.length === 0) setPhase(ex, node.id, 'Succeeded');
}

function groupNodeId(ex: Exec, scope: StepsScope, index: number): string {
  return nodeId(ex.state.workflow.metadata.name ?? '', stepGroupName(scope.frame.nodeName, index));
}

function launchesFor(ex: Exec, scope: StepsScope, step: WorkflowStep, groupName: string): PendingLaunch[] {
  const items = expandLoop(step, stepsVariableScope(ex, scope));
  if (!items) return [{ step, name: `${groupName}.${step.name}`, displayName: step.name }];
  scope.loopSteps.add(step.name);
  if (!scope.stepNodes.has(step.name)) scope.stepNodes.set(step.name, []);
  return items.map((item) => ({
    step,
    item: { value: item.value, index: item.index },
    name: `${groupName}.${step.name}(${item.index}:${item.label})`,
    displayName: `${step.name}(${item.index}:${item.label})`,
  }));
}

/** A StepGroup's child is fulfilled. */
export function onStepGroupChild(ex: Exec, group: GroupScope, childId: string): void {
  const scope = ex.state.scopes.get(group.ownerScopeId) as StepsScope;
  if (!onGroupChildFulfilled(ex, group, hostFor(ex, scope), childId)) return;
  const outcome = groupOutcome(ex, group, (id) => scope.childSteps.get(id));
  // Argo marks a StepGroup Failed whether its child failed or errored.
  setPhase(ex, group.nodeId, outcome.phase === 'Succeeded' ? 'Succeeded' : 'Failed', outcome.message);
}

/** A StepGroup is fulfilled: run the next group or finish the steps node. */
export function onStepsGroupDone(ex: Exec, scope: StepsScope, groupId: string): void {
  const group = getNode(ex, groupId);
  if (ex.state.blockLaunches) {
    finishSteps(ex, scope, { phase: 'Failed', message: ex.state.message }, groupId);
    return;
  }
  if (group.phase === 'Succeeded') {
    startNextGroup(ex, scope);
    return;
  }
  // Argo fails (never errors) a Steps node whose group failed or errored.
  finishSteps(ex, scope, { phase: 'Failed', message: group.message }, groupId);
}

function finishSteps(
  ex: Exec,
  scope: StepsScope,
  outcome: { phase: 'Succeeded' | 'Failed' | 'Error'; message?: string },
  lastGroupId: string | undefined,
): void {
  const node = getNode(ex, scope.nodeId);
  if (lastGroupId) node.outboundNodes = outboundOf(ex, lastGroupId);
  finishScopeNode(ex, scope.nodeId, stepsVariableScope(ex, scope), outcome);
}

/** The nodes a parent's successors attach to: leaves of the last group, looking through nested templates. */
function outboundOf(ex: Exec, groupId: string): string[] {
  return (getNode(ex, groupId).children ?? []).flatMap((childId) => outboundNodesOf(ex, childId));
}
