/**
 * `daemon: true` templates. A daemon pod's node becomes "daemoned" once its main container has
 * started (and passed its readinessProbe): it stays Running, and its owner treats it as fulfilled,
 * so the steps or tasks after it start. When the steps/DAG node that started it ends, the daemon
 * is killed and its node Succeeds, as in Argo. A daemon that ends by itself Fails.
 *
 *   Running ──(StepStarted)──► Running + daemoned ──(its scope ends)──► Succeeded (pod killed)
 *                                      └──────────(pod exits by itself)──► Failed
 */
import { type Exec, getNode, setPhase } from '../nodes.js';
import { isFulfilled } from '../phase.js';

/** Grace between SIGTERM and SIGKILL for a daemon whose scope ended (Kubernetes' pods get 30 s; 10 s locally). */
export const daemonKillGraceMs = 10_000;

/** The engine reports that a step's main container started: a daemon pod becomes daemoned. */
export function onStepStarted(ex: Exec, nodeId: string): void {
  const entry = ex.state.pods.get(nodeId);
  const node = ex.state.nodes.get(nodeId);
  if (!entry || !node || node.phase !== 'Running' || node.daemoned) return;
  if (entry.frame.template.daemon !== true) return;
  markDaemoned(ex, nodeId);
}

function markDaemoned(ex: Exec, nodeId: string): void {
  const node = getNode(ex, nodeId);
  node.daemoned = true;
  node.podIP = '127.0.0.1';
  ex.state.changed.add(nodeId);
  const boundary = node.boundaryID ?? '';
  const set = ex.state.daemons.get(boundary) ?? new Set<string>();
  set.add(nodeId);
  ex.state.daemons.set(boundary, set);
  ex.fulfilled.push(nodeId);
}

/** A Retry node whose running attempt became daemoned is daemoned too (Argo copies the flag up). */
export function daemonRetryNode(ex: Exec, retryNodeId: string): void {
  const node = getNode(ex, retryNodeId);
  if (!node.daemoned && !isFulfilled(node.phase)) markDaemoned(ex, retryNodeId);
}

/** A daemon pod exited on its own (not killed by its scope's end): it is no longer daemoned. */
export function forgetDaemon(ex: Exec, nodeId: string): void {
  const node = ex.state.nodes.get(nodeId);
  if (!node?.daemoned) return;
  ex.state.daemons.get(node.boundaryID ?? '')?.delete(nodeId);
}

/** The end of a daemon pod that was not killed by its scope: Argo fails it whether it exited 0 or not. */
export function daemonExitPhase(ex: Exec, nodeId: string): 'Failed' | undefined {
  const entry = ex.state.pods.get(nodeId);
  return entry?.frame.template.daemon === true && getNode(ex, nodeId).daemoned ? 'Failed' : undefined;
}

/** The steps/DAG node `boundaryId` ended (or the workflow, for ''): kill its daemons; their nodes Succeed. */
export function killDaemonsOf(ex: Exec, boundaryId: string): void {
  const ids = ex.state.daemons.get(boundaryId);
  if (!ids) return;
  ex.state.daemons.delete(boundaryId);
  for (const id of ids) {
    const node = getNode(ex, id);
    if (!node.daemoned) continue;
    if (ex.state.pods.has(id) && node.phase === 'Running')
      ex.commands.push({
        type: 'KillStep',
        nodeId: id,
        graceMs: daemonKillGraceMs,
        reason: 'daemon scope ended',
      });
    if (!isFulfilled(node.phase)) setPhase(ex, id, 'Succeeded');
    delete node.daemoned;
  }
}

/** Every daemon still running, whatever its scope (the workflow is ending). */
export function killAllDaemons(ex: Exec): void {
  for (const boundaryId of [...ex.state.daemons.keys()]) killDaemonsOf(ex, boundaryId);
}
