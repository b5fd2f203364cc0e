import type { StoredObject } from '@weft/engine';
import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue.js';

function object(name: string, resourceVersion: number): StoredObject {
  return {
    kind: 'Workflow',
    metadata: {
      name,
      namespace: 'argo',
      uid: name,
      resourceVersion: String(resourceVersion),
      creationTimestamp: '',
    },
  };
}

const never = new AbortController().signal;

describe('EventQueue', () => {
  it('keeps only the latest change of an object, in the place of its first', async () => {
    const queue = new EventQueue();
    queue.push({ type: 'MODIFIED', object: object('a', 1) });
    queue.push({ type: 'MODIFIED', object: object('b', 2) });
    queue.push({ type: 'MODIFIED', object: object('a', 3) });
    const first = await queue.next(never);
    expect([first?.object.metadata.name, first?.object.metadata.resourceVersion]).toEqual(['a', '3']);
    expect((await queue.next(never))?.object.metadata.name).toBe('b');
    expect(queue.size).toBe(0);
  });

  it('keeps an unsent ADDED as ADDED, and drops an object added and deleted before it was sent', async () => {
    const queue = new EventQueue();
    queue.push({ type: 'ADDED', object: object('a', 1) });
    queue.push({ type: 'MODIFIED', object: object('a', 2) });
    queue.push({ type: 'ADDED', object: object('b', 3) });
    queue.push({ type: 'DELETED', object: object('b', 4) });
    const event = await queue.next(never);
    expect([event?.type, event?.object.metadata.resourceVersion]).toEqual(['ADDED', '2']);
    expect(queue.size).toBe(0);
  });

  it('holds an object back until its time, sending others meanwhile', async () => {
    const queue = new EventQueue();
    queue.hold(object('a', 0), Date.now() + 150);
    queue.push({ type: 'MODIFIED', object: object('a', 1) });
    queue.push({ type: 'MODIFIED', object: object('b', 2) });
    const started = Date.now();
    expect((await queue.next(never))?.object.metadata.name).toBe('b');
    expect((await queue.next(never))?.object.metadata.name).toBe('a');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers undefined once the signal aborts', async () => {
    const queue = new EventQueue();
    const abort = new AbortController();
    const waiting = queue.next(abort.signal);
    abort.abort();
    expect(await waiting).toBeUndefined();
  });
});
