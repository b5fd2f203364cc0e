import type {
  DeletePreconditions,
  ListOptions,
  NodeQuery,
  ObjectInput,
  ObjectKey,
  Store,
  StoredKind,
  StoredObject,
  WorkflowSummary,
} from '@weft/engine';
import type { ObjectEvents } from './object-events.js';

/**
 * A Store that publishes every committed change on an ObjectEvents hub. Node and summary writes
 * publish the workflow as MODIFIED (read back only while someone listens).
 */
export class WatchedStore implements Store {
  readonly #uidKeys = new Map<string, ObjectKey>();
  readonly #pending = new Set<string>();

  constructor(
    readonly inner: Store,
    readonly events: ObjectEvents,
  ) {}

  async create(object: ObjectInput): Promise<StoredObject> {
    const created = await this.inner.create(object);
    this.track(created);
    this.events.publish({ type: 'ADDED', kind: created.kind, object: created });
    return created;
  }

  async get(key: ObjectKey): Promise<StoredObject | undefined> {
    const object = await this.inner.get(key);
    if (object) this.track(object);
    return object;
  }

  /** Workflows read here are tracked too (e.g. the unfinished ones a restarted controller lists). */
  async list(kind: StoredKind, options?: ListOptions) {
    const list = await this.inner.list(kind, options);
    if (kind === 'Workflow') for (const object of list.items) this.track(object);
    return list;
  }

  async update(object: ObjectInput): Promise<StoredObject> {
    const updated = await this.inner.update(object);
    this.track(updated);
    this.events.publish({ type: 'MODIFIED', kind: updated.kind, object: updated });
    return updated;
  }

  async delete(key: ObjectKey, preconditions?: DeletePreconditions): Promise<StoredObject> {
    const deleted = await this.inner.delete(key, preconditions);
    this.#uidKeys.delete(deleted.metadata.uid);
    this.events.publish({ type: 'DELETED', kind: deleted.kind, object: deleted });
    return deleted;
  }

  async putNodes(workflowUid: string, nodes: Parameters<Store['putNodes']>[1]): Promise<void> {
    await this.inner.putNodes(workflowUid, nodes);
    await this.#publishModified(workflowUid);
  }

  getNodes(workflowUid: string, query?: NodeQuery) {
    return this.inner.getNodes(workflowUid, query);
  }

  async putSummary(workflowUid: string, summary: WorkflowSummary): Promise<void> {
    await this.inner.putSummary(workflowUid, summary);
    await this.#publishModified(workflowUid);
  }

  appendEvents(workflowUid: string, firstSeq: number, records: readonly unknown[]): Promise<void> {
    return this.inner.appendEvents(workflowUid, firstSeq, records);
  }

  readEvents(workflowUid: string): Promise<readonly unknown[]> {
    return this.inner.readEvents(workflowUid);
  }

  replaceEvents(workflowUid: string, records: readonly unknown[]): Promise<void> {
    return this.inner.replaceEvents(workflowUid, records);
  }

  nextCounter(name: string): Promise<number> {
    return this.inner.nextCounter(name);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Lets node and summary writes of this workflow (e.g. one loaded at start-up) publish MODIFIED. */
  track(object: StoredObject): void {
    if (object.kind !== 'Workflow') return;
    this.#uidKeys.set(object.metadata.uid, {
      kind: 'Workflow',
      namespace: object.metadata.namespace,
      name: object.metadata.name,
    });
  }

  /**
   * Node and summary writes of one workflow in the same turn of the event loop are published once,
   * read back after the last of them (listeners want the latest state, not every step to it).
   */
  async #publishModified(workflowUid: string): Promise<void> {
    if (this.events.listenerCount === 0 || this.#pending.has(workflowUid)) return;
    const key = this.#uidKeys.get(workflowUid);
    if (!key) return;
    this.#pending.add(workflowUid);
    setImmediate(() => {
      this.#pending.delete(workflowUid);
      void this.inner.get(key).then(
        (object) => {
          if (object && object.metadata.uid === workflowUid)
            this.events.publish({ type: 'MODIFIED', kind: 'Workflow', object });
        },
        () => undefined,
      );
    });
  }
}
