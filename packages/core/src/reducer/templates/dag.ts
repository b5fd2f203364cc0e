/**
 * `dag` templates. As in Argo, `failFast` does not stop ready tasks from starting; it lets the DAG
 * fail as soon as a target task has failed and nothing it started is still running. Each finished task only re-checks its own dependents, so a DAG of n tasks costs
 * O(n + edges) in total, never O(n²).
 *
 *   task states: waiting ──(deps fulfilled, depends true)──► queued ──► started ──► done
 *                   └──────(depends false)──► done (Omitted)
 */
import type { DagTask } from '../../spec/types.js';
import {
  type DependencyState,
  DependsSyntaxError,
  dependenciesAsDepends,
  dependsTasks,
  evaluateDepends,
  parseDepends,
} from '../depends.js';
import { continuesOn, expandLoop, prepareInvocation } from '../invoke.js';
import { launch } from '../launch.js';
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
import { isFulfilled } from '../phase.js';
import { ResolveError } from '../resolve.js';
import type { DagScope, DagTaskState, Frame, GroupScope } from '../state.js';
import { SubstitutionError } from '../substitute.js';
import type { VariableScope } from '../variables.js';
import { type GroupHost, groupOutcome, onGroupChildFulfilled, pumpGroup } from './group.js';

export function startDag(ex: Exec, frame: Frame, nodeId: string): void {
  const dag = frame.template.dag;
  if (!dag) return;
  let tasks: Map<string, DagTaskState>;
  try {
    tasks = buildTasks(dag.tasks);
  } catch (error) {
    if (!(error instanceof DependsSyntaxError)) throw error;
    setPhase(ex, nodeId, 'Error', error.message);
    return;
  }
  const dependents = new Map<string, string[]>();
  for (const [name, state] of tasks) {
    for (const dep of state.dependencies) {
      const list = dependents.get(dep);
      if (list) list.push(name);
      else dependents.set(dep, [name]);
    }
  }
  const targets = dag.target
    ? dag.target.split(/[\s,]+/).filter(Boolean)
    : [...tasks.keys()].filter((t) => !dependents.has(t));
  const relevant = ancestorsOf(targets, tasks);
  const scope: DagScope = {
    kind: 'dag',
    nodeId,
    frame,
    tasks,
    dependents,
    targets,
    relevant,
    unfinished: relevant.size,
    running: 0,
    limit: Number(frame.template.parallelism ?? 0),
    queue: [],
    failFast: dag.failFast ?? true,
    stopScheduling: false,
    loopTasks: new Set(),
    taskOfNode: new Map(),
  };
  ex.state.scopes.set(nodeId, scope);
  markRunning(ex, nodeId);
  // In declaration order, as Argo visits them (it matters under parallelism).
  for (const name of tasks.keys())
    if (relevant.has(name) && getTask(scope, name).remaining === 0) becomeReady(ex, scope, name);
  pumpDag(ex, scope);
  maybeFinish(ex, scope);
}

function buildTasks(list: readonly DagTask[]): Map<string, DagTaskState> {
  const tasks = new Map<string, DagTaskState>();
  const continueOnOf = (name: string) => list.find((t) => t.name === name)?.continueOn;
  for (const task of list) {
    const text =
      task.depends ??
      (task.dependencies?.length ? dependenciesAsDepends(task.dependencies, continueOnOf) : undefined);
    const depends = text ? parseTaskDepends(task.name, text) : undefined;
    const dependencies = depends ? [...dependsTasks(depends)].filter((d) => d !== task.name) : [];
    tasks.set(task.name, { task, dependencies, depends, status: 'waiting', remaining: dependencies.length });
  }
  return tasks;
}

function parseTaskDepends(task: string, text: string) {
  try {
    return parseDepends(text);
  } catch (error) {
    if (error instanceof DependsSyntaxError)
      throw new DependsSyntaxError(`task "${task}": depends "${text}": ${error.message}`);
    throw error;
  }
}

function ancestorsOf(targets: readonly string[], tasks: ReadonlyMap<string, DagTaskState>): Set<string> {
  const seen = new Set<string>();
  const stack = targets.filter((t) => tasks.has(t));
  while (stack.length) {
    const name = stack.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const dep of tasks.get(name)?.dependencies ?? []) if (tasks.has(dep)) stack.push(dep);
  }
  for (const name of seen) {
    const state = tasks.get(name) as DagTaskState;
    state.remaining = state.dependencies.filter((d) => seen.has(d)).length;
  }
  return seen;
}

function getTask(scope: DagScope, name: string): DagTaskState {
  const task = scope.tasks.get(name);
  if (!task) throw new Error(`invariant: unknown task ${name}`);
  return task;
}

export function dagVariableScope(ex: Exec, scope: DagScope, item?: { value: unknown }): VariableScope {
  return {
    state: ex.state,
    frame: scope.frame,
    item,
    siblings: {
      kind: 'tasks',
      resolve: (name) => {
        const id = scope.tasks.get(name)?.nodeId;
        if (id === undefined) return undefined;
        if (!scope.loopTasks.has(name)) return { ids: [id], loop: false };
        return { ids: loopItemIds(ex, id), loop: true, groupId: id };
      },
    },
  };
}

