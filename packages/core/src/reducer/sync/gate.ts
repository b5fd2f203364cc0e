/**
 * The gate a template with `synchronization` or `memoize` passes before it starts, in Argo's order:
 *
 * ```
 * node created (Pending) ─► take every lock ──(busy)──► Pending "Waiting for <lock> lock. Lock status: 0/1"
 *                                │                        ▲ retried when a holder releases it
 *                                ▼                        │
 *                     memoize? LookupMemo ─► MemoLookedUp ─► hit: Succeeded with the cached outputs
 *                                │                          └► miss: run; outputs saved on success
 *                                ▼
 *                         launch the template (Retry node, pod, steps, dag…)
 * ```
 *
 * The locks are held by the node (a Retry node holds them across its attempts) and released when
 * it is fulfilled, whatever its phase, so a failing holder never deadlocks its waiters.
 */

import { nodeId as nodeIdOf } from '../ids.js';
import { createLaunchNode, launch, makeFrame, nodeTypes } from '../launch.js';
import { type Exec, getNode, setPhase } from '../nodes.js';
import { templateKind } from '../resolve.js';
import type { LaunchSpec } from '../state.js';
import { effectiveRetryStrategy } from '../templates/retry-flow.js';
import { hasLocks, lockRequests } from './lock-requests.js';
import { askMemo, memoRequest, saveMemoOnSuccess } from './memo.js';
import type { GatedLaunch } from './sync-state.js';

/** Whether `spec` still has to pass the gate (it has locks or a memo, and has not passed it yet). */
export function mustPassGate(ex: Exec, spec: LaunchSpec): boolean {
  if (spec.retryAttempt !== undefined) return false;
  const template = spec.template;
  if (!template.memoize && !hasLocks(template.synchronization)) return false;
  const id = nodeIdOf(ex.state.workflow.metadata.name ?? '', spec.name);
  const gated = ex.state.sync.gated.get(id);
  return gated?.launched !== true;
}

export function launchGated(ex: Exec, spec: LaunchSpec, ownerId: string | undefined): string {
  const { state } = ex;
  const retry = effectiveRetryStrategy(state, spec.template) !== undefined;
  const type = retry ? 'Retry' : (nodeTypes[templateKind(spec.template)] ?? 'Pod');
  const nodeSpec = retry ? { ...spec, inputs: { ...spec.inputs, artifacts: {} } } : spec;
  const node = createLaunchNode(ex, nodeSpec, type, ownerId);
  const frame = makeFrame(ex, spec, node.id);
  if (!frame) return node.id;
  const namespace = state.workflow.metadata.namespace ?? 'default';
  const sync = frame.template.synchronization;
  const locks = hasLocks(sync) ? lockRequests(sync, namespace, state.configMaps) : { requests: [] };
  if ('error' in locks) {
    setPhase(ex, node.id, 'Error', locks.error);
    return node.id;
  }
  const memo = frame.template.memoize ? memoRequest(frame.template.memoize) : undefined;
  if (memo && 'error' in memo) {
    setPhase(ex, node.id, 'Error', memo.error);
    return node.id;
  }
  const gated: GatedLaunch = {
    spec,
    ownerId,
    nodeId: node.id,
    holder: `${namespace}/${state.workflow.metadata.name ?? ''}/${node.id}`,
    locks: locks.requests,
    memo,
    locksHeld: locks.requests.length === 0,
    memoAsked: false,
    launched: false,
  };
  state.sync.gated.set(node.id, gated);
  proceed(ex, gated);
  return node.id;
}

/** Takes the locks, then asks for the memo, then launches; stops at the first step that must wait. */
function proceed(ex: Exec, gated: GatedLaunch): void {
  if (!gated.locksHeld && !takeLocks(ex, gated)) return;
  if (gated.memo && !gated.memoAsked) {
    gated.memoAsked = true;
    askMemo(ex, gated);
    return;
  }
  runGated(ex, gated);
}

/** Launches the template behind the gate (after a memo miss, or with no memo). */
export function runGated(ex: Exec, gated: GatedLaunch): void {
  gated.launched = true;
  launch(ex, gated.spec, gated.ownerId);
}

function takeLocks(ex: Exec, gated: GatedLaunch): boolean {
  const { sync } = ex.state;
  const node = getNode(ex, gated.nodeId);
  const result = sync.locks.tryAcquire(gated.holder, gated.locks, workflowPriority(ex));
  if (!result.acquired) {
    sync.waitingHolders.set(gated.holder, gated.nodeId);
    node.message = result.message;
    node.synchronizationStatus = { waiting: result.waitingFor };
    ex.state.changed.add(node.id);
    return false;
  }
  sync.waitingHolders.delete(gated.holder);
  gated.locksHeld = true;
  if (node.synchronizationStatus) {
    node.synchronizationStatus = undefined;
    node.message = undefined;
    ex.state.changed.add(node.id);
  }
  return true;
}

export function workflowPriority(ex: Exec): number {
  const priority = Number(ex.state.spec.priority ?? 0);
  return Number.isFinite(priority) ? priority : 0;
}

/** A node is fulfilled: save its memo (on success), release its locks and let waiters try again. */
export function onGatedNodeFulfilled(ex: Exec, nodeId: string): void {
  const { sync } = ex.state;
  const gated = sync.gated.get(nodeId);
  if (!gated) return;
  sync.gated.delete(nodeId);
  sync.waitingHolders.delete(gated.holder);
  saveMemoOnSuccess(ex, gated);
  if (gated.locks.length === 0) return;
  const retry = sync.locks.release(
    gated.holder,
    gated.locks.map((l) => l.key),
  );
  retryHolders(ex, retry);
}

/** Waiting nodes of this workflow among `holders` try their locks again. */
export function retryHolders(ex: Exec, holders: readonly string[]): void {
  for (const holder of holders) {
    const id = ex.state.sync.waitingHolders.get(holder);
    const gated = id === undefined ? undefined : ex.state.sync.gated.get(id);
    if (gated && getNode(ex, gated.nodeId).phase === 'Pending') proceed(ex, gated);
  }
}

/** `LockAvailable`: every node of this workflow waiting for a lock tries again, in the order they came. */
export function retryAllWaiting(ex: Exec): void {
  retryHolders(ex, [...ex.state.sync.waitingHolders.keys()]);
}

/** Stop/terminate: nodes still waiting at the gate (for a lock or a memo answer) fail with `message`. */
export function failGatedNodes(ex: Exec, spared: (id: string) => boolean, message: string): void {
  for (const gated of [...ex.state.sync.gated.values()]) {
    const node = ex.state.nodes.get(gated.nodeId);
    if (node?.phase !== 'Pending' || gated.launched || spared(gated.nodeId)) continue;
    setPhase(ex, gated.nodeId, 'Failed', message);
  }
}
