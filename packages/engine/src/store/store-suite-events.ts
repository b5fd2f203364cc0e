import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from './errors.js';
import type { SuiteStore } from './store-suite.js';
import { workflow } from './store-suite-fixtures.js';

/** The durable controller's event log and the named counters. */
export function eventLogCases(suite: SuiteStore): void {
  describe('workflow event log', () => {
    it('reads appended records back in order, across reopening', async () => {
      const { uid } = (await suite.store.create(workflow('wf'))).metadata;
      await suite.store.appendEvents(uid, 0, [{ type: 'Init' }, { type: 'A', n: 1 }]);
      await suite.store.appendEvents(uid, 2, [{ type: 'B', nested: { list: [1, 'two'] } }]);
      const reopened = await suite.reopen();
      expect(await reopened.readEvents(uid)).toEqual([
        { type: 'Init' },
        { type: 'A', n: 1 },
        { type: 'B', nested: { list: [1, 'two'] } },
      ]);
    });

    it('refuses an append at a position other than the end and writes none of it', async () => {
      const { uid } = (await suite.store.create(workflow('wf'))).metadata;
      await suite.store.appendEvents(uid, 0, ['a']);
      await expect(suite.store.appendEvents(uid, 0, ['again'])).rejects.toBeInstanceOf(ConflictError);
      await expect(suite.store.appendEvents(uid, 3, ['gap', 'more'])).rejects.toBeInstanceOf(ConflictError);
      expect(await suite.store.readEvents(uid)).toEqual(['a']);
    });

    it('replaces a log atomically and deletes it with its workflow', async () => {
      const { uid } = (await suite.store.create(workflow('wf'))).metadata;
      await suite.store.appendEvents(uid, 0, ['a', 'b', 'c']);
      await suite.store.replaceEvents(uid, ['x']);
      expect(await suite.store.readEvents(uid)).toEqual(['x']);
      await suite.store.appendEvents(uid, 1, ['y']);
      expect(await suite.store.readEvents(uid)).toEqual(['x', 'y']);
      await suite.store.delete({ kind: 'Workflow', name: 'wf' });
      expect(await suite.store.readEvents(uid)).toEqual([]);
    });

    it('refuses a log for a uid that is no workflow', async () => {
      await expect(suite.store.appendEvents('missing', 0, ['a'])).rejects.toBeInstanceOf(NotFoundError);
      expect(await suite.store.readEvents('missing')).toEqual([]);
    });
  });

  describe('counters', () => {
    it('count from 1 per name and survive reopening', async () => {
      expect(await suite.store.nextCounter('runs/default/build')).toBe(1);
      expect(await suite.store.nextCounter('runs/default/build')).toBe(2);
      expect(await suite.store.nextCounter('runs/default/test')).toBe(1);
      const reopened = await suite.reopen();
      expect(await reopened.nextCounter('runs/default/build')).toBe(3);
    });
  });
}
