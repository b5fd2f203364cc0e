/**
 * Workflow-level `spec.synchronization`: the workflow takes its locks before its entrypoint starts
 * (holder `<namespace>/<workflow>`) and keeps them until it finishes. With one workflow per
 * `weft run` they are free at once; a server sharing one lock manager between workflows queues the
 * later ones (Pending, with Argo's waiting message) and sends them `LockAvailable`.
 */
import type { Exec } from '../nodes.js';
import { nowIso } from '../nodes.js';
import { workflowPriority } from './gate.js';
import { hasLocks, lockRequests } from './lock-requests.js';

function workflowHolder(ex: Exec): string {
  const meta = ex.state.workflow.metadata;
  return `${meta.namespace ?? 'default'}/${meta.name ?? ''}`;
}

/** Takes the workflow's locks; false when it must wait (or failed: then it has ended as Error). */
export function takeWorkflowLocks(ex: Exec): boolean {
  const { state } = ex;
  const sync = state.spec.synchronization;
  if (!hasLocks(sync) || state.sync.workflowLocks) return true;
  const requests = lockRequests(sync, state.workflow.metadata.namespace ?? 'default', state.configMaps);
  if ('error' in requests) {
    state.phase = 'Error';
    state.message = requests.error;
    state.finishedAt = nowIso(ex);
    ex.commands.push({ type: 'WorkflowCompleted', phase: 'Error' });
    return false;
  }
  const result = state.sync.locks.tryAcquire(workflowHolder(ex), requests.requests, workflowPriority(ex));
  if (!result.acquired) {
    state.message = result.message;
    return false;
  }
  state.sync.workflowLocks = requests.requests;
  state.message = undefined;
  return true;
}

/** Once the workflow has finished, its locks go back; returns the holders (of other workflows) now worth retrying. */
export function releaseWorkflowLocks(ex: Exec): readonly string[] {
  const { state } = ex;
  const held = state.sync.workflowLocks;
  if (!held || !state.finishedAt) return [];
  state.sync.workflowLocks = undefined;
  return state.sync.locks.release(
    workflowHolder(ex),
    held.map((l) => l.key),
  );
}
