import type { StoredObject } from '@weft/engine';
import type { ObjectEventType } from '../../watch/object-events.js';

export interface WatchEvent {
  readonly type: ObjectEventType;
  readonly object: StoredObject;
}

function keyOf(object: StoredObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/**
 * Events waiting to be written to one watch client. While the client is slower than the changes,
 * later changes of an object replace its waiting one (a workflow whose nodes change a thousand
 * times is sent once, in its latest state), keeping the first one's place: the client always ends
 * with every object's latest state, in the order objects first changed.
 */
export class EventQueue {
  readonly #waiting = new Map<string, WatchEvent>();
  #wake?: () => void;

  push(event: WatchEvent): void {
    const key = keyOf(event.object);
    const waiting = this.#waiting.get(key);
    // A waiting ADDED stays ADDED (the client has not seen the object yet); DELETED always wins.
    const type = waiting?.type === 'ADDED' && event.type === 'MODIFIED' ? 'ADDED' : event.type;
    if (waiting && type === 'DELETED' && waiting.type === 'ADDED') this.#waiting.delete(key);
    else this.#waiting.set(key, { type, object: event.object });
    this.#wake?.();
  }

  get size(): number {
    return this.#waiting.size;
  }

  /** The next event, waiting for one; undefined once `signal` aborts. */
  async next(signal: AbortSignal): Promise<WatchEvent | undefined> {
    while (!signal.aborted) {
      const first = this.#waiting.entries().next();
      if (!first.done) {
        this.#waiting.delete(first.value[0]);
        return first.value[1];
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener('abort', done);
          this.#wake = undefined;
          resolve();
        };
        this.#wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
    }
    return undefined;
  }
}
