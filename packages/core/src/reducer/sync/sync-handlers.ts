/** The reducer's handlers of synchronization events, and the lock work done at the end of each advance. */
import type { Exec } from '../nodes.js';
import { retryAllWaiting, runGated } from './gate.js';
import { onMemoLookedUp } from './memo.js';
import type { SyncEvent } from './sync-events.js';
import { releaseWorkflowLocks } from './workflow-locks.js';

export function onMemoAnswer(ex: Exec, event: Extract<SyncEvent, { type: 'MemoLookedUp' }>): void {
  onMemoLookedUp(ex, event.nodeId, event, (gated) => runGated(ex, gated));
}

/** `LockAvailable`: a workflow waiting for its own locks starts (via `start`); waiting nodes try again. */
export function onLockAvailable(ex: Exec, start: (ex: Exec) => void): void {
  if (ex.state.phase === 'Pending') start(ex);
  else retryAllWaiting(ex);
}

/** After each advance: a finished workflow gives its workflow-level locks back. */
export function settleWorkflowLocks(ex: Exec): void {
  releaseWorkflowLocks(ex);
}
