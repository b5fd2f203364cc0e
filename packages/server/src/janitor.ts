/**
 * Deletes finished workflows when their time is up: Argo's `spec.ttlStrategy`
 * (`secondsAfterCompletion`, `secondsAfterSuccess`, `secondsAfterFailure`) and the server-wide
 * `--retention`, whichever comes first. Deletion goes through the controller, so logs and
 * artifacts go with the workflow. Timers are re-armed from `finishedAt` after a restart.
 */
import type { Store, StoredObject } from '@weft/engine';
import type { WorkflowController } from './controller/types.js';
import type { ObjectEvents } from './watch/object-events.js';

export interface JanitorOptions {
  readonly store: Store;
  readonly events: ObjectEvents;
  readonly controller: Pick<WorkflowController, 'delete'>;
  readonly retentionMs?: number;
  readonly log: (line: string) => void;
}

/** setTimeout's longest delay; longer waits are re-armed when it fires. */
const longestDelay = 2 ** 31 - 1;

export class Janitor {
  readonly #options: JanitorOptions;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #unsubscribe?: () => void;

  constructor(options: JanitorOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    this.#unsubscribe = this.#options.events.subscribe((event) => {
      if (event.kind !== 'Workflow') return;
      if (event.type === 'DELETED') this.#cancel(event.object.metadata.uid);
      else this.#schedule(event.object);
    });
    let page: string | undefined;
    do {
      const list = await this.#options.store.list('Workflow', {
        labelSelector: 'workflows.argoproj.io/completed=true',
        limit: 500,
        ...(page ? { continue: page } : {}),
      });
      for (const object of list.items) this.#schedule(object);
      page = list.continue;
    } while (page);
  }

  stop(): void {
    this.#unsubscribe?.();
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }

  #schedule(object: StoredObject): void {
    const uid = object.metadata.uid;
    if (this.#timers.has(uid) || object.metadata.labels?.['workflows.argoproj.io/completed'] !== 'true')
      return;
    const at = deleteAt(object, this.#options.retentionMs);
    if (at === undefined) return;
    const arm = () => {
      const timer = setTimeout(
        () => {
          if (Date.now() < at) return arm();
          this.#timers.delete(uid);
          void this.#delete(object);
        },
        Math.min(Math.max(0, at - Date.now()), longestDelay),
      );
      timer.unref();
      this.#timers.set(uid, timer);
    };
    arm();
  }

  #cancel(uid: string): void {
    clearTimeout(this.#timers.get(uid));
    this.#timers.delete(uid);
  }

  async #delete(object: StoredObject): Promise<void> {
    const { namespace = 'default', name } = object.metadata;
    try {
      await this.#options.controller.delete(namespace, name);
      this.#options.log(`deleted workflow ${namespace}/${name} (ttlStrategy or retention)`);
    } catch (error) {
      this.#options.log(`could not delete workflow ${namespace}/${name}: ${(error as Error).message}`);
    }
  }
}

/** When a finished workflow is due for deletion, or undefined when never. */
export function deleteAt(object: StoredObject, retentionMs?: number): number | undefined {
  const status = (object.status ?? {}) as { phase?: string; finishedAt?: string };
  const finished = Date.parse(status.finishedAt ?? '');
  if (Number.isNaN(finished)) return undefined;
  const ttl = ((object.spec ?? {}) as { ttlStrategy?: Record<string, unknown> }).ttlStrategy ?? {};
  const seconds = [
    ttl.secondsAfterCompletion,
    status.phase === 'Succeeded' ? ttl.secondsAfterSuccess : ttl.secondsAfterFailure,
  ]
    .map(Number)
    .filter((value) => Number.isFinite(value) && value >= 0);
  const candidates = [...seconds.map((s) => finished + s * 1000)];
  if (retentionMs !== undefined) candidates.push(finished + retentionMs);
  return candidates.length === 0 ? undefined : Math.min(...candidates);
}
