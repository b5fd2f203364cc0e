import type { StoredKind, StoredObject } from '@weft/engine';

/**
 * Changes to stored objects, as Kubernetes' watch reports them, published after each commit by
 * ./watched-store.ts. One process, one hub: the API's watch streams and the cron controller listen.
 */
export type ObjectEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ObjectEvent {
  readonly type: ObjectEventType;
  readonly kind: StoredKind;
  /** For ADDED/MODIFIED/DELETED of objects: the object as stored (for DELETED: as it was). */
  readonly object: StoredObject;
}

export type ObjectEventListener = (event: ObjectEvent) => void;

export class ObjectEvents {
  readonly #listeners = new Set<ObjectEventListener>();

  /** Registers a listener; returns the function that removes it. */
  subscribe(listener: ObjectEventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(event: ObjectEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A failing listener must not stop the others or the writer.
      }
    }
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
