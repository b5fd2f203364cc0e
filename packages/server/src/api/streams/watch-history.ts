import type { ObjectEvent } from '../../watch/object-events.js';

/**
 * The most recent changes published on the events hub, so that a watch given
 * `listOptions.resourceVersion` (a client reconnecting) receives exactly what it missed.
 * Every write bumps the store-wide resourceVersion, deletes included, so "after version N" is well
 * defined. Changes older than the buffer (or than the server's start) cannot be replayed: the
 * client must list again, as with Kubernetes' "resource version too old".
 */
export class WatchHistory {
  readonly #capacity: number;
  readonly #events: { readonly version: number; readonly event: ObjectEvent }[] = [];
  /** Every change after this version is in the buffer. */
  #coveredFrom: number;

  constructor(capacity: number, startVersion: number) {
    this.#capacity = Math.max(1, capacity);
    this.#coveredFrom = startVersion;
  }

  record(event: ObjectEvent): void {
    const version = Number(event.object.metadata.resourceVersion);
    this.#events.push({ version, event });
    if (this.#events.length > this.#capacity) {
      const evicted = this.#events.shift();
      if (evicted) this.#coveredFrom = Math.max(this.#coveredFrom, evicted.version);
    }
  }

  /** The changes after `version`, oldest first; undefined when some of them were forgotten. */
  since(version: number): ObjectEvent[] | undefined {
    if (version < this.#coveredFrom) return undefined;
    return this.#events.filter((e) => e.version > version).map((e) => e.event);
  }

  /** The oldest version a watch can resume from. */
  get oldestResumable(): number {
    return this.#coveredFrom;
  }
}
