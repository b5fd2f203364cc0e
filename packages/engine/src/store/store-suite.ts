import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AlreadyExistsError,
  ConflictError,
  InvalidContinueError,
  InvalidRequestError,
  NotFoundError,
} from './errors.js';
import { eventLogCases } from './store-suite-events.js';
import { configMap, names, type StoreSuiteBackend, testContext, workflow } from './store-suite-fixtures.js';
import { nodeAndDurabilityCases } from './store-suite-nodes.js';
import { secretAndTokenCases } from './store-suite-secrets.js';
import type { Store } from './types.js';

export type { StoreSuiteBackend } from './store-suite-fixtures.js';

/** A fresh store per test, closed after it. */
export interface SuiteStore {
  readonly store: Store;
  readonly location: string;
  readonly context: ReturnType<typeof testContext>;
  /** Closes the store and opens the same location again (the store moves to the new one). */
  reopen(): Promise<Store>;
}

/**
 * The behaviour every Store must show, run once per backend:
 * `storeConformanceSuite('sqlite', { newLocation, open, markNewerSchema })`.
 */
export function storeConformanceSuite(name: string, backend: StoreSuiteBackend): void {
  describe(`${name} store`, () => {
    const current = {} as { store: Store; location: string; context: ReturnType<typeof testContext> };
    const suite: SuiteStore = {
      get store() {
        return current.store;
      },
      get location() {
        return current.location;
      },
      get context() {
        return current.context;
      },
      async reopen() {
        await current.store.close();
        current.store = await backend.open(current.location, testContext());
        return current.store;
      },
    };
    beforeEach(async () => {
      current.location = await backend.newLocation();
      current.context = testContext();
      current.store = await backend.open(current.location, current.context);
    });
    afterEach(async () => {
      await current.store.close();
    });

    objectCases(suite);
    labelSelectorCases(suite);
    pagingCases(suite);
    nodeAndDurabilityCases(suite, backend);
    eventLogCases(suite);
    secretAndTokenCases(suite);
  });
}

