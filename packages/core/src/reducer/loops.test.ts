import { describe, expect, it } from 'vitest';
import { container, dag, Harness, step, steps, task, workflow } from './testing/builders.js';

const echo = container('echo', { inputs: ['msg'], args: ['echo {{inputs.parameters.msg}}'] });

function loopOf(options: Parameters<typeof step>[2], template = container('c')) {
  return Harness.start(
    workflow({ templates: [steps('main', [[step('a', template.name, options)]]), template] }),
  );
}

describe('loops', () => {
  it('expands withItems strings into children labelled (index:item) with {{item}} substituted', () => {
    const h = loopOf({ withItems: ['hello', 'world'], arguments: { msg: '{{item}}' } }, echo);
    expect(h.runningNames()).toEqual(['a(0:hello)', 'a(1:world)']);
    expect(h.args('a(1:world)')).toBe('echo world');
  });

  it('labels map items by their sorted key:value pairs and substitutes {{item.field}}', () => {
    const h = loopOf({ withItems: [{ b: 2, a: 1 }], arguments: { msg: '{{item.a}}-{{item.b}}' } }, echo);
    expect(h.runningNames()).toEqual(['a(0:a:1,b:2)']);
    expect(h.args('a(0:a:1,b:2)')).toBe('echo 1-2');
  });

  it('renders a map item as JSON for {{item}}', () => {
    const h = loopOf({ withItems: [{ os: 'linux' }], arguments: { msg: '{{item}}' } }, echo);
    expect(h.args('a(0:os:linux)')).toBe('echo {"os":"linux"}');
  });

  it('labels numbers and booleans as their text', () => {
    const h = loopOf({ withItems: [1, 2.5, true] });
    expect(h.runningNames()).toEqual(['a(0:1)', 'a(1:2.5)', 'a(2:true)']);
  });

  it('drops parentheses from item labels as Argo does', () => {
    const h = loopOf({ withItems: ['f(x)'] });
    expect(h.runningNames()).toEqual(['a(0:fx)']);
  });

  /*
   *  [0]  gen            → stdout ["x","y","z"]
   *  [1]  use(withParam) → use(0:x) use(1:y) use(2:z)
   */
  it('loops over withParam taken from a previous step’s output', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [
            [step('gen', 'c')],
            [
              step('use', 'echo', {
                withParam: '{{steps.gen.outputs.result}}',
                arguments: { msg: '{{item}}' },
              }),
            ],
          ]),
          container('c'),
          echo,
        ],
      }),
    );
    h.succeed('gen', '["x","y","z"]\n');
    expect(h.runningNames()).toEqual(['use(0:x)', 'use(1:y)', 'use(2:z)']);
    h.drain();
    expect(h.phase).toBe('Succeeded');
  });

  it('errors the step group when withParam is not a JSON list', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [
            [step('gen', 'c')],
            [step('use', 'c', { withParam: '{{steps.gen.outputs.result}}' })],
          ]),
          container('c'),
        ],
      }),
    );
    h.succeed('gen', 'not json');
    expect(h.node('wf[1]').phase).toBe('Error');
    expect(h.node('wf[1]').message).toMatch(/withParam value could not be parsed as a JSON list/);
    expect(h.phase).toBe('Failed');
  });

  it('succeeds a step whose withParam list is empty without starting anything', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [
            [step('gen', 'c')],
            [step('use', 'c', { withParam: '{{steps.gen.outputs.result}}' })],
          ]),
          container('c'),
        ],
      }),
    );
    h.succeed('gen', '[]');
    expect(h.started).toHaveLength(1);
    expect(h.phase).toBe('Succeeded');
  });

  it('counts withSequence from 0 by default', () => {
    expect(loopOf({ withSequence: { count: '3' } }).runningNames()).toEqual(['a(0:0)', 'a(1:1)', 'a(2:2)']);
  });

  it('runs withSequence from start to end inclusive, downwards too', () => {
    expect(loopOf({ withSequence: { start: '2', end: '4' } }).runningNames()).toEqual([
      'a(0:2)',
      'a(1:3)',
      'a(2:4)',
    ]);
    expect(loopOf({ withSequence: { start: 3, end: 1 } }).runningNames()).toEqual([
      'a(0:3)',
      'a(1:2)',
      'a(2:1)',
    ]);
  });

  it('formats withSequence items with a printf format', () => {
    expect(loopOf({ withSequence: { start: 1, count: 2, format: 'f%02d' } }).runningNames()).toEqual([
      'a(0:f01)',
      'a(1:f02)',
    ]);
  });

  it('uses end, not count, when a withSequence has both, as Argo does', () => {
    expect(loopOf({ withSequence: { count: 5, end: 1 } }).runningNames()).toEqual(['a(0:0)', 'a(1:1)']);
  });

  /*
   *  [0]  gen(0:a) gen(1:b)    each writes p
   *  [1]  show  ← {{steps.gen.outputs.parameters.p}} = ["A","B"]
   */
  it('aggregates a loop’s output parameter into a JSON list in item order', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [
            [step('gen', 'gen', { withItems: ['a', 'b'] })],
            [step('show', 'echo', { arguments: { msg: '{{steps.gen.outputs.parameters.p}}' } })],
          ]),
          container('gen', { outputs: ['p'] }),
          echo,
        ],
      }),
    );
    h.exit('gen(1:b)', { parameters: { p: 'B' } });
    h.exit('gen(0:a)', { parameters: { p: 'A' } });
    expect(h.args('show')).toBe('echo ["A","B"]');
  });

  it('aggregates JSON object results as objects, in item order', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [
            [step('gen', 'c', { withItems: [1, 2] })],
            [step('show', 'echo', { arguments: { msg: '{{steps.gen.outputs.result}}' } })],
          ]),
          container('c'),
          echo,
        ],
      }),
    );
    h.succeed('gen(0:1)', '{"n":1}');
    h.succeed('gen(1:2)', '{"n":2}');
    expect(h.args('show')).toBe('echo [{"n":1},{"n":2}]');
  });

  it('leaves failed loop children out of aggregated outputs, as Argo does', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [
            [step('gen', 'gen', { withItems: ['a', 'b'], continueOn: { failed: true } })],
            [step('show', 'echo', { arguments: { msg: '{{steps.gen.outputs.parameters.p}}' } })],
          ]),
          container('gen', {
            outputs: { parameters: [{ name: 'p', valueFrom: { path: '/tmp/p', default: 'd' } }] },
          }),
          echo,
        ],
      }),
    );
    h.exit('gen(0:a)', { parameters: { p: 'A' } });
    h.exit('gen(1:b)', { exitCode: 1 });
    expect(h.args('show')).toBe('echo ["A"]');
  });

  it('aggregates all output parameters of a loop as a list of name→value maps', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [
            [step('gen', 'gen', { withItems: ['a', 'b'] })],
            [step('show', 'echo', { arguments: { msg: '{{steps.gen.outputs.parameters}}' } })],
          ]),
          container('gen', { outputs: ['p', 'q'] }),
          echo,
        ],
      }),
    );
    h.exit('gen(0:a)', { parameters: { p: '1', q: '2' } });
    h.exit('gen(1:b)', { parameters: { p: '3', q: '4' } });
    expect(h.args('show')).toBe('echo [{"p":"1","q":"2"},{"p":"3","q":"4"}]');
  });

  /*
   *  A(withItems) ─► B(depends A.AnySucceeded)
   */
  it('runs dag loop tasks under a TaskGroup with children <task>(i:item)', () => {
    const h = Harness.start(
      workflow({ templates: [dag('main', [task('A', 'c', { withItems: ['x', 'y'] })]), container('c')] }),
    );
    expect(h.node('A').type).toBe('TaskGroup');
    expect(h.runningNames()).toEqual(['A(0:x)', 'A(1:y)']);
    expect(h.node('A').children).toEqual([h.node('A(0:x)').id, h.node('A(1:y)').id]);
    h.drain();
    expect(h.node('A').phase).toBe('Succeeded');
    expect(h.phase).toBe('Succeeded');
  });

  it('gives a TaskGroup the phase of its last failed item, as Argo does', () => {
    const failedLast = Harness.start(
      workflow({ templates: [dag('main', [task('A', 'c', { withItems: ['x', 'y'] })]), container('c')] }),
    );
    failedLast.exit('A(0:x)', { exitCode: null, error: 'step terminated' });
    failedLast.exit('A(1:y)', { exitCode: 1 });
    expect(failedLast.node('A').phase).toBe('Failed');

    const erroredLast = Harness.start(
      workflow({ templates: [dag('main', [task('A', 'c', { withItems: ['x', 'y'] })]), container('c')] }),
    );
    erroredLast.exit('A(0:x)', { exitCode: 1 });
    erroredLast.exit('A(1:y)', { exitCode: null, error: 'step terminated' });
    expect(erroredLast.node('A').phase).toBe('Error');
  });
});
