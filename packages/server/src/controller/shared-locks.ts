/**
 * One lock manager for every workflow of the server (Argo's mutexes and semaphores are shared
 * across workflows). When a workflow releases a lock, the workflows whose holders may now take it
 * hear `LockAvailable` — the event `weft run` never needed, having one workflow.
 */
import { createLocalLockManager, type LockManager } from '@weft/core';
import type { WorkflowRun } from './workflow-run.js';

export interface SharedLocks {
  readonly manager: LockManager;
  /** Sends LockAvailable to the workflows released locks may now serve (after a batch). */
  notifyWaiting(): void;
}

/** `runOf` finds a running workflow by `<namespace>/<name>`, the start of Argo's holder keys. */
export function createSharedLocks(runOf: (namespacedName: string) => WorkflowRun | undefined): SharedLocks {
  const inner = createLocalLockManager();
  const toNotify = new Set<string>();
  const manager: LockManager = {
    tryAcquire: (holder, locks, priority) => inner.tryAcquire(holder, locks, priority),
    holders: (key) => inner.holders(key),
    release: (holder, keys) => {
      const retry = inner.release(holder, keys);
      for (const waiting of retry) toNotify.add(waiting.split('/').slice(0, 2).join('/'));
      return retry;
    },
  };
  return {
    manager,
    notifyWaiting() {
      if (toNotify.size === 0) return;
      const names = [...toNotify];
      toNotify.clear();
      for (const name of names) runOf(name)?.execution.dispatch({ type: 'LockAvailable' });
    },
  };
}
