/** `weft run` end to end: template mutexes and semaphores really serialize steps; memoize hits across runs. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scratch, weft, workflowYaml } from './weft.js';

interface Interval {
  readonly start: number;
  readonly end: number;
}

/** A loop of `n` steps over one template that prints its start and end times (ns) around a short sleep. */
function loopSpec(n: number, synchronization: Record<string, unknown>) {
  return {
    entrypoint: 'main',
    templates: [
      {
        name: 'main',
        steps: [[{ name: 'work', template: 'timed', withItems: Array.from({ length: n }, (_, i) => i) }]],
      },
      {
        name: 'timed',
        synchronization,
        container: { image: 'alpine:3', command: ['sh', '-c', 'date +%s%N; sleep 0.3; date +%s%N'] },
      },
    ],
  };
}

function intervalsOf(workflow: { status: { nodes: Record<string, Record<string, unknown>> } }): Interval[] {
  return Object.values(workflow.status.nodes)
    .filter((n) => n.type === 'Pod')
    .map((n) => {
      const [start, end] = String((n.outputs as { result: string }).result)
        .split('\n')
        .map(Number);
      return { start: start as number, end: end as number };
    })
    .sort((a, b) => a.start - b.start);
}

/** The most intervals that overlap at any instant. */
function mostAtOnce(intervals: readonly Interval[]): number {
  const events = intervals.flatMap((i) => [
    { at: i.start, delta: 1 },
    { at: i.end, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let now = 0;
  let most = 0;
  for (const e of events) {
    now += e.delta;
    most = Math.max(most, now);
  }
  return most;
}

function run(files: Record<string, string>, extra: string[] = []) {
  const dir = scratch(files);
  const result = weft(['run', 'wf.yaml', ...extra, '-o', 'json', '--run-dir', 'run'], dir);
  return { ...result, workflow: result.stdout ? JSON.parse(result.stdout) : undefined };
}

describe('weft run with synchronization', () => {
  it('runs a loop of 4 steps over one mutex one at a time, never overlapping', () => {
    const { status, workflow } = run({ 'wf.yaml': workflowYaml(loopSpec(4, { mutexes: [{ name: 'm' }] })) });
    expect(status).toBe(0);
    const intervals = intervalsOf(workflow);
    expect(intervals).toHaveLength(4);
    expect(mostAtOnce(intervals)).toBe(1);
    for (let i = 1; i < intervals.length; i++)
      expect(intervals[i]?.start).toBeGreaterThanOrEqual(intervals[i - 1]?.end as number);
  });

  it('admits no more steps at once than the semaphore limit from a ConfigMap given on the command line', () => {
    const configMap = JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'my-config' },
      data: { template: '2' },
    });
    const sync = { semaphores: [{ configMapKeyRef: { name: 'my-config', key: 'template' } }] };
    const { status, workflow } = run({ 'wf.yaml': workflowYaml(loopSpec(5, sync)), 'cm.yaml': configMap }, [
      'cm.yaml',
    ]);
    expect(status).toBe(0);
    const intervals = intervalsOf(workflow);
    expect(intervals).toHaveLength(5);
    expect(mostAtOnce(intervals)).toBe(2);
  });

  it('rejects a semaphore whose ConfigMap was not given, naming the field', () => {
    const sync = { semaphores: [{ configMapKeyRef: { name: 'my-config', key: 'template' } }] };
    const { status, stderr } = run({ 'wf.yaml': workflowYaml(loopSpec(1, sync)) });
    expect(status).toBe(2);
    expect(stderr).toContain('spec.templates[1].synchronization.semaphores[0].configMapKeyRef.name');
  });
});

describe('weft run with memoize', () => {
  const cacheRoot = mkdtempSync(join(tmpdir(), 'weft-cache-'));
  afterAll(() => rmSync(cacheRoot, { recursive: true, force: true }));

  const memoSpec = {
    entrypoint: 'main',
    templates: [
      {
        name: 'main',
        memoize: { key: 'the-key', maxAge: '1h', cache: { configMap: { name: 'e2e-cache' } } },
        container: { image: 'alpine:3', command: ['sh', '-c', 'date +%s%N > /tmp/out'] },
        outputs: { parameters: [{ name: 'stamp', valueFrom: { path: '/tmp/out' } }] },
      },
    ],
  };

  it('runs a memoized step once and answers the next run from the cache under WEFT_CACHE_DIR', () => {
    const previous = process.env.WEFT_CACHE_DIR;
    process.env.WEFT_CACHE_DIR = cacheRoot;
    try {
      const first = run({ 'wf.yaml': workflowYaml(memoSpec) });
      const second = run({ 'wf.yaml': workflowYaml(memoSpec) });
      expect(first.status).toBe(0);
      expect(second.status).toBe(0);
      const nodeOf = (w: typeof first.workflow) => w.status.nodes[w.metadata.name];
      expect(nodeOf(first.workflow).memoizationStatus).toEqual({
        hit: false,
        key: 'the-key',
        cacheName: 'e2e-cache',
      });
      expect(nodeOf(second.workflow).memoizationStatus).toEqual({
        hit: true,
        key: 'the-key',
        cacheName: 'e2e-cache',
      });
      const stamp = (w: typeof first.workflow) => nodeOf(w).outputs.parameters[0].value;
      expect(stamp(second.workflow)).toBe(stamp(first.workflow));
      const file = JSON.parse(readFileSync(join(cacheRoot, 'memo', 'e2e-cache.json'), 'utf8'));
      expect(file['the-key'].outputs.parameters[0].value).toBe(stamp(first.workflow));
    } finally {
      if (previous === undefined) delete process.env.WEFT_CACHE_DIR;
      else process.env.WEFT_CACHE_DIR = previous;
    }
  });
});
