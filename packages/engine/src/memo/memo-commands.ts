/**
 * Carries out the reducer's memo commands against a `MemoCache`: a `LookupMemo` is answered with a
 * `MemoLookedUp` event; a `SaveMemo` is written in the background and awaited before the run ends.
 */
import type { MemoEntry, SyncCommand, WorkflowEvent } from '@weft/core';
import type { MemoCache } from './memo-cache.js';

export class MemoCommands {
  readonly #cache: MemoCache;
  readonly #dispatch: (event: WorkflowEvent) => void;
  readonly #pending = new Set<Promise<unknown>>();
  /** Saves that failed, as messages (the run goes on; the entry is simply not cached). */
  readonly failures: string[] = [];

  constructor(cache: MemoCache, dispatch: (event: WorkflowEvent) => void) {
    this.#cache = cache;
    this.#dispatch = dispatch;
  }

  execute(command: SyncCommand): void {
    if (command.type === 'LookupMemo')
      this.#track(this.#lookup(command.nodeId, command.cacheName, command.key));
    else this.#track(this.#save(command.cacheName, command.key, command.entry));
  }

  /** Waits for every lookup and save under way. */
  async settle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  #track(work: Promise<unknown>): void {
    this.#pending.add(work);
    void work.finally(() => this.#pending.delete(work));
  }

  async #lookup(nodeId: string, cacheName: string, key: string): Promise<void> {
    let entry: MemoEntry | undefined;
    try {
      entry = await this.#cache.load(cacheName, key);
    } catch (error) {
      this.#dispatch({ type: 'MemoLookedUp', nodeId, error: (error as Error).message });
      return;
    }
    this.#dispatch({ type: 'MemoLookedUp', nodeId, ...(entry ? { entry } : {}) });
  }

  async #save(cacheName: string, key: string, entry: MemoEntry): Promise<void> {
    try {
      await this.#cache.save(cacheName, key, entry);
    } catch (error) {
      this.failures.push(`memo cache ${cacheName}: could not save ${key}: ${(error as Error).message}`);
    }
  }
}
