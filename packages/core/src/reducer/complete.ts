/**
 * What happens when a node is fulfilled: its exit hook runs first (if it has one), then its owner
 * hears about it — one handler per kind of owner. The root's fulfilment ends the workflow (after
 * the workflow's exit handler).
 */
import type { DagTask, LifecycleHook, WorkflowStep } from '../spec/types.js';
import { prepareInvocation } from './invoke.js';
import { launch } from './launch.js';
import { holdForLifecycleHooks, onLifecycleHookDone, runHookChecks } from './lifecycle-hooks.js';
import { type Exec, getNode, nowIso, setPhase } from './nodes.js';
import { isFulfilled } from './phase.js';
import type { DagScope, ExitHookScope, GroupScope, Scope, StepsScope } from './state.js';
import { onGatedNodeFulfilled } from './sync/gate.js';
import { killDaemonsOf } from './templates/daemon.js';
import { dagVariableScope, onDagChild, onTaskGroupChild } from './templates/dag.js';
import { onRetryChild } from './templates/retry.js';
import { onStepGroupChild, onStepsGroupDone, stepsVariableScope } from './templates/steps.js';
import type { VariableScope } from './variables.js';

export const workflowExitScope = 'workflow:onExit';

export function drainFulfilled(ex: Exec): void {
  do {
    while (ex.fulfilled.length > 0) notify(ex, ex.fulfilled.shift() as string);
  } while (runHookChecks(ex, ownerVariables));
}

function notify(ex: Exec, nodeId: string): void {
  onGatedNodeFulfilled(ex, nodeId);
  killDaemonsOf(ex, nodeId);
  if (nodeId === rootId(ex)) killDaemonsOf(ex, '');
  if (holdForLifecycleHooks(ex, nodeId, ownerVariables)) return;
  runExitHookThenNotifyOwner(ex, nodeId);
}

function runExitHookThenNotifyOwner(ex: Exec, nodeId: string): void {
  const hook = ex.state.exitHooks.get(nodeId);
  if (hook) {
    ex.state.exitHooks.delete(nodeId);
    if (ex.state.stopping !== 'terminate' && startExitHook(ex, nodeId, hook.hook, hook.ownerId)) return;
  }
  notifyOwner(ex, nodeId);
}

function notifyOwner(ex: Exec, nodeId: string): void {
  const ownerId = ex.state.owners.get(nodeId);
  if (ownerId === undefined) {
    onTopLevelDone(ex, nodeId);
    return;
  }
  const scope = ex.state.scopes.get(ownerId);
  if (scope) dispatch(ex, scope, nodeId);
}

const handlers: {
  [K in Scope['kind']]: (ex: Exec, scope: Extract<Scope, { kind: K }>, childId: string) => void;
} = {
  steps: (ex, scope, childId) => onStepsGroupDone(ex, scope, childId),
  stepGroup: (ex, scope, childId) => onStepGroupChild(ex, scope, childId),
  taskGroup: (ex, scope, childId) => onTaskGroupChild(ex, scope, childId),
  dag: (ex, scope, childId) => onDagChild(ex, scope, childId),
  retry: (ex, scope, childId) => onRetryChild(ex, scope, childId),
  exitHook: (ex, scope) => notifyOwner(ex, scope.hookedNodeId),
  lifecycleHook: (ex, scope, childId) => {
    const released = onLifecycleHookDone(ex, scope, childId);
    if (released !== undefined) runExitHookThenNotifyOwner(ex, released);
  },
};

function dispatch(ex: Exec, scope: Scope, childId: string): void {
  (handlers[scope.kind] as (ex: Exec, scope: Scope, childId: string) => void)(ex, scope, childId);
}

/** The variables a hook's arguments see: those of the scope that ran the hooked step. */
function ownerVariables(ex: Exec, ownerId: string | undefined): VariableScope {
  const owner = ownerId ? ex.state.scopes.get(ownerId) : undefined;
  const scope =
    owner && (owner.kind === 'stepGroup' || owner.kind === 'taskGroup')
      ? ex.state.scopes.get(owner.ownerScopeId)
      : owner;
  if (scope?.kind === 'steps') return stepsVariableScope(ex, scope as StepsScope);
  if (scope?.kind === 'dag') return dagVariableScope(ex, scope as DagScope);
  return { state: ex.state };
}