function dependencyState(ex: Exec, scope: DagScope, name: string): DependencyState | undefined {
  const id = scope.tasks.get(name)?.nodeId;
  const node = id ? ex.state.nodes.get(id) : undefined;
  if (!node) return undefined;
  if (!scope.loopTasks.has(name)) return { phase: node.phase, daemoned: node.daemoned === true };
  const childPhases = loopItemIds(ex, node.id).map((c) => ex.state.nodes.get(c)?.phase ?? 'Pending');
  return { phase: node.phase, childPhases };
}

function becomeReady(ex: Exec, scope: DagScope, name: string): void {
  const state = getTask(scope, name);
  if (state.depends && !evaluateDepends(state.depends, (t) => dependencyState(ex, scope, t))) {
    state.status = 'done';
    const node = createTaskNode(ex, scope, name, 'Skipped');
    setPhase(ex, node, 'Omitted', 'omitted: depends condition not met');
    return;
  }
  state.status = 'queued';
  scope.queue.push(name);
}

/** The node ids of a loop task's items (its TaskGroup node's children also include dependents). */
function loopItemIds(ex: Exec, groupId: string): readonly string[] {
  const group = ex.state.scopes.get(groupId);
  return group?.kind === 'taskGroup' ? group.children : [];
}

/** As in Argo, a task hangs off the outbound nodes of each dependency (the items of a loop task). */
function parentIdsOf(ex: Exec, scope: DagScope, name: string): string[] {
  const deps = getTask(scope, name).dependencies;
  if (deps.length === 0) return [scope.nodeId];
  return deps.flatMap((d) => {
    const id = scope.tasks.get(d)?.nodeId;
    if (id === undefined) return [];
    const ids = scope.loopTasks.has(d) ? loopItemIds(ex, id) : [id];
    return ids.flatMap((item) => outboundNodesOf(ex, item));
  });
}

function createTaskNode(ex: Exec, scope: DagScope, name: string, type: 'Skipped' | 'TaskGroup'): string {
  const state = getTask(scope, name);
  const node = createNode(ex, {
    name: `${scope.frame.nodeName}.${name}`,
    displayName: name,
    type,
    templateName: state.task.template,
    boundaryId: scope.nodeId,
    ownerId: scope.nodeId,
  });
  for (const parentId of parentIdsOf(ex, scope, name)) addChild(ex, parentId, node.id);
  state.nodeId = node.id;
  scope.taskOfNode.set(node.id, name);
  return node.id;
}

function pumpDag(ex: Exec, scope: DagScope): void {
  if (ex.state.blockLaunches) scope.stopScheduling = true;
  while (
    scope.queue.length > 0 &&
    !scope.stopScheduling &&
    (scope.limit <= 0 || scope.running < scope.limit)
  ) {
    startTask(ex, scope, scope.queue.shift() as string);
  }
}

function startTask(ex: Exec, scope: DagScope, name: string): void {
  const state = getTask(scope, name);
  state.status = 'started';
  scope.running++;
  let items: ReturnType<typeof expandLoop>;
  try {
    items = expandLoop(state.task, dagVariableScope(ex, scope));
  } catch (error) {
    if (!(error instanceof ResolveError || error instanceof SubstitutionError)) throw error;
    setPhase(ex, createTaskNode(ex, scope, name, 'Skipped'), 'Error', error.message);
    return;
  }
  if (items) {
    startLoopTask(ex, scope, name, items);
    return;
  }
  const placement = {
    name: `${scope.frame.nodeName}.${name}`,
    displayName: name,
    boundaryId: scope.nodeId,
    parentIds: parentIdsOf(ex, scope, name),
  };
  const prepared = prepareInvocation(ex, dagVariableScope(ex, scope), state.task, placement);
  if (prepared.kind === 'launch') {
    const id = launch(ex, prepared.spec, scope.nodeId);
    state.nodeId = id;
    scope.taskOfNode.set(id, name);
    return;
  }
  const id = createTaskNode(ex, scope, name, 'Skipped');
  setPhase(ex, id, prepared.kind === 'skip' ? 'Skipped' : 'Error', prepared.message);
}

function startLoopTask(
  ex: Exec,
  scope: DagScope,
  name: string,
  items: NonNullable<ReturnType<typeof expandLoop>>,
): void {
  // As Argo: a loop task with no items is a Skipped node, not an empty TaskGroup.
  if (items.length === 0) {
    setPhase(ex, createTaskNode(ex, scope, name, 'Skipped'), 'Skipped', 'Skipped, empty params');
    return;
  }
  scope.loopTasks.add(name);
  const groupId = createTaskNode(ex, scope, name, 'TaskGroup');
  markRunning(ex, groupId);
  const task = getTask(scope, name).task;
  const group: GroupScope = {
    kind: 'taskGroup',
    nodeId: groupId,
    ownerScopeId: scope.nodeId,
    limit: Number(scope.frame.template.parallelism ?? 0),
    running: 0,
    queue: items.map((item) => ({
      step: task,
      item: { value: item.value, index: item.index },
      name: `${scope.frame.nodeName}.${name}(${item.index}:${item.label})`,
      displayName: `${name}(${item.index}:${item.label})`,
    })),
    children: [],
    stopLaunching: false,
  };
  ex.state.scopes.set(groupId, group);
  pumpGroup(ex, group, groupHost(ex, scope));
  if (group.running === 0 && group.queue.length === 0) setPhase(ex, groupId, 'Succeeded');
}

