/**
 * Lifecycle hooks with expressions (Argo's `hooks.<name>.expression`, every hook but `exit`): on a
 * step or task, and at workflow level (`spec.hooks`, hooked to the root node). A hook runs its
 * template once, the first time its expression is true. Expressions are checked when the hooked
 * node changes phase (not on every event), so a change costs O(hooks of that node).
 *
 * Hook nodes are named `<hooked node>.hooks.<hook name>`, children of the hooked node, in its
 * boundary. As in Argo, the hooked node's owner hears of its end only once the hooks it started
 * have ended (the workflow's exit handler, too, waits for the workflow-level hooks).
 *
 *   hooked node changes phase ──► expressions true? ──► hook node started (once per hook)
 *   hooked node fulfilled ──► hooks still running? ──yes──► owner waits ──(last hook ends)──► owner hears
 */
import { evaluateExpr } from '../expr/index.js';
import type { LifecycleHook, WorkflowStep } from '../spec/types.js';
import { prepareInvocation } from './invoke.js';
import { launch } from './launch.js';
import { type Exec, getNode } from './nodes.js';
import { isFulfilled } from './phase.js';
import type { HookedNode, LaunchSpec, LifecycleHookScope } from './state.js';
import { type VariableScope, variablesFor } from './variables.js';

/** The variables a hook sees: those of the scope that owns the hooked node. */
export type OwnerVariables = (ex: Exec, ownerId: string | undefined) => VariableScope;

/** Records the expression hooks of a step/task (or, for the root, of the workflow) being launched. */
export function registerLifecycleHooks(
  ex: Exec,
  spec: LaunchSpec,
  nodeId: string,
  ownerId: string | undefined,
): void {
  if (spec.retryAttempt !== undefined && spec.template.retryStrategy) return;
  const isRoot = ownerId === undefined && !spec.step && spec.name === ex.state.workflow.metadata.name;
  const declared = spec.step ? spec.step.hooks : isRoot ? ex.state.spec.hooks : undefined;
  const hooks = Object.entries(declared ?? {}).filter(([name]) => name !== 'exit');
  if (hooks.length === 0) return;
  ex.state.lifecycleHooks.set(nodeId, {
    hooks,
    ownerId,
    fired: new Set(),
    running: new Set(),
    holding: false,
  });
  ex.state.hookChecks.add(nodeId);
}

/** Checks the hooks of the nodes that changed phase; returns whether there were any. */
export function runHookChecks(ex: Exec, variables: OwnerVariables): boolean {
  const { hookChecks } = ex.state;
  if (hookChecks.size === 0) return false;
  const ids = [...hookChecks];
  hookChecks.clear();
  for (const id of ids) {
    const hooked = ex.state.lifecycleHooks.get(id);
    if (hooked && !hooked.holding) fireHooks(ex, id, hooked, variables);
  }
  return true;
}

/**
 * A hooked node is fulfilled (or daemoned): fires the hooks now true; returns true when its owner
 * must wait for hook nodes still running (it hears of the node from `onLifecycleHookDone`).
 */
export function holdForLifecycleHooks(ex: Exec, nodeId: string, variables: OwnerVariables): boolean {
  const hooked = ex.state.lifecycleHooks.get(nodeId);
  if (!hooked) return false;
  ex.state.hookChecks.delete(nodeId);
  fireHooks(ex, nodeId, hooked, variables);
  const done = isFulfilled(getNode(ex, nodeId).phase);
  if (hooked.running.size > 0) {
    hooked.holding = true;
    return true;
  }
  if (done) ex.state.lifecycleHooks.delete(nodeId);
  return false;
}

/** A hook node ended; returns the hooked node's id when its owner may now hear of it. */
export function onLifecycleHookDone(
  ex: Exec,
  scope: LifecycleHookScope,
  hookNodeId: string,
): string | undefined {
  const hooked = ex.state.lifecycleHooks.get(scope.hookedNodeId);
  if (!hooked) return undefined;
  hooked.running.delete(hookNodeId);
  if (!hooked.holding || hooked.running.size > 0) return undefined;
  hooked.holding = false;
  if (isFulfilled(getNode(ex, scope.hookedNodeId).phase)) ex.state.lifecycleHooks.delete(scope.hookedNodeId);
  return scope.hookedNodeId;
}

function fireHooks(ex: Exec, nodeId: string, hooked: HookedNode, variables: OwnerVariables): void {
  let env: Record<string, unknown> | undefined;
  for (const [name, hook] of hooked.hooks) {
    if (hooked.fired.has(name)) continue;
    env ??= variablesFor(variables(ex, hooked.ownerId)).exprEnv();
    if (!expressionHolds(hook, env)) continue;
    hooked.fired.add(name);
    const hookNodeId = startHook(ex, nodeId, hooked, name, hook, variables);
    if (hookNodeId !== undefined && !isFulfilled(getNode(ex, hookNodeId).phase))
      hooked.running.add(hookNodeId);
  }
}

/**
 * Argo requires an expression on every hook but `exit`; one that is missing never fires (lint
 * reports it). Evaluation errors count as false, as an unknown variable is nil in expr-lang.
 */
function expressionHolds(hook: LifecycleHook, env: Record<string, unknown>): boolean {
  if (!hook.expression) return false;
  try {
    return evaluateExpr(hook.expression, env) === true;
  } catch {
    return false;
  }
}

function startHook(
  ex: Exec,
  hookedId: string,
  hooked: HookedNode,
  hookName: string,
  hook: LifecycleHook,
  variables: OwnerVariables,
): string | undefined {
  const node = getNode(ex, hookedId);
  const step = {
    name: `${node.displayName}.hooks.${hookName}`,
    template: hook.template,
    templateRef: hook.templateRef,
    arguments: hook.arguments,
  } as WorkflowStep;
  const placement = {
    name: `${node.name}.hooks.${hookName}`,
    displayName: `${node.displayName}.hooks.${hookName}`,
    boundaryId: node.boundaryID ?? '',
    parentIds: [hookedId],
  };
  const prepared = prepareInvocation(ex, variables(ex, hooked.ownerId), step, placement);
  if (prepared.kind !== 'launch') return undefined;
  const scopeId = `lifecycle:${hookedId}`;
  if (!ex.state.scopes.has(scopeId))
    ex.state.scopes.set(scopeId, { kind: 'lifecycleHook', nodeId: scopeId, hookedNodeId: hookedId });
  const id = launch(ex, { ...prepared.spec, step: undefined }, scopeId);
  const hookNode = getNode(ex, id);
  hookNode.nodeFlag = { hooked: true };
  return id;
}
