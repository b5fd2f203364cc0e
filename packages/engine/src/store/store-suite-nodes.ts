import { describe, expect, it } from 'vitest';
import { InvalidRequestError, NotFoundError, SchemaTooNewError } from './errors.js';
import type { SuiteStore } from './store-suite.js';
import { medianMillis, node, nodes, type StoreSuiteBackend, workflow } from './store-suite-fixtures.js';
import type { Store } from './types.js';

async function workflowWithNodes(store: Store, name: string, count: number) {
  const created = await store.create(workflow(name));
  await store.putNodes(created.metadata.uid, nodes(count));
  return created.metadata.uid;
}

async function resourceVersionOf(store: Store, name: string): Promise<number> {
  return Number((await store.get({ kind: 'Workflow', name }))?.metadata.resourceVersion);
}

/** Node rows, summaries, cascading deletes, reopening and schema versions. */
export function nodeAndDurabilityCases(suite: SuiteStore, backend: StoreSuiteBackend): void {
  nodeCases(suite);
  summaryCases(suite);
  durabilityCases(suite, backend);
}

function nodeCases(suite: SuiteStore): void {
  describe('workflow nodes', () => {
    it('reads nodes back by id, phase and type, in id order', async () => {
      const { uid } = (await suite.store.create(workflow('wf'))).metadata;
      await suite.store.putNodes(uid, [
        node('c', 'Failed'),
        node('a', 'Succeeded'),
        node('b', 'Running', 'DAG'),
      ]);
      const ids = async (query: Parameters<Store['getNodes']>[1]) =>
        (await suite.store.getNodes(uid, query)).map((each) => each.id);
      expect(await suite.store.getNodes(uid)).toEqual([
        node('a', 'Succeeded'),
        node('b', 'Running', 'DAG'),
        node('c', 'Failed'),
      ]);
      expect(await ids({ ids: ['c', 'a', 'zz'] })).toEqual(['a', 'c']);
      expect(await ids({ phases: ['Failed', 'Running'] })).toEqual(['b', 'c']);
      expect(await ids({ types: ['DAG'] })).toEqual(['b']);
      expect(await ids({ phases: ['Running'], types: ['Pod'] })).toEqual([]);
    });

    it('reads nodes in pages after an id', async () => {
      const uid = await workflowWithNodes(suite.store, 'wf', 25);
      const first = await suite.store.getNodes(uid, { limit: 10 });
      const second = await suite.store.getNodes(uid, { limit: 10, afterId: first[9].id });
      expect(first.map((each) => each.id)).toEqual(nodes(10).map((each) => each.id));
      expect(second[0].id).toBe('n00010');
      expect(await suite.store.getNodes(uid, { afterId: 'n00020' })).toHaveLength(4);
    });

    it('writes only nodes whose content changed and tells which changed since a resourceVersion', async () => {
      const uid = await workflowWithNodes(suite.store, 'wf', 10);
      const before = await resourceVersionOf(suite.store, 'wf');
      const all = nodes(10);
      all[3] = { ...all[3], phase: 'Succeeded', finishedAt: '2025-01-02T03:05:00Z' };
      await suite.store.putNodes(uid, all);
      const changed = await suite.store.getNodes(uid, { changedSince: String(before) });
      expect(changed).toEqual([all[3]]);
      const after = await resourceVersionOf(suite.store, 'wf');
      expect(after).toBeGreaterThan(before);
      await suite.store.putNodes(uid, all);
      expect(await resourceVersionOf(suite.store, 'wf')).toBe(after);
      expect(await suite.store.getNodes(uid, { changedSince: String(after) })).toEqual([]);
    });

    it('writes one node of a 10,000-node workflow about as fast as one of a 10-node workflow', async () => {
      const small = await workflowWithNodes(suite.store, 'small', 10);
      const large = await workflowWithNodes(suite.store, 'large', 10_000);
      const writeOne = (uid: string) => async (round: number) => {
        for (let write = 0; write < 20; write++) {
          await suite.store.putNodes(uid, [{ ...node('n00005'), message: `round ${round}.${write}` }]);
        }
      };
      await medianMillis(3, writeOne(small));
      const smallMillis = await medianMillis(9, writeOne(small));
      const largeMillis = await medianMillis(9, writeOne(large));
      expect(largeMillis / Math.max(smallMillis, 0.05)).toBeLessThan(5);
      expect(await suite.store.getNodes(large, { ids: ['n00005'] })).toMatchObject([
        { message: 'round 8.19' },
      ]);
    });

    it('refuses nodes of a workflow that does not exist', async () => {
      await expect(suite.store.putNodes('no-such-uid', [node('a')])).rejects.toBeInstanceOf(NotFoundError);
      await expect(suite.store.getNodes('no-such-uid')).rejects.toBeInstanceOf(NotFoundError);
      const map = await suite.store.create({ kind: 'ConfigMap', metadata: { name: 'c' } });
      await expect(suite.store.putNodes(map.metadata.uid, [node('a')])).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses a Workflow whose status carries nodes', async () => {
      const object = workflow('wf', { status: { nodes: { a: node('a') } } });
      await expect(suite.store.create(object)).rejects.toBeInstanceOf(InvalidRequestError);
    });

    it('deletes the nodes and summary with their workflow', async () => {
      suite.context.uids.push('reused-uid', 'reused-uid');
      await workflowWithNodes(suite.store, 'wf', 5);
      await suite.store.putSummary('reused-uid', { phase: 'Running' });
      await suite.store.delete({ kind: 'Workflow', name: 'wf' });
      await expect(suite.store.getNodes('reused-uid')).rejects.toBeInstanceOf(NotFoundError);
      const again = await suite.store.create(workflow('wf'));
      expect(again.metadata.uid).toBe('reused-uid');
      expect(await suite.store.getNodes('reused-uid')).toEqual([]);
      expect(again.status).toBeUndefined();
    });
  });
}

