/**
 * Mutexes and semaphores (Argo's `synchronization`), as a pure in-memory lock manager.
 *
 * A lock is named by Argo's lock key (`<namespace>/Mutex/<name>`,
 * `<namespace>/ConfigMap/<configmap>/<key>`, `<namespace>/Database/<name>`) and has a limit (1 for
 * a mutex). A holder is named by Argo's holder key: `<namespace>/<workflow>` for a workflow-level
 * lock, `<namespace>/<workflow>/<node id>` for a template-level one.
 *
 * ```
 *  tryAcquire(holder, locks) ─► every lock has a free slot that this holder may take? ─► held
 *                                      │ no
 *                                      ▼
 *                 queued (priority desc, then arrival), message "Waiting for <key> lock. Lock status: 0/1"
 *  release(holder, keys) ─► slots freed ─► the holders now at the front of those queues (retry them)
 * ```
 *
 * The manager is state passed in (one per `weft run`; a server shares one between the workflows it
 * runs), never a global. It does no I/O.
 */

export interface LockRequest {
  /** Argo's lock key. */
  readonly key: string;
  /** How many holders at once: 1 for a mutex, the ConfigMap value for a semaphore. */
  readonly limit: number;
}

export type AcquireResult =
  | { readonly acquired: true }
  | { readonly acquired: false; readonly waitingFor: string; readonly message: string };

/** The port the reducer uses; `createLocalLockManager` is the in-memory implementation. */
export interface LockManager {
  /**
   * Takes every lock for `holder` at once, or none: a holder that cannot have all of them waits in
   * each lock's queue (ordered by `priority`, higher first, then by arrival).
   */
  tryAcquire(holder: string, locks: readonly LockRequest[], priority: number): AcquireResult;
  /** Releases what `holder` holds of `keys` and leaves their queues; returns holders worth retrying. */
  release(holder: string, keys: readonly string[]): string[];
  /** The holders of a lock now. */
  holders(key: string): readonly string[];
}

interface Waiter {
  readonly holder: string;
  readonly priority: number;
  readonly arrival: number;
}

interface LockRecord {
  limit: number;
  readonly holders: Set<string>;
  /** Waiting holders, in the order they may take the lock. */
  readonly queue: Waiter[];
}

/**
 * An in-memory lock manager.
 *
 * @example
 * const locks = createLocalLockManager();
 * locks.tryAcquire('default/wf/a', [{ key: 'default/Mutex/m', limit: 1 }], 0); // { acquired: true }
 * locks.tryAcquire('default/wf/b', [{ key: 'default/Mutex/m', limit: 1 }], 0).acquired; // false
 * locks.release('default/wf/a', ['default/Mutex/m']); // ['default/wf/b']
 */
export function createLocalLockManager(): LockManager {
  const locks = new Map<string, LockRecord>();
  let arrivals = 0;

  const recordOf = (request: LockRequest): LockRecord => {
    let record = locks.get(request.key);
    if (!record) {
      record = { limit: request.limit, holders: new Set(), queue: [] };
      locks.set(request.key, record);
    }
    record.limit = request.limit;
    return record;
  };

  const enqueue = (record: LockRecord, holder: string, priority: number): void => {
    if (record.queue.some((w) => w.holder === holder)) return;
    const waiter = { holder, priority, arrival: arrivals++ };
    let at = record.queue.length;
    while (at > 0 && (record.queue[at - 1] as Waiter).priority < priority) at--;
    record.queue.splice(at, 0, waiter);
  };

  /** A holder may take a slot when one is free and no more than the free slots' worth of waiters are ahead of it. */
  const mayTake = (record: LockRecord, holder: string): boolean => {
    if (record.holders.has(holder)) return true;
    const free = record.limit - record.holders.size;
    if (free <= 0) return false;
    for (let i = 0; i < Math.min(free, record.queue.length); i++) {
      if ((record.queue[i] as Waiter).holder === holder) return true;
    }
    return record.queue.length < free;
  };

  const dequeue = (record: LockRecord, holder: string): void => {
    const index = record.queue.findIndex((w) => w.holder === holder);
    if (index >= 0) record.queue.splice(index, 1);
  };

  return {
    tryAcquire(holder, requests, priority) {
      const records = requests.map((r) => [r, recordOf(r)] as const);
      for (const [, record] of records) if (!record.holders.has(holder)) enqueue(record, holder, priority);
      const blocked = records.find(([, record]) => !mayTake(record, holder));
      if (blocked) {
        const [request, record] = blocked;
        const available = Math.max(0, record.limit - record.holders.size);
        return {
          acquired: false,
          waitingFor: request.key,
          message: `Waiting for ${request.key} lock. Lock status: ${available}/${record.limit}`,
        };
      }
      for (const [, record] of records) {
        dequeue(record, holder);
        record.holders.add(holder);
      }
      return { acquired: true };
    },
    release(holder, keys) {
      const retry: string[] = [];
      for (const key of keys) {
        const record = locks.get(key);
        if (!record) continue;
        record.holders.delete(holder);
        dequeue(record, holder);
        const free = record.limit - record.holders.size;
        for (const waiter of record.queue.slice(0, Math.max(0, free))) retry.push(waiter.holder);
      }
      return [...new Set(retry)];
    },
    holders(key) {
      return [...(locks.get(key)?.holders ?? [])];
    },
  };
}