function startExitHook(
  ex: Exec,
  hookedId: string,
  hook: LifecycleHook,
  ownerId: string | undefined,
): boolean {
  const hooked = getNode(ex, hookedId);
  const step = {
    name: `${hooked.displayName}.onExit`,
    template: hook.template,
    templateRef: hook.templateRef,
    arguments: hook.arguments,
  } as WorkflowStep;
  const placement = {
    name: `${hooked.name}.onExit`,
    displayName: `${hooked.displayName}.onExit`,
    boundaryId: hooked.boundaryID ?? '',
    parentIds: [hookedId],
  };
  const prepared = prepareInvocation(ex, ownerVariables(ex, ownerId), step, placement);
  if (prepared.kind !== 'launch') return false;
  const scopeId = `hook:${hookedId}`;
  const scope: ExitHookScope = { kind: 'exitHook', nodeId: scopeId, hookedNodeId: hookedId };
  ex.state.scopes.set(scopeId, scope);
  launch(ex, { ...prepared.spec, step: undefined as unknown as DagTask }, scopeId);
  return true;
}

function rootId(ex: Exec): string {
  return ex.state.workflow.metadata.name ?? '';
}

function onTopLevelDone(ex: Exec, nodeId: string): void {
  const { state } = ex;
  if (nodeId === rootId(ex)) {
    const root = getNode(ex, nodeId);
    state.mainPhase =
      root.phase === 'Succeeded' || root.phase === 'Skipped'
        ? 'Succeeded'
        : root.phase === 'Error'
          ? 'Error'
          : 'Failed';
    state.mainMessage = root.message;
    if (!startWorkflowExitHandler(ex)) finishWorkflow(ex);
    return;
  }
  if (state.owners.get(nodeId) === undefined && nodeId === exitNodeId(ex)) finishWorkflow(ex);
}

function exitNodeId(ex: Exec): string | undefined {
  return ex.state.exitNodeId;
}

function startWorkflowExitHandler(ex: Exec): boolean {
  const { state } = ex;
  const hook = state.spec.hooks?.exit ?? (state.spec.onExit ? { template: state.spec.onExit } : undefined);
  if (!hook || state.stopping === 'terminate') return false;
  state.blockLaunches = false;
  const name = `${rootId(ex)}.onExit`;
  const step = {
    name,
    template: hook.template,
    templateRef: hook.templateRef,
    arguments: hook.arguments ?? state.spec.arguments,
  } as WorkflowStep;
  const prepared = prepareInvocation(ex, { state }, step, {
    name,
    displayName: name,
    boundaryId: '',
    parentIds: [],
  });
  if (prepared.kind !== 'launch') {
    state.mainPhase = 'Error';
    state.mainMessage = `exit handler: ${prepared.message}`;
    return false;
  }
  state.exitNodeId = launch(ex, { ...prepared.spec, step: undefined }, undefined);
  const node = getNode(ex, state.exitNodeId);
  if (isFulfilled(node.phase) && !ex.fulfilled.includes(node.id)) finishWorkflow(ex);
  return true;
}

function finishWorkflow(ex: Exec): void {
  const { state } = ex;
  if (state.phase !== 'Running' && state.phase !== 'Pending') return;
  let phase = state.mainPhase ?? 'Error';
  let message = phase === 'Succeeded' ? undefined : state.mainMessage;
  const exitNode = state.exitNodeId ? state.nodes.get(state.exitNodeId) : undefined;
  if (phase === 'Succeeded' && exitNode && (exitNode.phase === 'Failed' || exitNode.phase === 'Error')) {
    phase = exitNode.phase === 'Failed' ? 'Failed' : 'Error';
    message = exitNode.message;
  }
  if (state.deadlineExceeded) message = 'Max duration limit exceeded';
  else if (state.stopping && phase !== 'Succeeded') message = state.message;
  state.phase = phase;
  state.message = message;
  state.finishedAt = nowIso(ex);
  state.timers.clear();
  ex.commands.push({ type: 'WorkflowCompleted', phase });
}

/** Ends a workflow stopped before its entrypoint started (it was suspended): Failed, after its exit handler. */
export function endBeforeEntry(ex: Exec, message: string | undefined): void {
  ex.state.mainPhase = 'Failed';
  ex.state.mainMessage = message;
  if (!startWorkflowExitHandler(ex)) finishWorkflow(ex);
}

export function failRoot(ex: Exec, message: string): void {
  const id = rootId(ex);
  if (ex.state.nodes.has(id)) setPhase(ex, id, 'Error', message);
}

export type { GroupScope };
