import { describe, expect, it } from 'vitest';
import type { Memoize } from '../../spec/types.js';
import { container, Harness, step, steps, T0, workflow } from '../testing/builders.js';

const memoize = (key: string, maxAge?: string): Memoize => ({
  key,
  ...(maxAge ? { maxAge } : {}),
  cache: { configMap: { name: 'cache' } },
});

/** `main` calls `work` (memoized under `{{inputs.parameters.x}}`) with x. */
function memoWorkflow(x: string, maxAge?: string) {
  return workflow({
    templates: [
      steps('main', [[step('a', 'work', { arguments: { x } })]]),
      container('work', {
        inputs: ['x'],
        outputs: ['out'],
        memoize: memoize('{{inputs.parameters.x}}', maxAge),
      }),
    ],
  });
}

const cached = (outputs: object, at = T0) => ({
  nodeID: 'wf-123',
  outputs,
  creationTimestamp: new Date(at).toISOString(),
});

describe('memoize', () => {
  it('asks the engine for the memo before running, with the substituted key and cache name', () => {
    const h = Harness.start(memoWorkflow('k1'), { answerMemo: false });
    expect(h.started).toHaveLength(0);
    expect(h.memoLookups).toEqual([
      { type: 'LookupMemo', nodeId: h.node('a').id, cacheName: 'cache', key: 'k1' },
    ]);
    expect(h.node('a').phase).toBe('Pending');
  });

  it('on a hit makes the node Succeeded with the cached outputs, without running it', () => {
    const h = new Harness(memoWorkflow('k1'));
    h.memo.set('cache/k1', cached({ parameters: [{ name: 'out', value: 'from cache' }] }));
    h.send({ type: 'WorkflowStarted' });
    expect(h.started).toHaveLength(0);
    const node = h.node('a');
    expect(node.phase).toBe('Succeeded');
    expect(node.memoizationStatus).toEqual({ hit: true, key: 'k1', cacheName: 'cache' });
    expect(h.output('a', 'out')).toBe('from cache');
    expect(h.phase).toBe('Succeeded');
  });

  it('on a miss runs the step and saves its outputs when it succeeds', () => {
    const h = Harness.start(memoWorkflow('k1'));
    expect(h.node('a').memoizationStatus).toEqual({ hit: false, key: 'k1', cacheName: 'cache' });
    h.succeed('a', '', { out: 'fresh' });
    const saves = h.commandsOf('SaveMemo');
    expect(saves).toHaveLength(1);
    expect(saves[0]).toMatchObject({ cacheName: 'cache', key: 'k1', nodeId: h.node('a').id });
    expect(saves[0]?.entry.outputs?.parameters).toEqual([
      { name: 'out', value: 'fresh', valueFrom: { path: '/tmp/out' } },
    ]);
  });

  it('saves nothing when the step fails', () => {
    const h = Harness.start(memoWorkflow('k1'));
    h.fail('a');
    expect(h.commandsOf('SaveMemo')).toHaveLength(0);
  });

  it('hits on a second run with the outputs the first one saved', () => {
    const first = Harness.start(memoWorkflow('k1'));
    first.succeed('a', '', { out: 'v' });
    const second = new Harness(memoWorkflow('k1'));
    for (const [key, entry] of first.memo) second.memo.set(key, entry);
    second.send({ type: 'WorkflowStarted' });
    expect(second.started).toHaveLength(0);
    expect(second.output('a', 'out')).toBe('v');
  });

  it('ignores an entry older than maxAge and runs the step', () => {
    const h = new Harness(memoWorkflow('k1', '10s'), { now: T0 + 11_000 });
    h.memo.set('cache/k1', cached({ parameters: [{ name: 'out', value: 'stale' }] }));
    h.send({ type: 'WorkflowStarted' });
    expect(h.node('a').memoizationStatus?.hit).toBe(false);
    expect(h.started).toHaveLength(1);
  });

  it('uses an entry younger than maxAge', () => {
    const h = new Harness(memoWorkflow('k1', '10s'), { now: T0 + 9_000 });
    h.memo.set('cache/k1', cached({ parameters: [{ name: 'out', value: 'recent' }] }));
    h.send({ type: 'WorkflowStarted' });
    expect(h.output('a', 'out')).toBe('recent');
  });

  it('makes the node Error for a key Argo would reject', () => {
    const h = Harness.start(memoWorkflow('not a key'));
    expect(h.node('a').phase).toBe('Error');
    expect(h.node('a').message).toBe('invalid cache key: not a key');
  });

  it('makes the node Error when the cache cannot be read', () => {
    const h = Harness.start(memoWorkflow('k1'), { answerMemo: false });
    h.answerMemoLookup({ error: 'cache unreadable' });
    expect(h.node('a').phase).toBe('Error');
  });

  /*
   *  main ─► a (steps, memoized) ─► x (pod)
   */
  it('memoizes steps templates too, saving the outputs they gather', () => {
    const wf = workflow({
      templates: [
        steps('main', [[step('a', 'inner')]]),
        steps('inner', [[step('x', 'leaf')]], {
          memoize: memoize('inner-key'),
          outputs: { parameters: [{ name: 'o', valueFrom: { parameter: '{{steps.x.outputs.result}}' } }] },
        }),
        container('leaf'),
      ],
    });
    const first = Harness.start(wf);
    first.succeed('x', 'computed');
    expect(first.commandsOf('SaveMemo')[0]?.entry.outputs?.parameters?.[0]?.value).toBe('computed');
    const second = new Harness(wf);
    for (const [key, entry] of first.memo) second.memo.set(key, entry);
    second.send({ type: 'WorkflowStarted' });
    expect(second.started).toHaveLength(0);
    expect(second.output('a', 'o')).toBe('computed');
    expect(second.phase).toBe('Succeeded');
  });

  it('looks the memo up only after the node holds its lock', () => {
    const sync = { mutexes: [{ name: 'm' }] };
    const wf = workflow({
      templates: [
        steps('main', [[step('s', 'work', { withItems: [1, 2] })]]),
        container('work', { synchronization: sync, memoize: memoize('k') }),
      ],
    });
    const h = Harness.start(wf, { answerMemo: false });
    expect(h.memoLookups).toHaveLength(1);
    h.answerMemoLookup({});
    h.drain();
    expect(h.memoLookups).toHaveLength(1);
  });
});
