/**
 * ConfigMaps kept in memory, in step with the store through the events hub, for runtimes that
 * must look them up synchronously (podman's configMap volumes).
 */
import type { Store } from '@weft/engine';
import type { ObjectEvents } from './watch/object-events.js';

export class ObjectCache {
  readonly #data = new Map<string, Readonly<Record<string, string>>>();

  static async load(store: Store, events: ObjectEvents): Promise<ObjectCache> {
    const cache = new ObjectCache();
    events.subscribe((event) => {
      if (event.kind !== 'ConfigMap') return;
      const key = keyOf(event.object.metadata.namespace, event.object.metadata.name);
      if (event.type === 'DELETED') cache.#data.delete(key);
      else cache.#data.set(key, (event.object.data ?? {}) as Record<string, string>);
    });
    for (const object of (await store.list('ConfigMap')).items)
      cache.#data.set(
        keyOf(object.metadata.namespace, object.metadata.name),
        (object.data ?? {}) as Record<string, string>,
      );
    return cache;
  }

  data(
    kind: 'ConfigMap' | 'Secret',
    namespace: string,
    name: string,
  ): Readonly<Record<string, string>> | undefined {
    return kind === 'ConfigMap' ? this.#data.get(keyOf(namespace, name)) : undefined;
  }
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? 'default'}/${name}`;
}
