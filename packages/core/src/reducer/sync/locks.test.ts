import { describe, expect, it } from 'vitest';
import type { Synchronization, Template } from '../../spec/types.js';
import { configMap, container, dag, Harness, step, steps, task, workflow } from '../testing/builders.js';
import { createLocalLockManager } from './lock-manager.js';

/** `main` loops `n` times over `work`, which takes the given locks. */
function loopOverLock(n: number, synchronization: Synchronization, extra: Partial<Template> = {}) {
  const items = Array.from({ length: n }, (_, i) => i + 1);
  return workflow({
    templates: [
      steps('main', [[step('s', 'work', { withItems: items })]]),
      container('work', { synchronization, ...extra }),
    ],
  });
}

/** Runs every started pod to the end, recording the most pods that ever ran at once. */
function drainCountingConcurrency(h: Harness, exitCode = () => 0): number {
  let most = h.running.size;
  while (h.running.size > 0) {
    h.exitId([...h.running.keys()][0] as string, { exitCode: exitCode() });
    most = Math.max(most, h.running.size);
  }
  return most;
}

const waitingPods = (h: Harness) =>
  [...h.state.nodes.values()].filter((n) => n.type === 'Pod' && n.phase === 'Pending');

describe('template-level mutex', () => {
  /*
   *  main ─► s(0:1) … s(4:5)   all take mutex m
   */
  it('never lets two steps of a loop hold the same mutex at once', () => {
    const h = Harness.start(loopOverLock(5, { mutexes: [{ name: 'm' }] }));
    expect(h.running.size).toBe(1);
    expect(drainCountingConcurrency(h)).toBe(1);
    expect(h.started).toHaveLength(5);
    expect(h.phase).toBe('Succeeded');
  });

  it('keeps a waiting node Pending with Argo’s message and the lock it waits for', () => {
    const h = Harness.start(loopOverLock(3, { mutex: { name: 'm' } }));
    const waiting = waitingPods(h);
    expect(waiting).toHaveLength(2);
    for (const node of waiting) {
      expect(node.message).toBe('Waiting for default/Mutex/m lock. Lock status: 0/1');
      expect(node.synchronizationStatus).toEqual({ waiting: 'default/Mutex/m' });
    }
  });

  it('starts waiters in the order they came and clears their waiting message', () => {
    const h = Harness.start(loopOverLock(3, { mutexes: [{ name: 'm' }] }));
    h.drain();
    expect(h.startedNames()).toEqual(['s(0:1)', 's(1:2)', 's(2:3)']);
    const node = h.node('s(2:3)');
    expect(node.message).toBeUndefined();
    expect(node.synchronizationStatus).toBeUndefined();
  });

  it('releases the mutex when its holder fails, so the others still run (no deadlock)', () => {
    const h = Harness.start(loopOverLock(3, { mutexes: [{ name: 'm' }] }));
    expect(drainCountingConcurrency(h, () => 1)).toBe(1);
    expect(h.started).toHaveLength(3);
    expect(h.phase).toBe('Failed');
  });

  it('releases the mutex when its holder errors', () => {
    const h = Harness.start(loopOverLock(2, { mutexes: [{ name: 'm' }] }));
    h.exitId([...h.running.keys()][0] as string, { exitCode: null, error: 'could not start' });
    expect(h.running.size).toBe(1);
  });

  it('holds the mutex across the attempts of a retrying template', () => {
    const h = Harness.start(loopOverLock(2, { mutexes: [{ name: 'm' }] }, { retryStrategy: { limit: 1 } }));
    expect(h.runningNames()).toEqual(['s(0:1)(0)']);
    h.fail('s(0:1)(0)');
    expect(h.runningNames()).toEqual(['s(0:1)(1)']);
    h.succeed('s(0:1)(1)');
    expect(h.runningNames()).toEqual(['s(1:2)(0)']);
  });

  it('fails nodes still waiting for a lock when the workflow is stopped, and ends', () => {
    const h = Harness.start(loopOverLock(3, { mutexes: [{ name: 'm' }] }));
    h.stop();
    h.drain();
    expect(waitingPods(h)).toHaveLength(0);
    expect(h.node('s(2:3)').phase).toBe('Failed');
    expect(h.started).toHaveLength(1);
    expect(h.phase).toBe('Failed');
  });

  it('serializes dag tasks and steps templates that take a mutex too', () => {
    const h = Harness.start(
      workflow({
        templates: [
          dag('main', [task('a', 'inner'), task('b', 'inner')]),
          steps('inner', [[step('x', 'c')]], { synchronization: { mutexes: [{ name: 'm' }] } }),
          container('c'),
        ],
      }),
    );
    expect(h.runningNames()).toEqual(['x']);
    expect(h.node('wf.b').message).toBe('Waiting for default/Mutex/m lock. Lock status: 0/1');
    h.succeed('wf.a[0].x');
    expect(h.node('wf.b').phase).toBe('Running');
  });
});

