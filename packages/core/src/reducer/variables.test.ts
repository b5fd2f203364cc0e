import { describe, expect, it } from 'vitest';
import { configMap, container, dag, Harness, step, steps, task, workflow } from './testing/builders.js';

const echo = container('echo', { inputs: ['msg'], args: ['echo {{inputs.parameters.msg}}'] });

/** Runs `main` → step `s` calling echo with msg; returns the echo pod's args. */
function echoed(msg: string, options: Parameters<typeof workflow>[0] | object = {}, harness = {}): string {
  const h = Harness.start(
    workflow({ templates: [steps('main', [[step('s', 'echo', { arguments: { msg } })]]), echo], ...options }),
    harness,
  );
  return h.args('s');
}

describe('variables and substitution', () => {
  it('substitutes inputs.parameters, workflow.parameters and -p overrides', () => {
    expect(echoed('{{workflow.parameters.x}}', { parameters: { x: 'default' } })).toBe('echo default');
    expect(
      echoed(
        '{{workflow.parameters.x}}',
        { parameters: { x: 'default' } },
        { parameters: [{ name: 'x', value: 'over' }] },
      ),
    ).toBe('echo over');
  });

  it('substitutes workflow.name, workflow.namespace and workflow.uid', () => {
    expect(echoed('{{workflow.name}}/{{workflow.namespace}}/{{workflow.uid}}')).toBe('echo wf/default/uid-1');
  });

  it('substitutes pod.name with the pod’s own name', () => {
    const h = Harness.start(workflow({ templates: [container('main', { args: ['echo {{pod.name}}'] })] }));
    expect(h.args('wf')).toBe('echo wf');
    const s = Harness.start(
      workflow({
        templates: [steps('main', [[step('a', 'p')]]), container('p', { args: ['{{pod.name}}'] })],
      }),
    );
    expect(s.args('a')).toBe(s.startStep('a').pod.metadata.name);
    expect(s.args('a')).toMatch(/^wf-p-\d+$/);
  });

  it('substitutes workflow.creationTimestamp and its strftime fields', () => {
    expect(echoed('{{workflow.creationTimestamp}}')).toBe('echo 2024-01-02T03:04:05Z');
    expect(echoed('{{workflow.creationTimestamp.Y}}-{{workflow.creationTimestamp.m}}')).toBe('echo 2024-01');
  });

  it('leaves unknown tags untouched', () => {
    expect(echoed('{{nope.nothing}} {{workflow.nope}}')).toBe('echo {{nope.nothing}} {{workflow.nope}}');
  });

  it('evaluates expression tags with Argo helpers', () => {
    expect(echoed('{{=asInt(workflow.parameters.n) + 1}}', { parameters: { n: '41' } })).toBe('echo 42');
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('s', 'inc', { arguments: { x: '2' } })]]),
          container('inc', { inputs: ['x'], args: ['{{=asInt(inputs.parameters.x) + 1}}'] }),
        ],
      }),
    );
    expect(h.args('s')).toBe('3');
  });

  /*
   *  [0] a-b  → stdout "hi"
   *  [1] show ← {{steps.a-b.outputs.result}} and {{=steps['a-b'].outputs.result}}
   */
  it('reads a previous step’s result by tag and by expression, also for hyphenated names', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [
            [step('a-b', 'c')],
            [
              step('show', 'echo', {
                arguments: { msg: "{{steps.a-b.outputs.result}} {{=steps['a-b'].outputs.result + '!'}}" },
              }),
            ],
          ]),
          container('c'),
          echo,
        ],
      }),
    );
    h.succeed('a-b', 'hi\n');
    expect(h.args('show')).toBe('echo hi hi!');
  });

  it('reads a dag task’s output parameter with {{tasks.X.outputs.parameters.p}}', () => {
    const h = Harness.start(
      workflow({
        templates: [
          dag('main', [
            task('gen', 'gen'),
            task('show', 'echo', {
              depends: 'gen',
              arguments: { msg: '{{tasks.gen.outputs.parameters.p}}' },
            }),
          ]),
          container('gen', { outputs: ['p'] }),
          echo,
        ],
      }),
    );
    h.succeed('gen', '', { p: 'value' });
    expect(h.args('show')).toBe('echo value');
  });

  it('errors a step whose expression cannot be evaluated', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [
            [step('a', 'c')],
            [step('s', 'echo', { arguments: { msg: '{{=asInt(steps.a.outputs.result)}}' } })],
          ]),
          container('c'),
          echo,
        ],
      }),
    );
    h.succeed('a', 'not a number');
    expect(h.node('s').phase).toBe('Error');
    expect(h.node('s').message).toMatch(/failed to evaluate expression/);
  });
});

describe('inputs', () => {
  it('errors a node whose required parameter was not supplied, with Argo’s message', () => {
    const h = Harness.start(workflow({ templates: [steps('main', [[step('s', 'echo')]]), echo] }));
    expect(h.node('s')).toMatchObject({ phase: 'Error', message: 'inputs.parameters.msg was not supplied' });
    expect(h.phase).toBe('Failed');
  });

  it('uses an input’s default when no argument is given', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('s', 'e')]]),
          container('e', { inputs: [{ name: 'msg', default: 'dflt' }], args: ['{{inputs.parameters.msg}}'] }),
        ],
      }),
    );
    expect(h.args('s')).toBe('dflt');
    expect(h.node('s').inputs?.parameters).toEqual([{ name: 'msg', value: 'dflt', default: 'dflt' }]);
  });

  it('errors a node whose argument is not one of the input’s enum values', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('s', 'e', { arguments: { size: 'xl' } })]]),
          container('e', { inputs: [{ name: 'size', enum: ['s', 'm'] }] }),
        ],
      }),
    );
    expect(h.node('s').phase).toBe('Error');
    expect(h.node('s').message).toBe(
      'inputs.parameters.size: value "xl" is not one of the enum values [s, m]',
    );
  });

  it('reads an input from a ConfigMap with configMapKeyRef', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('s', 'e')]]),
          container('e', {
            inputs: [{ name: 'msg', valueFrom: { configMapKeyRef: { name: 'cm', key: 'greeting' } } }],
            args: ['{{inputs.parameters.msg}}'],
          }),
        ],
      }),
      { configMaps: [configMap('cm', { greeting: 'hello from cm' })] },
    );
    expect(h.args('s')).toBe('hello from cm');
  });

  it('rejects a workflow parameter outside its enum, an unknown -p and a missing value at creation', () => {
    const create =
      (wf: Parameters<typeof workflow>[0], parameters?: { name: string; value: string }[]) => () =>
        new Harness(workflow(wf), { parameters });
    expect(create({ templates: [echo], parameters: { x: { enum: ['a'], value: 'b' } } })).toThrow(
      /not one of \[a\]/,
    );
    expect(create({ templates: [echo] }, [{ name: 'y', value: '1' }])).toThrow(/unknown parameter "y"/);
    expect(create({ templates: [echo], parameters: { x: {} } })).toThrow(/parameter "x" has no value/);
  });
});
