import { describe, expect, it } from 'vitest';
import { parseDepends } from './depends.js';
import { args, dagTemplate, echo, inputs, lint, outputs, task, workflow } from './test-builders.js';

const issue = (code: string, path: string, message: string) =>
  expect.objectContaining({ code, path, message: expect.stringContaining(message) });

const dagWorkflow = (tasks: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
  workflow([dagTemplate('main', tasks, extra), echo('e'), echo('out', 'x', outputs('p'))]);

describe('depends expressions', () => {
  it('parses task names, results, operators and parentheses', () => {
    const parsed = parseDepends('(a.Succeeded || b) && !c.AllFailed');
    expect(parsed).toEqual({
      ok: true,
      references: [{ task: 'a', result: 'Succeeded' }, { task: 'b' }, { task: 'c', result: 'AllFailed' }],
    });
  });

  it('rejects an unknown task result', () => {
    expect(parseDepends('a.Finished')).toEqual({
      ok: false,
      message: expect.stringContaining('unknown task result "Finished" for task "a"'),
    });
  });

  it('rejects an unbalanced parenthesis', () => {
    expect(parseDepends('(a && b')).toEqual({ ok: false, message: 'missing ")"' });
  });

  it('rejects a dangling operator', () => {
    expect(parseDepends('a &&')).toEqual({ ok: false, message: 'unexpected end of expression' });
  });
});

describe('dag templates', () => {
  it('accepts a diamond with depends', () => {
    const wf = dagWorkflow([
      task('a', 'e'),
      task('b', 'e', { depends: 'a' }),
      task('c', 'e', { depends: 'a.Succeeded' }),
      task('d', 'e', { depends: 'b && c' }),
    ]);
    expect(lint(wf)).toEqual([]);
  });

  it('reports depends naming an unknown task', () => {
    const wf = dagWorkflow([task('a', 'e'), task('c', 'e', { depends: 'a && b' })]);
    expect(lint(wf)).toEqual([
      issue('unknown-task', 'spec.templates[0].dag.tasks[1].depends', 'unknown task "b"'),
    ]);
  });

  it('reports dependencies naming an unknown task', () => {
    const wf = dagWorkflow([task('a', 'e'), task('c', 'e', { dependencies: ['a', 'b'] })]);
    expect(lint(wf)).toEqual([
      issue('unknown-task', 'spec.templates[0].dag.tasks[1].dependencies[1]', 'unknown task "b"'),
    ]);
  });

  it('reports an unknown result suffix in depends', () => {
    const wf = dagWorkflow([task('a', 'e'), task('b', 'e', { depends: 'a.Done' })]);
    expect(lint(wf)).toEqual([
      issue('invalid-depends', 'spec.templates[0].dag.tasks[1].depends', 'unknown task result "Done"'),
    ]);
  });

  it('reports a dependency cycle as a -> b -> a', () => {
    const wf = dagWorkflow([task('a', 'e', { depends: 'b' }), task('b', 'e', { depends: 'a' })]);
    expect(lint(wf)).toEqual([
      issue('dependency-cycle', 'spec.templates[0].dag.tasks[0].depends', 'dependency cycle: a -> b -> a'),
    ]);
  });

  it('reports a task that depends on itself', () => {
    const wf = dagWorkflow([task('a', 'e', { dependencies: ['a'] })]);
    expect(lint(wf)).toEqual([
      issue('dependency-cycle', 'spec.templates[0].dag.tasks[0].dependencies', 'a -> a'),
    ]);
  });

  it('rejects depends and dependencies in the same DAG', () => {
    const wf = dagWorkflow([
      task('a', 'e'),
      task('b', 'e', { depends: 'a' }),
      task('c', 'e', { dependencies: ['a'] }),
    ]);
    expect(lint(wf)).toEqual([
      issue(
        'depends-and-dependencies',
        'spec.templates[0].dag.tasks[2].dependencies',
        "cannot use both 'depends' and 'dependencies'",
      ),
    ]);
  });

  it('reports a target naming an unknown task', () => {
    const wf = dagWorkflow([task('a', 'e'), task('b', 'e')], { target: 'a c' });
    expect(lint(wf)).toEqual([issue('unknown-task', 'spec.templates[0].dag.target', 'target "c"')]);
  });

  it('reports duplicate task names', () => {
    const wf = dagWorkflow([task('a', 'e'), task('a', 'e')]);
    expect(lint(wf)).toEqual([
      issue('duplicate-task', 'spec.templates[0].dag.tasks[1].name', 'task name "a" is not unique'),
    ]);
  });

  it('reports a task calling an unknown template', () => {
    const wf = dagWorkflow([task('a', 'nope')]);
    expect(lint(wf)).toEqual([
      issue('unknown-template', 'spec.templates[0].dag.tasks[0].template', 'template "nope" not found'),
    ]);
  });

  it('reports .AnySucceeded on a task that does not loop', () => {
    const wf = dagWorkflow([task('a', 'e'), task('b', 'e', { depends: 'a.AnySucceeded' })]);
    expect(lint(wf)).toEqual([
      issue(
        'items-result-without-loop',
        'spec.templates[0].dag.tasks[1].depends',
        'task "a" is used with .AnySucceeded',
      ),
    ]);
  });

  it('lets a task read the outputs of another task of the DAG', () => {
    const reader = task('b', 'p', { depends: 'a', ...args({ x: '{{tasks.a.outputs.parameters.p}}' }) });
    const wf = workflow([
      dagTemplate('main', [task('a', 'out'), reader]),
      echo('out', 'x', outputs('p')),
      echo('p', 'x', inputs('x')),
    ]);
    expect(lint(wf)).toEqual([]);
  });

  it('reports tasks.X naming a task outside the DAG', () => {
    const reader = task('b', 'p', args({ x: 'v={{tasks.zz.outputs.result}}' }));
    const wf = workflow([
      dagTemplate('main', [task('a', 'out'), reader]),
      echo('out'),
      echo('p', 'x', inputs('x')),
    ]);
    expect(lint(wf)).toEqual([
      issue(
        'unresolved-variable',
        'spec.templates[0].dag.tasks[1].arguments.parameters[0].value',
        'no task named "zz"',
      ),
    ]);
  });

  it('reports an argument taken from a task the task does not depend on', () => {
    const reader = task('b', 'p', args({ x: '{{tasks.a.outputs.result}}' }));
    const wf = workflow([
      dagTemplate('main', [task('a', 'out'), reader]),
      echo('out'),
      echo('p', 'x', inputs('x')),
    ]);
    expect(lint(wf)).toEqual([
      issue(
        'missing-dependency',
        'spec.templates[0].dag.tasks[1].arguments.parameters[0].value',
        'reads task "a" but the task does not depend on it',
      ),
    ]);
  });

  it('reports .status of a task that is not a dependency', () => {
    const wf = dagWorkflow([task('a', 'e'), task('b', 'e', { when: '{{tasks.a.status}} == Succeeded' })]);
    expect(lint(wf)).toEqual([
      issue(
        'unresolved-variable',
        'spec.templates[0].dag.tasks[1].when',
        'task "a".status is only available to tasks that depend on it',
      ),
    ]);
  });

  it('reports an output parameter a task does not have', () => {
    const wf = dagWorkflow([
      task('a', 'out'),
      task('b', 'e', { depends: 'a', when: '{{tasks.a.outputs.parameters.q}} == 1' }),
    ]);
    expect(lint(wf)).toEqual([
      issue(
        'unresolved-variable',
        'spec.templates[0].dag.tasks[1].when',
        'task "a" has no output parameter "q"',
      ),
    ]);
  });
});
