import type { NodeStatus } from '@weft/core';
import { afterEach, expect, it } from 'vitest';
import { ConflictError } from '../errors.js';
import { configMap, node, testContext, workflow } from '../store-suite-fixtures.js';
import type { Store } from '../types.js';
import { openPostgresStore } from './store.js';
import { describeOnTestServer, findTestServer } from './test-server.js';

const server = await findTestServer();

/** Several weft processes sharing one database: one store per process, all open on the same location. */
describeOnTestServer(server, 'postgres store shared by several processes', (locations) => {
  let stores: Store[] = [];
  const openShared = async (count: number) => {
    const location = await locations.create();
    stores = await Promise.all(
      Array.from({ length: count }, () => openPostgresStore(location, { context: testContext() })),
    );
    return stores;
  };
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
  });

  it('issues every write a distinct resourceVersion across processes writing at once', async () => {
    const [a, b] = await openShared(2);
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, index) => (index % 2 ? a : b).create(configMap(`cm-${index}`))),
    );
    const versions = created.map((object) => Number(object.metadata.resourceVersion));
    expect(new Set(versions).size).toBe(30);
    const list = await a.list('ConfigMap');
    expect(list.items).toHaveLength(30);
    expect(Number(list.resourceVersion)).toBe(Math.max(...versions));
  });

  it('lets a reader following changedSince see every node written by concurrent writers', async () => {
    const [a, b, reader] = await openShared(3);
    const { uid } = (await a.create(workflow('wf'))).metadata;
    const seen = new Map<string, NodeStatus>();
    let writing = true;
    const writers = [a, b].map(async (store, writer) => {
      for (let index = 0; index < 40; index++) {
        await store.putNodes(uid, [node(`w${writer}-${String(index).padStart(3, '0')}`)]);
      }
    });
    const follow = async () => {
      let since = 0;
      while (writing) {
        const current = Number(
          (await reader.get({ kind: 'Workflow', name: 'wf' }))?.metadata.resourceVersion,
        );
        for (const each of await reader.getNodes(uid, { changedSince: String(since) }))
          seen.set(each.id, each);
        since = current;
      }
      for (const each of await reader.getNodes(uid, { changedSince: String(since) })) seen.set(each.id, each);
    };
    const following = follow();
    await Promise.all(writers);
    writing = false;
    await following;
    expect([...seen.keys()]).toHaveLength(80);
  });

  it('lets one of two appends at the same position win and refuses the other', async () => {
    const [a, b] = await openShared(2);
    const { uid } = (await a.create(workflow('wf'))).metadata;
    await a.appendEvents(uid, 0, ['start']);
    const results = await Promise.allSettled([
      a.appendEvents(uid, 1, ['from a', 'more from a']),
      b.appendEvents(uid, 1, ['from b']),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((result) => result.status === 'rejected');
    expect(refused?.reason).toBeInstanceOf(ConflictError);
    const log = await b.readEvents(uid);
    expect([
      ['start', 'from a', 'more from a'],
      ['start', 'from b'],
    ]).toContainEqual(log);
  });

  it('gives each of many concurrent counter increments its own value', async () => {
    const [a, b] = await openShared(2);
    const values = await Promise.all(
      Array.from({ length: 20 }, (_, index) => (index % 2 ? a : b).nextCounter('runs/default/build')),
    );
    expect(values.sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
  });
});
