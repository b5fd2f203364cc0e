/**
 * Events and commands of synchronization and memoization: the reducer asks the engine to look a
 * memo up (or save one) and hears the answer as an event, so the reducer itself does no I/O.
 */
import type { Outputs } from '../../spec/types.js';

/** One memoized result, in the shape Argo keeps in its cache ConfigMaps. */
export interface MemoEntry {
  readonly nodeID: string;
  readonly outputs?: Outputs | null;
  /** RFC 3339 time the entry was saved; `maxAge` counts from it. */
  readonly creationTimestamp: string;
  readonly lastHitTimestamp?: string;
}

export type SyncEvent =
  /** The answer to a `LookupMemo`: the entry found (absent on a miss), or `error` when the cache could not be read. */
  | {
      readonly type: 'MemoLookedUp';
      readonly nodeId: string;
      readonly entry?: MemoEntry;
      readonly error?: string;
    }
  /**
   * A lock this workflow waits for may be free (released by another workflow sharing the lock
   * manager): waiting nodes try again. Within one workflow the reducer retries by itself.
   */
  | { readonly type: 'LockAvailable' };

export type SyncCommand =
  /** Look `key` up in the memo cache `cacheName`; answer with `MemoLookedUp`. */
  | { readonly type: 'LookupMemo'; readonly nodeId: string; readonly cacheName: string; readonly key: string }
  /** Store a succeeded node's outputs under `key` in the memo cache `cacheName`. */
  | {
      readonly type: 'SaveMemo';
      readonly nodeId: string;
      readonly cacheName: string;
      readonly key: string;
      readonly entry: MemoEntry;
    };
