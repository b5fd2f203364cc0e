import { describe, expect, it } from 'vitest';
import type { DagTask } from '../spec/types.js';
import { container, dag, Harness, task, workflow } from './testing/builders.js';

const clock = (globalThis as unknown as { performance: { now(): number } }).performance;

/*  t0 ─► t1 ─► t2 ─► … ─► t(n-1)  */
function chain(n: number): DagTask[] {
  return Array.from({ length: n }, (_, i) => task(`t${i}`, 'c', i === 0 ? {} : { depends: `t${i - 1}` }));
}

/*  root ─► f0, f1, … f(n-1)  */
function fanOut(n: number): DagTask[] {
  return [task('root', 'c'), ...Array.from({ length: n }, (_, i) => task(`f${i}`, 'c', { depends: 'root' }))];
}

function run(tasks: DagTask[]): Harness {
  const h = Harness.start(workflow({ templates: [dag('main', tasks), container('c')] }));
  h.drain();
  return h;
}

function msPerTask(build: (n: number) => DagTask[], n: number): number {
  const start = clock.now();
  run(build(n));
  return (clock.now() - start) / n;
}

describe('dag templates at scale', () => {
  it('completes a 2,000-task chain with one StartStep per task and one WorkflowCompleted', () => {
    const h = run(chain(2000));
    expect(h.phase).toBe('Succeeded');
    expect(h.commands).toHaveLength(2001);
    expect(h.commandsOf('StartStep')).toHaveLength(2000);
    expect(h.commands.at(-1)).toEqual({ type: 'WorkflowCompleted', phase: 'Succeeded' });
  });

  it('completes a 2,000-task fan-out with one StartStep per task and one WorkflowCompleted', () => {
    const h = run(fanOut(1999));
    expect(h.phase).toBe('Succeeded');
    expect(h.commands).toHaveLength(2001);
    expect(h.node('wf').outboundNodes).toHaveLength(1999);
  });

  it('does not take quadratic time: per-task cost at 10,000 tasks stays within 3× of 1,000', () => {
    for (const build of [chain, fanOut]) {
      msPerTask(build, 1000); // warm up the JIT
      const small = Math.min(msPerTask(build, 1000), msPerTask(build, 1000));
      const large = msPerTask(build, 10_000);
      expect(large / small).toBeLessThan(3);
    }
  });
});
