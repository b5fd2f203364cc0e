import { describe, expect, it } from 'vitest';
import type { DagTask } from '../spec/types.js';
import { container, dag, Harness, task, workflow } from './testing/builders.js';

const leaf = container('c');

function dagOf(tasks: DagTask[], options: Parameters<typeof dag>[2] = {}): Harness {
  return Harness.start(workflow({ templates: [dag('main', tasks, options), leaf] }));
}

describe('dag templates', () => {
  /*
   *      a
   *     / \
   *    b   c
   *     \ /
   *      d
   */
  it('runs a diamond in dependency order: b and c together only after a, d after both', () => {
    const h = dagOf([
      task('a', 'c'),
      task('b', 'c', { depends: 'a' }),
      task('c', 'c', { depends: 'a' }),
      task('d', 'c', { depends: 'b && c' }),
    ]);
    expect(h.runningNames()).toEqual(['a']);
    h.succeed('a');
    expect(h.runningNames()).toEqual(['b', 'c']);
    h.succeed('c');
    expect(h.runningNames()).toEqual(['b']);
    h.succeed('b');
    expect(h.runningNames()).toEqual(['d']);
    h.succeed('d');
    expect(h.phase).toBe('Succeeded');
    const id = (n: string) => h.node(n).id;
    expect(h.node('wf').children).toEqual([id('a')]);
    expect(h.node('a').children).toEqual([id('b'), id('c')]);
    expect(h.node('b').children).toEqual([id('d')]);
    expect(h.node('c').children).toEqual([id('d')]);
    expect(h.node('wf').outboundNodes).toEqual([id('d')]);
  });

  it('treats legacy dependencies like depends with every name joined by &&', () => {
    const h = dagOf([task('a', 'c'), task('b', 'c'), task('d', 'c', { dependencies: ['a', 'b'] })]);
    expect(h.runningNames()).toEqual(['a', 'b']);
    h.succeed('a');
    expect(h.runningNames()).toEqual(['b']);
    h.succeed('b');
    expect(h.runningNames()).toEqual(['d']);
  });

  it('runs a legacy dependent of a failed task that has continueOn.failed', () => {
    const h = dagOf([
      task('a', 'c', { continueOn: { failed: true } }),
      task('b', 'c', { dependencies: ['a'] }),
    ]);
    h.fail('a');
    expect(h.runningNames()).toEqual(['b']);
    h.succeed('b');
    expect(h.phase).toBe('Succeeded');
  });

  /*
   *   A ✗ ──► B (depends A)          → Omitted
   *     └───► C (depends A.Failed)   → runs
   */
  it('omits a task whose depends is false and runs one that handles the failure', () => {
    const h = dagOf([
      task('A', 'c'),
      task('B', 'c', { depends: 'A' }),
      task('C', 'c', { depends: 'A.Failed' }),
    ]);
    h.fail('A');
    expect(h.node('B')).toMatchObject({
      type: 'Skipped',
      phase: 'Omitted',
      message: 'omitted: depends condition not met',
    });
    expect(h.runningNames()).toEqual(['C']);
    h.succeed('C');
    // B is a target whose branch failed: the DAG fails.
    expect(h.node('wf').phase).toBe('Failed');
  });

  /*
   *   A ✗ ──► B (depends A.Failed) ✓      target: B
   */
  it('succeeds when a depends A.Failed task handles the failure', () => {
    const h = dagOf([task('A', 'c'), task('B', 'c', { depends: 'A.Failed' })]);
    h.fail('A');
    expect(h.runningNames()).toEqual(['B']);
    h.succeed('B');
    expect(h.node('wf').phase).toBe('Succeeded');
    expect(h.phase).toBe('Succeeded');
  });

  it('evaluates .Succeeded, .Skipped, || and ! in depends', () => {
    const h = dagOf([
      task('A', 'c'),
      task('S', 'c', { when: 'false' }),
      task('B', 'c', { depends: 'A.Succeeded && S.Skipped' }),
      task('C', 'c', { depends: '!A.Succeeded' }),
      task('D', 'c', { depends: 'A.Failed || S.Skipped' }),
    ]);
    expect(h.node('S')).toMatchObject({ phase: 'Skipped', message: "when 'false' evaluated false" });
    h.succeed('A');
    expect(h.runningNames()).toEqual(['B', 'D']);
    expect(h.node('C').phase).toBe('Omitted');
    h.drain();
    expect(h.phase).toBe('Succeeded');
  });

  /*
   *   A ✗ ──► B (Omitted) ──► C (depends B.Omitted) ✓
   */
  it('cascades omission and lets a task depend on B.Omitted', () => {
    const h = dagOf([
      task('A', 'c'),
      task('B', 'c', { depends: 'A' }),
      task('X', 'c', { depends: 'B' }),
      task('C', 'c', { depends: 'B.Omitted' }),
    ]);
    h.fail('A');
    expect(h.node('B').phase).toBe('Omitted');
    expect(h.node('X').phase).toBe('Omitted');
    expect(h.runningNames()).toEqual(['C']);
    h.succeed('C');
    // X is a target on A's failed branch.
    expect(h.node('wf').phase).toBe('Failed');
  });

  it('runs only the target and its ancestors', () => {
    const h = dagOf([task('a', 'c'), task('b', 'c', { depends: 'a' }), task('other', 'c')], { target: 'b' });
    expect(h.runningNames()).toEqual(['a']);
    h.succeed('a');
    h.succeed('b');
    expect(h.has('other')).toBe(false);
    expect(h.phase).toBe('Succeeded');
    expect(h.node('wf').outboundNodes).toEqual([h.node('b').id]);
  });

  /*
   *   a ✗         b (running, takes longer)      failFast (default)
   */
  it('fails the DAG when a target fails, once nothing else is running', () => {
    const h = dagOf([task('a', 'c'), task('b', 'c')]);
    h.fail('a');
    expect(h.node('wf').phase).toBe('Running');
    h.succeed('b');
    expect(h.node('wf')).toMatchObject({ phase: 'Failed', message: "task 'a' failed" });
    expect(h.phase).toBe('Failed');
  });

  /*
   *   a ✗        b ──► c      (c starts after b even though a failed: failFast does not stop scheduling)
   */
  it('keeps starting ready tasks after a failure, as Argo’s failFast only judges the phase', () => {
    const h = dagOf([task('a', 'c'), task('b', 'c'), task('c', 'c', { depends: 'b' })]);
    h.fail('a');
    h.succeed('b');
    expect(h.runningNames()).toEqual(['c']);
    h.succeed('c');
    expect(h.node('wf').phase).toBe('Failed');
  });

  it('with failFast false runs every branch to completion and then fails', () => {
    const h = dagOf([task('a', 'c'), task('b', 'c'), task('c', 'c', { depends: 'b' })], { failFast: false });
    h.fail('a');
    h.succeed('b');
    expect(h.runningNames()).toEqual(['c']);
    h.succeed('c');
    expect(h.node('wf')).toMatchObject({ phase: 'Failed', message: "task 'a' failed" });
  });

  it('does not fail the DAG for a failed target with continueOn.failed', () => {
    const h = dagOf([task('a', 'c', { continueOn: { failed: true } }), task('b', 'c')]);
    h.fail('a');
    h.succeed('b');
    expect(h.phase).toBe('Succeeded');
  });

  it('keeps Error as the DAG phase when a target errors', () => {
    const h = dagOf([task('a', 'c')]);
    h.exit('a', { exitCode: null, error: 'pod deleted' });
    expect(h.node('wf')).toMatchObject({ phase: 'Error', message: "task 'a' errored" });
    expect(h.phase).toBe('Error');
  });

  /*
   *   A ✗ ──► B (depends A.Failed, when false → Skipped)
   */
  it('lets a skipped target inherit its branch’s failure, as Argo’s assessDAGPhase does', () => {
    const h = dagOf([task('A', 'c'), task('B', 'c', { depends: 'A.Failed', when: 'false' })]);
    h.fail('A');
    expect(h.node('B').phase).toBe('Skipped');
    expect(h.node('wf').phase).toBe('Failed');
  });

  it('starts at most `parallelism` tasks of a dag at once', () => {
    const h = dagOf([task('a', 'c'), task('b', 'c'), task('c', 'c')], { parallelism: 2 });
    expect(h.runningNames()).toEqual(['a', 'b']);
    h.succeed('a');
    expect(h.runningNames()).toEqual(['b', 'c']);
  });

  /*
   *   A(0:1) ✗  A(1:2) ✓ ──► B (depends A.AnySucceeded) ✓
   *                     └──► C (depends A.AllFailed)    Omitted
   */
  it('evaluates .AnySucceeded and .AllFailed over a loop task’s items', () => {
    const h = dagOf([
      task('A', 'c', { withItems: [1, 2], continueOn: { failed: true } }),
      task('B', 'c', { depends: 'A.AnySucceeded' }),
      task('C', 'c', { depends: 'A.AllFailed' }),
    ]);
    h.fail('A(0:1)');
    h.succeed('A(1:2)');
    expect(h.node('A').phase).toBe('Failed');
    expect(h.runningNames()).toEqual(['B']);
    expect(h.node('C').phase).toBe('Omitted');
  });

  it('runs an .AllFailed handler when every loop item failed', () => {
    const h = dagOf([
      task('A', 'c', { withItems: [1, 2] }),
      task('B', 'c', { depends: 'A.AnySucceeded' }),
      task('C', 'c', { depends: 'A.AllFailed' }),
    ]);
    h.fail('A(0:1)');
    h.fail('A(1:2)');
    expect(h.node('B').phase).toBe('Omitted');
    expect(h.runningNames()).toEqual(['C']);
  });

  it('hangs the dependents of a loop task off every loop item', () => {
    const h = dagOf([task('A', 'c', { withItems: ['x', 'y'] }), task('B', 'c', { depends: 'A' })]);
    h.drain();
    expect(h.node('A(0:x)').children).toEqual([h.node('B').id]);
    expect(h.node('A(1:y)').children).toEqual([h.node('B').id]);
  });

  it('skips a loop task whose withParam list is empty, as Argo does', () => {
    const h = dagOf([task('A', 'c', { withParam: '[]' }), task('B', 'c', { depends: 'A' })]);
    expect(h.node('A')).toMatchObject({ type: 'Skipped', phase: 'Skipped' });
    expect(h.runningNames()).toEqual(['B']);
  });

  it('errors the DAG node when a depends expression is malformed', () => {
    const h = dagOf([task('a', 'c'), task('b', 'c', { depends: 'a &&' })]);
    expect(h.node('wf').phase).toBe('Error');
    expect(h.node('wf').message).toMatch(/depends "a &&"/);
    expect(h.phase).toBe('Error');
  });
});