function objectCases(suite: SuiteStore): void {
  describe('objects', () => {
    it('creates an object with uid, resourceVersion and creationTimestamp and gets it back', async () => {
      const created = await suite.store.create(workflow('hello', { labels: { team: 'a' } }));
      expect(created.metadata).toMatchObject({
        name: 'hello',
        namespace: 'default',
        labels: { team: 'a' },
        creationTimestamp: '2025-01-02T03:04:05Z',
      });
      expect(created.metadata.uid).toMatch(/\S/);
      expect(await suite.store.get({ kind: 'Workflow', name: 'hello' })).toEqual(created);
      expect(created.spec).toEqual(workflow('hello').spec);
    });

    it('keeps annotations and other metadata as given', async () => {
      const object = configMap('settings');
      object.metadata.annotations = { 'weft.dev/note': 'kept' };
      object.metadata.ownerReferences = [{ kind: 'Workflow', name: 'parent' }];
      const created = await suite.store.create(object);
      const read = await suite.store.get({ kind: 'ConfigMap', namespace: 'default', name: 'settings' });
      expect(read?.metadata).toMatchObject({ annotations: { 'weft.dev/note': 'kept' } });
      expect(read?.metadata.ownerReferences).toEqual([{ kind: 'Workflow', name: 'parent' }]);
      expect(read).toEqual(created);
    });

    it('stores cluster-scoped kinds without a namespace', async () => {
      const template = {
        kind: 'ClusterWorkflowTemplate' as const,
        metadata: { name: 'shared', namespace: 'x' },
      };
      const created = await suite.store.create(template);
      expect(created.metadata.namespace).toBeUndefined();
      expect(
        await suite.store.get({ kind: 'ClusterWorkflowTemplate', namespace: 'other', name: 'shared' }),
      ).toEqual(created);
    });

    it('names an object from metadata.generateName', async () => {
      const created = await suite.store.create({ kind: 'Workflow', metadata: { generateName: 'build-' } });
      expect(created.metadata.name).toMatch(/^build-.+/);
      expect(await suite.store.get({ kind: 'Workflow', name: created.metadata.name })).toBeDefined();
    });

    it('refuses a name already taken in the same kind and namespace, not in another', async () => {
      await suite.store.create(workflow('same'));
      await expect(suite.store.create(workflow('same'))).rejects.toBeInstanceOf(AlreadyExistsError);
      await suite.store.create(workflow('same', { namespace: 'other' }));
      await suite.store.create(configMap('same'));
      expect((await suite.store.list('Workflow')).items).toHaveLength(2);
    });

    it('refuses an object without a name or with an unknown kind', async () => {
      await expect(suite.store.create({ kind: 'Workflow', metadata: {} })).rejects.toBeInstanceOf(
        InvalidRequestError,
      );
      const pod = { kind: 'Pod', metadata: { name: 'p' } } as unknown as Parameters<Store['create']>[0];
      await expect(suite.store.create(pod)).rejects.toBeInstanceOf(InvalidRequestError);
    });

    it('returns undefined for an object that does not exist', async () => {
      expect(await suite.store.get({ kind: 'Workflow', name: 'missing' })).toBeUndefined();
    });

    it('issues a store-wide increasing resourceVersion on every write', async () => {
      const a = await suite.store.create(workflow('a'));
      const b = await suite.store.create(configMap('b'));
      const a2 = await suite.store.update(a);
      const versions = [a, b, a2].map((object) => Number(object.metadata.resourceVersion));
      expect(versions[1]).toBeGreaterThan(versions[0]);
      expect(versions[2]).toBeGreaterThan(versions[1]);
      const list = await suite.store.list('ConfigMap');
      expect(Number(list.resourceVersion)).toBeGreaterThanOrEqual(versions[2]);
    });

    it('updates an object keeping its uid and creationTimestamp', async () => {
      const created = await suite.store.create(configMap('c', { labels: { v: '1' } }));
      const updated = await suite.store.update({ ...created, data: { key: 'changed' } });
      expect(updated.data).toEqual({ key: 'changed' });
      expect(updated.metadata.uid).toBe(created.metadata.uid);
      expect(updated.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
      expect(updated.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
      expect(await suite.store.get({ kind: 'ConfigMap', name: 'c' })).toEqual(updated);
    });

    it('rejects an update with a stale resourceVersion and keeps the newer object', async () => {
      const created = await suite.store.create(configMap('c'));
      const first = await suite.store.update({ ...created, data: { key: 'first' } });
      const stale = suite.store.update({ ...created, data: { key: 'second' } });
      await expect(stale).rejects.toBeInstanceOf(ConflictError);
      await expect(stale).rejects.toMatchObject({ code: 'Conflict' });
      expect(await suite.store.get({ kind: 'ConfigMap', name: 'c' })).toEqual(first);
    });

    it('rejects an update whose uid is not the stored one', async () => {
      const created = await suite.store.create(configMap('c'));
      const other = { ...created, metadata: { ...created.metadata, uid: 'someone-else' } };
      await expect(suite.store.update(other)).rejects.toBeInstanceOf(ConflictError);
    });

    it('updates unconditionally when no resourceVersion is given', async () => {
      await suite.store.create(configMap('c'));
      const updated = await suite.store.update({ ...configMap('c'), data: { key: 'blind' } });
      expect(updated.data).toEqual({ key: 'blind' });
    });

    it('fails to update an object that does not exist', async () => {
      await expect(suite.store.update(configMap('nope'))).rejects.toBeInstanceOf(NotFoundError);
    });

    it('deletes an object, returning it, unless its preconditions are stale', async () => {
      const created = await suite.store.create(configMap('c'));
      await suite.store.update(created);
      const key = { kind: 'ConfigMap', name: 'c' } as const;
      await expect(
        suite.store.delete(key, { resourceVersion: created.metadata.resourceVersion }),
      ).rejects.toBeInstanceOf(ConflictError);
      const deleted = await suite.store.delete(key);
      expect(deleted.metadata.uid).toBe(created.metadata.uid);
      expect(await suite.store.get(key)).toBeUndefined();
      await expect(suite.store.delete(key)).rejects.toBeInstanceOf(NotFoundError);
    });
  });
}

function labelSelectorCases(suite: SuiteStore): void {
  describe('label selectors', () => {
    beforeEach(async () => {
      await suite.store.create(configMap('a', { labels: { app: 'web', tier: 'front' } }));
      await suite.store.create(configMap('b', { labels: { app: 'web', tier: 'back' } }));
      await suite.store.create(configMap('c', { labels: { app: 'db' } }));
      await suite.store.create(configMap('d'));
    });

    it.each([
      ['app=web', ['a', 'b']],
      ['app==web', ['a', 'b']],
      ['app!=web', ['c', 'd']],
      ['tier', ['a', 'b']],
      ['!tier', ['c', 'd']],
      ['app=web,tier!=front', ['b']],
      ['app=web, tier=back', ['b']],
      ['app=none', []],
      ['', ['a', 'b', 'c', 'd']],
    ])('selects %j', async (selector, expected) => {
      expect(names((await suite.store.list('ConfigMap', { labelSelector: selector })).items)).toEqual(
        expected,
      );
    });

    it('selects by label keys with a prefix', async () => {
      const key = 'workflows.argoproj.io/workflow-template';
      await suite.store.create(workflow('run-1', { labels: { [key]: 'build' } }));
      await suite.store.create(workflow('run-2'));
      const list = await suite.store.list('Workflow', { labelSelector: `${key}=build` });
      expect(names(list.items)).toEqual(['run-1']);
    });

    it('rejects a malformed selector', async () => {
      await expect(suite.store.list('ConfigMap', { labelSelector: 'a=b=c' })).rejects.toBeInstanceOf(
        InvalidRequestError,
      );
      await expect(suite.store.list('ConfigMap', { labelSelector: 'a,,b' })).rejects.toBeInstanceOf(
        InvalidRequestError,
      );
    });

    it('matches the labels of the latest update only', async () => {
      const b = await suite.store.create(configMap('b2', { labels: { app: 'web' } }));
      await suite.store.update({ ...b, metadata: { ...b.metadata, labels: { app: 'db' } } });
      expect(names((await suite.store.list('ConfigMap', { labelSelector: 'app=web' })).items)).toEqual([
        'a',
        'b',
      ]);
      expect(names((await suite.store.list('ConfigMap', { labelSelector: 'app=db' })).items)).toEqual([
        'b2',
        'c',
      ]);
    });
  });
}

async function listAll(store: Store, limit: number, between?: (page: number) => Promise<void>) {
  const seen: string[] = [];
  let token: string | undefined;
  let page = 0;
  do {
    const list = await store.list('ConfigMap', { limit, continue: token });
    expect(list.items.length).toBeLessThanOrEqual(limit);
    seen.push(...list.items.map((item) => `${item.metadata.namespace}/${item.metadata.name}`));
    token = list.continue;
    await between?.(page++);
  } while (token);
  return seen;
}

function pagingCases(suite: SuiteStore): void {
  describe('listing and paging', () => {
    it('lists in namespace-then-name order, across namespaces or in one', async () => {
      for (const [name, namespace] of [
        ['b', 'ns2'],
        ['a', 'ns2'],
        ['c', 'ns1'],
        ['a', 'ns1'],
      ]) {
        await suite.store.create(configMap(name, { namespace }));
      }
      const all = await suite.store.list('ConfigMap');
      expect(all.items.map((item) => `${item.metadata.namespace}/${item.metadata.name}`)).toEqual([
        'ns1/a',
        'ns1/c',
        'ns2/a',
        'ns2/b',
      ]);
      expect(all.continue).toBeUndefined();
      expect(names((await suite.store.list('ConfigMap', { namespace: 'ns2' })).items)).toEqual(['a', 'b']);
    });

    it('returns every object once through pages of a limit and continue tokens', async () => {
      for (let index = 0; index < 23; index++) await suite.store.create(configMap(`cm-${100 + index}`));
      const seen = await listAll(suite.store, 5);
      expect(seen).toHaveLength(23);
      expect(new Set(seen).size).toBe(23);
      const filtered = await suite.store.list('ConfigMap', { limit: 5, labelSelector: 'missing' });
      expect(filtered).toMatchObject({ items: [] });
      expect(filtered.continue).toBeUndefined();
    });

    it('keeps paging stable while objects are inserted and deleted between pages', async () => {
      const original = Array.from({ length: 20 }, (_, index) => `m-${10 + index}`);
      for (const name of original) await suite.store.create(configMap(name));
      const seen = await listAll(suite.store, 4, async (page) => {
        await suite.store.create(configMap(`a-early-${page}`));
        await suite.store.create(configMap(`z-late-${page}`));
        await Promise.all([suite.store.create(configMap(`m-${10 + page}b`)), suite.store.list('ConfigMap')]);
      });
      expect(new Set(seen).size).toBe(seen.length);
      for (const name of original) expect(seen).toContain(`default/${name}`);
      expect(seen.filter((entry) => entry.includes('a-early'))).toEqual([]);
      expect(seen.filter((entry) => entry.includes('z-late')).length).toBeGreaterThan(0);
    });

    it('rejects a continue token of another kind or that is not a token', async () => {
      for (const name of ['a', 'b', 'c']) await suite.store.create(configMap(name));
      const page = await suite.store.list('ConfigMap', { limit: 1 });
      expect(page.continue).toBeDefined();
      await expect(suite.store.list('Workflow', { continue: page.continue })).rejects.toBeInstanceOf(
        InvalidContinueError,
      );
      await expect(suite.store.list('ConfigMap', { continue: 'garbage' })).rejects.toBeInstanceOf(
        InvalidContinueError,
      );
    });
  });
}