function groupHost(ex: Exec, scope: DagScope): GroupHost {
  return {
    variableScope: (item) => dagVariableScope(ex, scope, item),
    boundaryId: scope.nodeId,
    failFast: false,
    onChildCreated: () => {},
  };
}

/** A loop item of a DAG task is fulfilled. */
export function onTaskGroupChild(ex: Exec, group: GroupScope, childId: string): void {
  const scope = ex.state.scopes.get(group.ownerScopeId) as DagScope;
  if (!onGroupChildFulfilled(ex, group, groupHost(ex, scope), childId)) return;
  // As Argo: a TaskGroup with a failed item is Failed even when the task has continueOn (which
  // only excuses it as a DAG target and in legacy `dependencies`).
  const outcome = groupOutcome(ex, group, () => undefined, 'last');
  setPhase(ex, group.nodeId, outcome.phase, outcome.message);
}

/** A task's node (or TaskGroup) is fulfilled. */
export function onDagChild(ex: Exec, scope: DagScope, childId: string): void {
  const name = scope.taskOfNode.get(childId);
  if (name === undefined || isFulfilled(getNode(ex, scope.nodeId).phase)) return;
  const state = getTask(scope, name);
  const wasStarted = state.status === 'started';
  state.status = 'done';
  if (wasStarted) scope.running--;
  scope.unfinished--;
  for (const dependent of scope.dependents.get(name) ?? []) {
    if (!scope.relevant.has(dependent)) continue;
    const next = getTask(scope, dependent);
    next.remaining--;
    if (next.remaining === 0 && next.status === 'waiting') becomeReady(ex, scope, dependent);
  }
  pumpDag(ex, scope);
  maybeFinish(ex, scope);
}

function maybeFinish(ex: Exec, scope: DagScope): void {
  if (scope.running > 0) return;
  if (ex.state.blockLaunches) {
    finishDag(ex, scope, { phase: 'Failed', message: ex.state.message });
    return;
  }
  if (hasPendingOmissions(ex, scope)) return;
  const outcome = assessDag(ex, scope);
  const waiting = scope.queue.length > 0 || scope.unfinished > 0;
  if (waiting && !(scope.failFast && outcome.phase !== 'Succeeded')) return;
  finishDag(ex, scope, outcome);
}

/** Omitted nodes created in this advance whose notification has not arrived yet. */
function hasPendingOmissions(ex: Exec, scope: DagScope): boolean {
  return ex.fulfilled.some((id) => scope.taskOfNode.has(id));
}

/** Argo's DAG phase: judged on the target tasks; an omitted task inherits the worst phase of its branch. */
function assessDag(ex: Exec, scope: DagScope): { phase: 'Succeeded' | 'Failed' | 'Error'; message?: string } {
  const memo = new Map<string, string>();
  const effective = (name: string): string => {
    const cached = memo.get(name);
    if (cached) return cached;
    memo.set(name, 'Succeeded');
    const state = scope.tasks.get(name);
    const node = state?.nodeId ? ex.state.nodes.get(state.nodeId) : undefined;
    let phase = node?.phase ?? 'Succeeded';
    // Argo's branch phase passes through nodes that did not complete (omitted or skipped).
    if (phase === 'Omitted' || phase === 'Skipped') {
      const parents = (state?.dependencies ?? []).map(effective);
      phase = parents.find((p) => p === 'Error') ?? parents.find((p) => p === 'Failed') ?? 'Succeeded';
    }
    memo.set(name, phase);
    return phase;
  };
  for (const target of scope.targets) {
    const phase = effective(target);
    if ((phase === 'Failed' || phase === 'Error') && !continuesOn(scope.tasks.get(target)?.task, phase)) {
      return { phase, message: `task '${target}' ${phase === 'Error' ? 'errored' : 'failed'}` };
    }
  }
  return { phase: 'Succeeded' };
}

function finishDag(
  ex: Exec,
  scope: DagScope,
  outcome: { phase: 'Succeeded' | 'Failed' | 'Error'; message?: string },
): void {
  const node = getNode(ex, scope.nodeId);
  if (isFulfilled(node.phase)) return;
  node.outboundNodes = scope.targets.flatMap((t) => {
    const id = scope.tasks.get(t)?.nodeId;
    return id ? outboundNodesOf(ex, id) : [];
  });
  finishScopeNode(ex, scope.nodeId, dagVariableScope(ex, scope), outcome);
}