function summaryCases(suite: SuiteStore): void {
  describe('workflow summaries', () => {
    it('keeps the summary fields of status and merges them into status on read', async () => {
      const status = {
        phase: 'Running',
        startedAt: '2025-01-02T03:04:05Z',
        progress: '0/2',
        outputs: { x: 1 },
      };
      const created = await suite.store.create(workflow('wf', { status }));
      expect(created.status).toEqual(status);
      expect(await suite.store.get({ kind: 'Workflow', name: 'wf' })).toMatchObject({ status });
    });

    it('replaces the summary on putSummary, issuing a new resourceVersion, and lists show it', async () => {
      const created = await suite.store.create(
        workflow('wf', { status: { phase: 'Running', outputs: { x: 1 } } }),
      );
      const summary = {
        phase: 'Failed',
        finishedAt: '2025-01-02T03:09:00Z',
        progress: '1/2',
        message: 'boom',
      };
      await suite.store.putSummary(created.metadata.uid, summary);
      const [listed] = (await suite.store.list('Workflow')).items;
      expect(listed.status).toEqual({ ...summary, outputs: { x: 1 } });
      expect(Number(listed.metadata.resourceVersion)).toBeGreaterThan(
        Number(created.metadata.resourceVersion),
      );
      await expect(suite.store.update(created)).rejects.toMatchObject({ code: 'Conflict' });
    });

    it('refuses a summary for a workflow that does not exist', async () => {
      await expect(suite.store.putSummary('no-such-uid', { phase: 'Running' })).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });
  });
}

function durabilityCases(suite: SuiteStore, backend: StoreSuiteBackend): void {
  describe('durability and schema', () => {
    it('keeps objects, nodes, summaries and the resourceVersion counter when reopened', async () => {
      const uid = await workflowWithNodes(suite.store, 'wf', 50);
      await suite.store.putSummary(uid, { phase: 'Running', progress: '3/50' });
      await suite.store.create({
        kind: 'ConfigMap',
        metadata: { name: 'c', labels: { a: 'b' } },
        data: { k: 'v' },
      });
      const before = await suite.store.get({ kind: 'Workflow', name: 'wf' });
      const store = await suite.reopen();
      expect(await store.get({ kind: 'Workflow', name: 'wf' })).toEqual(before);
      expect(await store.getNodes(uid)).toEqual(nodes(50));
      expect((await store.list('ConfigMap', { labelSelector: 'a=b' })).items).toMatchObject([
        { data: { k: 'v' } },
      ]);
      const next = await store.create({ kind: 'ConfigMap', metadata: { name: 'd' } });
      expect(Number(next.metadata.resourceVersion)).toBeGreaterThan(Number(before?.metadata.resourceVersion));
    });

    it('refuses to open a store written by a newer schema, naming both versions', async () => {
      const location = await backend.newLocation();
      await (await backend.open(location, suite.context)).close();
      const { found, supported } = await backend.markNewerSchema(location);
      const opening = backend.open(location, suite.context);
      await expect(opening).rejects.toBeInstanceOf(SchemaTooNewError);
      await expect(opening).rejects.toThrow(
        new RegExp(`version ${found}\\b.*versions up to ${supported}\\b`),
      );
    });
  });
}
