/**
 * Runs tasks one at a time per key (a CronWorkflow's `namespace/name`), in order, as Argo's
 * controller holds a lock per key; different keys run concurrently. A task already waiting under
 * the same kind is not queued twice.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<void>>();
  readonly #waiting = new Map<string, Promise<void>>();
  readonly #pending = new Set<Promise<void>>();

  constructor(private readonly onError: (key: string, error: unknown) => void) {}

  /** Queues `task` after the key's earlier tasks; with `kind`, joins a same-kind task not yet started. */
  enqueue(key: string, task: () => Promise<void>, kind?: string): Promise<void> {
    const waitingKey = kind === undefined ? undefined : `${key}\u0000${kind}`;
    const waiting = waitingKey === undefined ? undefined : this.#waiting.get(waitingKey);
    if (waiting) return waiting;
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const run = previous
      .then(() => {
        if (waitingKey !== undefined) this.#waiting.delete(waitingKey);
        return task();
      })
      .catch((error: unknown) => this.onError(key, error));
    this.#tails.set(key, run);
    this.#pending.add(run);
    if (waitingKey !== undefined) this.#waiting.set(waitingKey, run);
    void run.finally(() => {
      this.#pending.delete(run);
      if (this.#tails.get(key) === run) this.#tails.delete(key);
    });
    return run;
  }

  /** Resolves once no task is queued or running (including tasks queued meanwhile). */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }
}
