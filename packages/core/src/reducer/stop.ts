/**
 * Argo's shutdown strategies (`argo stop`, `argo terminate`) and the workflow deadline, which
 * shuts down as `Stop` does:
 *
 *   Stop       running pods are killed and nothing new starts, except inside exit handlers:
 *              they keep running, and exit handlers not yet started still start.
 *   Terminate  every pod is killed, exit handlers included; no exit handler starts.
 *
 * Node messages are Argo's: a killed pod `workflow shutdown with strategy:  Stop` (Argo's text has
 * two spaces), a pod that never started `workflow shutdown with strategy: Stop`, a suspended node
 * or a Retry node waiting to retry `Stopped with strategy 'Stop'`; past the deadline all of them
 * `Step exceeded its deadline`. The workflow's message is `Stopped with strategy 'Stop'`.
 */

import { endBeforeEntry } from './complete.js';
import type { Exec } from './nodes.js';
import { setPhase } from './nodes.js';
import { isFulfilled } from './phase.js';
import type { WorkflowState } from './state.js';
import { failGatedNodes } from './sync/gate.js';
import { killGraceMs } from './templates/pod.js';

export type StopMode = 'stop' | 'terminate';

/** `Stop` or `Terminate`, as Argo spells the strategy. */
export function strategyName(mode: StopMode): string {
  return mode === 'stop' ? 'Stop' : 'Terminate';
}

export function stopWorkflow(ex: Exec, mode: StopMode, message?: string): void {
  const { state } = ex;
  if (state.phase !== 'Running') return;
  if (state.stopping === 'terminate' || (state.stopping === 'stop' && mode === 'stop')) return;
  const strategy = strategyName(mode);
  state.stopping = mode;
  state.message = message ?? `Stopped with strategy '${strategy}'`;
  // Under Stop, once the workflow's exit handler runs nothing else does: let it finish its steps.
  state.blockLaunches = !(mode === 'stop' && state.exitNodeId !== undefined);
  const deadline = state.deadlineExceeded ? 'Step exceeded its deadline' : undefined;
  const spared = (id: string) => mode === 'stop' && isPartOfExitHandler(state, id);
  failQueuedPods(ex, spared, deadline ?? `workflow shutdown with strategy: ${strategy}`);
  killRunningPods(ex, spared, deadline ?? `workflow shutdown with strategy:  ${strategy}`);
  failWaitingNodes(ex, spared, deadline ?? `Stopped with strategy '${strategy}'`);
  failGatedNodes(ex, spared, deadline ?? `workflow shutdown with strategy: ${strategy}`);
  if (state.workflowSuspended && state.nodes.size === 0) {
    state.workflowSuspended = false;
    endBeforeEntry(ex, state.message);
  }
}

function failQueuedPods(ex: Exec, spared: (id: string) => boolean, message: string): void {
  const kept = ex.state.podQueue.filter((c) => c.type === 'StartStep' && spared(c.nodeId));
  for (const command of ex.state.podQueue.splice(0, ex.state.podQueue.length, ...kept)) {
    if (command.type === 'StartStep' && !kept.includes(command))
      setPhase(ex, command.nodeId, 'Failed', message);
  }
}

function killRunningPods(ex: Exec, spared: (id: string) => boolean, message: string): void {
  for (const id of ex.state.pods.keys()) {
    const node = ex.state.nodes.get(id);
    if (node?.phase !== 'Running' || spared(id)) continue;
    ex.state.killReasons.set(id, { phase: 'Failed', message });
    ex.commands.push({ type: 'KillStep', nodeId: id, graceMs: killGraceMs(ex, id), reason: message });
  }
}

/** Suspended nodes and Retry nodes waiting out a backoff. */
function failWaitingNodes(ex: Exec, spared: (id: string) => boolean, message: string): void {
  const { state } = ex;
  for (const id of [...state.suspended.keys()]) {
    if (spared(id)) continue;
    state.suspended.delete(id);
    state.timers.delete(`suspend:${id}`);
    setPhase(ex, id, 'Failed', message);
  }
  for (const [id, timer] of state.timers) {
    if (timer.action.kind !== 'retryBackoff' || spared(timer.action.retryNodeId)) continue;
    state.timers.delete(id);
    const node = state.nodes.get(timer.action.retryNodeId);
    if (node && !isFulfilled(node.phase)) setPhase(ex, node.id, 'Failed', message);
  }
}

/** Whether a node runs inside an exit handler (the workflow's, or a step's `onExit`/`hooks.exit`). */
export function isPartOfExitHandler(state: WorkflowState, nodeId: string): boolean {
  let id = nodeId;
  for (let depth = 0; depth < 10_000; depth++) {
    const ownerId = state.owners.get(id);
    if (ownerId === undefined) return id === state.exitNodeId;
    if (state.scopes.get(ownerId)?.kind === 'exitHook') return true;
    id = ownerId;
  }
  return false;
}
