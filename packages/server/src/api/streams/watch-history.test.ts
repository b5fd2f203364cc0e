import type { StoredObject } from '@weft/engine';
import { describe, expect, it } from 'vitest';
import { WatchHistory } from './watch-history.js';

function event(name: string, resourceVersion: number) {
  const object: StoredObject = {
    kind: 'Workflow',
    metadata: { name, uid: name, resourceVersion: String(resourceVersion), creationTimestamp: '' },
  };
  return { type: 'MODIFIED' as const, kind: 'Workflow' as const, object };
}

describe('WatchHistory', () => {
  it('answers the changes after a version, oldest first', () => {
    const history = new WatchHistory(10, 5);
    for (const [name, version] of [
      ['a', 6],
      ['b', 7],
      ['c', 8],
    ] as const)
      history.record(event(name, version));
    expect(history.since(6)?.map((e) => e.object.metadata.name)).toEqual(['b', 'c']);
    expect(history.since(8)).toEqual([]);
    expect(history.since(5)?.length).toBe(3);
  });

  it('cannot answer for versions before it started or before forgotten changes', () => {
    const history = new WatchHistory(2, 5);
    expect(history.since(4)).toBeUndefined();
    for (const [name, version] of [
      ['a', 6],
      ['b', 7],
      ['c', 8],
    ] as const)
      history.record(event(name, version));
    expect(history.oldestResumable).toBe(6);
    expect(history.since(5)).toBeUndefined();
    expect(history.since(6)?.map((e) => e.object.metadata.name)).toEqual(['b', 'c']);
  });
});
