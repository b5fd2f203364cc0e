/**
 * Groups of sibling launches (a StepGroup, or a DAG task's TaskGroup of loop items):
 * launched up to the template's parallelism, finished when every child is fulfilled.
 */
import { continuesOn, prepareInvocation } from '../invoke.js';
import { launch } from '../launch.js';
import { createNode, type Exec, getNode, setPhase } from '../nodes.js';
import { isFailedOrError } from '../phase.js';
import type { GroupScope, PendingLaunch } from '../state.js';
import type { VariableScope } from '../variables.js';

export interface GroupHost {
  /** The scope variables children's arguments are resolved in. */
  variableScope(item?: { value: unknown }): VariableScope;
  readonly boundaryId: string;
  readonly failFast: boolean;
  /** Called when a child of this group was created (to index it by step name). */
  onChildCreated(launch: PendingLaunch, childId: string): void;
}

export function pumpGroup(ex: Exec, group: GroupScope, host: GroupHost): void {
  if (ex.state.blockLaunches) group.stopLaunching = true;
  while (
    group.queue.length > 0 &&
    !group.stopLaunching &&
    (group.limit <= 0 || group.running < group.limit)
  ) {
    const next = group.queue.shift() as PendingLaunch;
    startGroupChild(ex, group, host, next);
  }
}

function startGroupChild(ex: Exec, group: GroupScope, host: GroupHost, next: PendingLaunch): void {
  const scope = host.variableScope(next.item);
  const placement = {
    name: next.name,
    displayName: next.displayName,
    boundaryId: host.boundaryId,
    parentIds: [group.nodeId],
  };
  const prepared = prepareInvocation(ex, scope, next.step, placement);
  group.running++;
  if (prepared.kind === 'launch') {
    const id = launch(ex, prepared.spec, group.nodeId);
    group.children.push(id);
    host.onChildCreated(next, id);
    return;
  }
  const node = createNode(ex, {
    name: next.name,
    displayName: next.displayName,
    type: 'Skipped',
    templateName: next.step.template,
    boundaryId: host.boundaryId,
    parentId: group.nodeId,
    ownerId: group.nodeId,
  });
  group.children.push(node.id);
  host.onChildCreated(next, node.id);
  setPhase(ex, node.id, prepared.kind === 'skip' ? 'Skipped' : 'Error', prepared.message);
}

/** A child is fulfilled: count it, maybe launch more; returns true when the whole group is done. */
export function onGroupChildFulfilled(
  ex: Exec,
  group: GroupScope,
  host: GroupHost,
  childId: string,
): boolean {
  group.running--;
  const child = getNode(ex, childId);
  if (isFailedOrError(child.phase) && host.failFast) group.stopLaunching = true;
  pumpGroup(ex, group, host);
  return group.running === 0 && (group.queue.length === 0 || group.stopLaunching);
}

/**
 * The phase of a finished group: a child failure not excused by continueOn — the first one (Argo's
 * StepGroup) or the last one (Argo's TaskGroup takes the phase of its last failed item).
 */
export function groupOutcome(
  ex: Exec,
  group: GroupScope,
  stepOf: (childId: string) => PendingLaunch['step'] | undefined,
  which: 'first' | 'last' = 'first',
): { phase: 'Succeeded' | 'Failed' | 'Error'; message?: string } {
  let outcome: { phase: 'Succeeded' | 'Failed' | 'Error'; message?: string } = { phase: 'Succeeded' };
  for (const childId of group.children) {
    const child = getNode(ex, childId);
    if (!isFailedOrError(child.phase) || continuesOn(stepOf(childId), child.phase)) continue;
    outcome = { phase: child.phase as 'Failed' | 'Error', message: `child '${childId}' failed` };
    if (which === 'first') break;
  }
  return outcome;
}