describe('template-level semaphore', () => {
  const limits = [configMap('my-config', { template: '2' })];
  const semaphore = { semaphores: [{ configMapKeyRef: { name: 'my-config', key: 'template' } }] };

  it('never admits more holders than the ConfigMap’s limit', () => {
    const h = Harness.start(loopOverLock(5, semaphore), { configMaps: limits });
    expect(h.running.size).toBe(2);
    expect(drainCountingConcurrency(h)).toBe(2);
    expect(h.started).toHaveLength(5);
    expect(h.phase).toBe('Succeeded');
  });

  it('names the semaphore by namespace, ConfigMap and key in the waiting message', () => {
    const h = Harness.start(loopOverLock(3, semaphore), { configMaps: limits });
    expect(waitingPods(h)[0]?.message).toBe(
      'Waiting for default/ConfigMap/my-config/template lock. Lock status: 0/2',
    );
  });

  it('makes the node Error when the ConfigMap holding the limit is missing', () => {
    const h = Harness.start(loopOverLock(1, semaphore));
    expect(h.node('s(0:1)').phase).toBe('Error');
    expect(h.node('s(0:1)').message).toContain('ConfigMap "my-config" not found');
  });

  it('treats a database mutex as a local mutex', () => {
    const h = Harness.start(loopOverLock(3, { mutexes: [{ name: 'db', database: true }] }));
    expect(h.running.size).toBe(1);
    expect(waitingPods(h)[0]?.message).toBe('Waiting for default/Database/db lock. Lock status: 0/1');
  });

  it('waits until every lock of a template is free when it takes several', () => {
    const sync = { mutexes: [{ name: 'a' }, { name: 'b' }] };
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('x', 'both'), step('y', 'onlyB')]]),
          container('both', { synchronization: sync }),
          container('onlyB', { synchronization: { mutexes: [{ name: 'b' }] } }),
        ],
      }),
    );
    expect(h.runningNames()).toEqual(['x']);
    h.succeed('x');
    expect(h.runningNames()).toEqual(['y']);
  });
});

describe('workflow-level synchronization', () => {
  const mutexWorkflow = (name: string) =>
    workflow({ name, synchronization: { mutexes: [{ name: 'test' }] }, templates: [container('hello')] });

  it('takes its mutex at the start and runs', () => {
    const h = Harness.start(mutexWorkflow('one'));
    expect(h.runningNames()).toEqual(['one']);
    h.succeed('one');
    expect(h.phase).toBe('Succeeded');
  });

  it('queues a second workflow sharing the lock manager until the first finishes', () => {
    const lockManager = createLocalLockManager();
    const first = Harness.start(mutexWorkflow('first'), { lockManager });
    const second = Harness.start(mutexWorkflow('second'), { lockManager });
    expect(second.phase).toBe('Pending');
    expect(second.state.message).toBe('Waiting for default/Mutex/test lock. Lock status: 0/1');
    first.succeed('first');
    second.send({ type: 'LockAvailable' });
    expect(second.phase).toBe('Running');
    expect(second.runningNames()).toEqual(['second']);
  });

  it('ends as Error when its semaphore has no limit to read', () => {
    const h = Harness.start(
      workflow({
        synchronization: { semaphores: [{ configMapKeyRef: { name: 'nope', key: 'workflow' } }] },
        templates: [container('hello')],
      }),
    );
    expect(h.phase).toBe('Error');
    expect(h.completedPhase).toBe('Error');
  });
});
