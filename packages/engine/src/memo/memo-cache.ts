/**
 * The memoization cache port: where `memoize` entries live. `weft run` keeps them in JSON files
 * (`file-memo-cache.ts`); a server can keep them in its database behind the same interface.
 */
import type { MemoEntry } from '@weft/core';

export interface MemoCache {
  /** The entry under `key` in the cache `cacheName`, or undefined when there is none. */
  load(cacheName: string, key: string): Promise<MemoEntry | undefined>;
  /** Stores (or replaces) the entry under `key` in the cache `cacheName`. */
  save(cacheName: string, key: string, entry: MemoEntry): Promise<void>;
}
