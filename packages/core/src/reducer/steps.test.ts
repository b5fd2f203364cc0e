import { describe, expect, it } from 'vitest';
import { container, Harness, step, steps, workflow } from './testing/builders.js';

const leaf = container('c');

describe('steps templates', () => {
  /*
   *  [0]  a
   *  [1]  b  c      (b and c in parallel, after a)
   *  [2]  d
   */
  it('runs groups in order and the steps of a group in parallel', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('a', 'c')], [step('b', 'c'), step('c', 'c')], [step('d', 'c')]]),
          leaf,
        ],
      }),
    );
    expect(h.runningNames()).toEqual(['a']);
    h.succeed('a');
    expect(h.runningNames()).toEqual(['b', 'c']);
    h.succeed('b');
    expect(h.runningNames()).toEqual(['c']);
    h.succeed('c');
    expect(h.runningNames()).toEqual(['d']);
    h.succeed('d');
    expect(h.phase).toBe('Succeeded');
    expect(h.completedPhase).toBe('Succeeded');
  });

  /*
   *  wf ─► [0] ─► a ─► [1] ─► b
   *                     └───► c
   */
  it('links each group to the previous group’s steps and lists the last group’s steps as outbound', () => {
    const h = Harness.start(
      workflow({ templates: [steps('main', [[step('a', 'c')], [step('b', 'c'), step('c', 'c')]]), leaf] }),
    );
    h.drain();
    const id = (n: string) => h.node(n).id;
    expect(h.node('wf').children).toEqual([id('wf[0]')]);
    expect(h.node('wf[0]').children).toEqual([id('a')]);
    expect(h.node('a').children).toEqual([id('wf[1]')]);
    expect(h.node('wf[1]').children).toEqual([id('b'), id('c')]);
    expect(h.node('wf').outboundNodes).toEqual([id('b'), id('c')]);
  });

  /*
   *  [0]  a (when true)   b (when false → Skipped)
   */
  it('skips a step whose when is false with Argo’s message and runs one whose when is true', () => {
    const h = Harness.start(
      workflow({
        parameters: { go: 'yes' },
        templates: [
          steps('main', [
            [
              step('a', 'c', { when: '{{workflow.parameters.go}} == yes' }),
              step('b', 'c', { when: '{{workflow.parameters.go}} == no' }),
            ],
          ]),
          leaf,
        ],
      }),
    );
    expect(h.runningNames()).toEqual(['a']);
    expect(h.node('b')).toMatchObject({
      type: 'Skipped',
      phase: 'Skipped',
      message: "when 'yes == no' evaluated false",
    });
    h.succeed('a');
    expect(h.phase).toBe('Succeeded');
  });

  it('succeeds when every step of a group is skipped', () => {
    const h = Harness.start(
      workflow({ templates: [steps('main', [[step('a', 'c', { when: 'false' })], [step('b', 'c')]]), leaf] }),
    );
    expect(h.node('a').phase).toBe('Skipped');
    expect(h.runningNames()).toEqual(['b']);
  });

  /*
   *  [0]  a ✗      b ✓
   *  [1]  (never)
   */
  it('fails the group and the Steps node when a step fails, and starts no later group', () => {
    const h = Harness.start(
      workflow({
        templates: [steps('main', [[step('a', 'c'), step('b', 'c')], [step('later', 'c')]]), leaf],
      }),
    );
    h.fail('a', 2);
    expect(h.node('a')).toMatchObject({ phase: 'Failed', message: 'Error (exit code 2)' });
    expect(h.node('wf[0]').phase).toBe('Running');
    h.succeed('b');
    const aId = h.node('a').id;
    expect(h.node('wf[0]')).toMatchObject({ phase: 'Failed', message: `child '${aId}' failed` });
    expect(h.node('wf')).toMatchObject({ phase: 'Failed', message: `child '${aId}' failed` });
    expect(h.has('later')).toBe(false);
    expect(h.phase).toBe('Failed');
    expect(h.state.message).toBe(`child '${aId}' failed`);
  });

  it('lets the workflow continue past a failed step with continueOn.failed', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('a', 'c', { continueOn: { failed: true } })], [step('b', 'c')]]),
          leaf,
        ],
      }),
    );
    h.fail('a');
    expect(h.node('a').phase).toBe('Failed');
    expect(h.node('wf[0]').phase).toBe('Succeeded');
    h.succeed('b');
    expect(h.phase).toBe('Succeeded');
  });

  it('does not excuse an errored step with continueOn.failed', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('a', 'c', { continueOn: { failed: true } })], [step('b', 'c')]]),
          leaf,
        ],
      }),
    );
    h.exit('a', { exitCode: null, error: 'pod deleted' });
    expect(h.node('a')).toMatchObject({ phase: 'Error', message: 'pod deleted' });
    expect(h.has('b')).toBe(false);
  });

  it('fails (not errors) the StepGroup and Steps node when a step errors, as Argo does', () => {
    const h = Harness.start(workflow({ templates: [steps('main', [[step('a', 'c')]]), leaf] }));
    h.exit('a', { exitCode: null, error: 'pod deleted' });
    expect(h.node('a').phase).toBe('Error');
    expect(h.node('wf[0]')).toMatchObject({ phase: 'Failed', message: `child '${h.node('a').id}' failed` });
    expect(h.node('wf').phase).toBe('Failed');
    expect(h.phase).toBe('Failed');
  });

  it('errors the workflow when a pod entrypoint errors', () => {
    const h = Harness.start(workflow({ templates: [container('main')] }));
    h.exit('wf', { exitCode: null, error: 'image pull failed' });
    expect(h.phase).toBe('Error');
    expect(h.state.message).toBe('image pull failed');
  });

  it('gives a steps template outputs from its steps via valueFrom.parameter', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('inner', 'inner')]]),
          steps('inner', [[step('gen', 'gen')]], {
            outputs: {
              parameters: [{ name: 'out', valueFrom: { parameter: '{{steps.gen.outputs.parameters.p}}' } }],
            },
          }),
          container('gen', { outputs: ['p'] }),
        ],
      }),
    );
    h.succeed('gen', '', { p: 'hello\n' });
    expect(h.output('gen', 'p')).toBe('hello');
    expect(h.output('inner', 'out')).toBe('hello');
    expect(h.phase).toBe('Succeeded');
  });

  it('errors a steps template whose output parameter cannot be resolved', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('gen', 'c')]], {
            outputs: {
              parameters: [
                { name: 'out', valueFrom: { parameter: '{{steps.gen.outputs.parameters.nope}}' } },
              ],
            },
          }),
          leaf,
        ],
      }),
    );
    h.succeed('gen');
    expect(h.node('wf')).toMatchObject({
      phase: 'Error',
      message: 'unable to resolve output parameter "out"',
    });
  });

  /*
   *  [0]  a  b  c  d     parallelism: 2
   */
  it('starts at most `parallelism` children of a steps template at once', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('a', 'c'), step('b', 'c'), step('c', 'c'), step('d', 'c')]], {
            parallelism: 2,
          }),
          leaf,
        ],
      }),
    );
    expect(h.runningNames()).toEqual(['a', 'b']);
    h.succeed('b');
    expect(h.runningNames()).toEqual(['a', 'c']);
    h.succeed('a');
    h.succeed('c');
    expect(h.runningNames()).toEqual(['d']);
    h.succeed('d');
    expect(h.phase).toBe('Succeeded');
  });

  it('limits a loop by the template parallelism', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('a', 'c', { withSequence: { count: 5 } })]], { parallelism: 2 }),
          leaf,
        ],
      }),
    );
    expect(h.runningNames()).toEqual(['a(0:0)', 'a(1:1)']);
    h.succeed('a(0:0)');
    expect(h.runningNames()).toEqual(['a(1:1)', 'a(2:2)']);
    h.drain();
    expect(h.started).toHaveLength(5);
    expect(h.phase).toBe('Succeeded');
  });

  /*
   *  [0]  a  b  c      spec.parallelism: 1 (pods across the whole workflow)
   */
  it('runs at most spec.parallelism pods across the workflow', () => {
    const h = Harness.start(
      workflow({
        parallelism: 1,
        templates: [steps('main', [[step('a', 'c'), step('b', 'c'), step('c', 'c')]]), leaf],
      }),
    );
    expect(h.runningNames()).toEqual(['a']);
    expect(h.node('b').phase).toBe('Pending');
    h.succeed('a');
    expect(h.runningNames()).toEqual(['b']);
    h.succeed('b');
    expect(h.runningNames()).toEqual(['c']);
    h.succeed('c');
    expect(h.phase).toBe('Succeeded');
  });

  it('with failFast stops starting more loop items once one fails', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('a', 'c', { withItems: [1, 2, 3] })]], { parallelism: 1, failFast: true }),
          leaf,
        ],
      }),
    );
    h.fail('a(0:1)');
    expect(h.started).toHaveLength(1);
    expect(h.phase).toBe('Failed');
  });

  it('errors the node of a step whose template does not exist', () => {
    const h = Harness.start(workflow({ templates: [steps('main', [[step('a', 'missing')]])] }));
    expect(h.node('a')).toMatchObject({ phase: 'Error', message: 'template "missing" not found' });
    expect(h.phase).toBe('Failed');
  });

  it('records the steps it changed so the engine persists only those nodes', () => {
    const h = Harness.start(
      workflow({ templates: [steps('main', [[step('a', 'c')], [step('b', 'c')]]), leaf] }),
    );
    h.state.changed.clear();
    h.succeed('a');
    const changed = [...h.state.changed].map((id) => h.state.nodes.get(id)?.name);
    expect(changed).toEqual(expect.arrayContaining(['wf[0].a', 'wf[0]', 'wf[1]', 'wf[1].b']));
    expect(changed).not.toContain(undefined);
  });
});
