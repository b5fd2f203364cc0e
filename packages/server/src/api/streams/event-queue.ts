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
 * with every object's latest state, in the order objects first changed. An object just sent can be
 * held back for a moment (`hold`), so that a burst of its changes is sent once.
 */
export class EventQueue {
  readonly #waiting = new Map<string, WatchEvent>();
  readonly #heldUntil = new Map<string, number>();
  #wake?: () => void;

  /** Sends no event of this object before `until` (ms since the epoch). */
  hold(object: StoredObject, until: number): void {
    this.#heldUntil.set(keyOf(object), until);
  }

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
      const now = Date.now();
      let earliestHeld = Number.POSITIVE_INFINITY;
      for (const [key, event] of this.#waiting) {
        const held = this.#heldUntil.get(key) ?? 0;
        if (held > now) {
          earliestHeld = Math.min(earliestHeld, held);
          continue;
        }
        this.#heldUntil.delete(key);
        this.#waiting.delete(key);
        return event;
      }
      await this.#sleep(signal, earliestHeld - now);
    }
    return undefined;
  }

  /** Until a push, `ms` (when finite) or the abort. */
  #sleep(signal: AbortSignal, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(() => done(), ms) : undefined;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.#wake = undefined;
        resolve();
      };
      this.#wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
