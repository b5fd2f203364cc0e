import { describe, expect, it } from 'vitest';
import type { LifecycleHook } from '../spec/types.js';
import { container, dag, Harness, step, steps, task, workflow } from './testing/builders.js';

const notify = container('notify');

function stepHooks(hooks: Record<string, LifecycleHook>): Harness {
  return Harness.start(
    workflow({
      templates: [
        steps('main', [[step('step-1', 'echo', { hooks })], [step('step2', 'echo')]]),
        container('echo'),
        notify,
      ],
    }),
  );
}

describe('lifecycle hooks with expressions', () => {
  /*
   *  [0] step-1 ──► step-1.hooks.running (when step-1 is Running)
   */
  it('runs a step hook once when its expression becomes true, named after the step', () => {
    const h = stepHooks({
      running: { expression: 'steps["step-1"].status == "Running"', template: 'notify' },
    });
    const hook = h.node('wf[0].step-1.hooks.running');
    expect(hook).toMatchObject({
      displayName: 'step-1.hooks.running',
      boundaryID: h.node('wf').id,
      nodeFlag: { hooked: true },
    });
    expect(h.node('step-1').children).toContain(hook.id);
    expect(h.runningNames()).toEqual(['step-1', 'step-1.hooks.running']);
    h.succeed('step-1.hooks.running');
    h.succeed('step-1');
    h.succeed('step2');
    expect(h.started.filter((s) => s.nodeId === hook.id)).toHaveLength(1);
    expect(h.phase).toBe('Succeeded');
  });

  it('runs a hook on the step finishing, and the next group waits for the hook to end', () => {
    const h = stepHooks({
      success: { expression: 'steps["step-1"].status == "Succeeded"', template: 'notify' },
    });
    expect(h.has('step-1.hooks.success')).toBe(false);
    h.succeed('step-1');
    expect(h.runningNames()).toEqual(['step-1.hooks.success']);
    h.succeed('step-1.hooks.success');
    expect(h.runningNames()).toEqual(['step2']);
    h.succeed('step2');
    expect(h.phase).toBe('Succeeded');
  });

  it('waits for a hook started while the step ran before moving on', () => {
    const h = stepHooks({
      running: { expression: 'steps["step-1"].status == "Running"', template: 'notify' },
    });
    h.succeed('step-1');
    expect(h.runningNames()).toEqual(['step-1.hooks.running']);
    h.succeed('step-1.hooks.running');
    expect(h.runningNames()).toEqual(['step2']);
  });

  it('never runs a hook whose expression stays false, nor one without an expression', () => {
    const h = stepHooks({
      failed: { expression: 'steps["step-1"].status == "Failed"', template: 'notify' },
      bare: { template: 'notify' },
    });
    h.drain();
    expect(h.nodeNames().some((n) => n.includes('.hooks.'))).toBe(false);
    expect(h.phase).toBe('Succeeded');
  });

  it('treats an exit hook among them as the existing exit handler, not an expression hook', () => {
    const h = stepHooks({
      exit: { template: 'notify' },
      success: { expression: 'steps["step-1"].status == "Succeeded"', template: 'notify' },
    });
    h.succeed('step-1');
    expect(h.runningNames()).toEqual(['step-1.hooks.success']);
    h.succeed('step-1.hooks.success');
    expect(h.runningNames()).toEqual(['step-1.onExit']);
  });

  it('runs a task hook in a DAG', () => {
    const h = Harness.start(
      workflow({
        templates: [
          dag('main', [
            task('a', 'echo', {
              hooks: { ok: { expression: 'tasks.a.status == "Succeeded"', template: 'notify' } },
            }),
            task('b', 'echo', { depends: 'a' }),
          ]),
          container('echo'),
          notify,
        ],
      }),
    );
    h.succeed('a');
    expect(h.node('wf.a.hooks.ok').displayName).toBe('a.hooks.ok');
    expect(h.runningNames()).toEqual(['a.hooks.ok']);
    h.succeed('a.hooks.ok');
    h.succeed('b');
    expect(h.phase).toBe('Succeeded');
  });

  /*
   *  wf ──► wf.hooks.running (workflow.status == "Running"), then wf.onExit
   */
  it('runs a workflow-level hook under the root, and the exit handler after it', () => {
    const h = Harness.start(
      workflow({
        hooks: {
          exit: { template: 'notify' },
          running: { expression: 'workflow.status == "Running"', template: 'notify' },
        },
        templates: [steps('main', [[step('a', 'echo')]]), container('echo'), notify],
      }),
    );
    const hook = h.node('wf.hooks.running');
    expect(hook.displayName).toBe('wf.hooks.running');
    expect(hook.boundaryID).toBeUndefined();
    expect(h.node('wf').children).toContain(hook.id);
    h.succeed('a');
    expect(h.has('wf.onExit')).toBe(false);
    h.succeed('wf.hooks.running');
    expect(h.runningNames()).toEqual(['wf.onExit']);
    h.succeed('wf.onExit');
    expect(h.phase).toBe('Succeeded');
  });

  it('passes arguments to the hook template from the steps scope', () => {
    const g = Harness.start(
      workflow({
        templates: [
          steps('main', [
            [
              step('step-1', 'echo', {
                hooks: {
                  done: {
                    expression: 'steps["step-1"].status == "Succeeded"',
                    template: 'say',
                    arguments: { parameters: [{ name: 'msg', value: '{{steps.step-1.outputs.result}}' }] },
                  },
                },
              }),
            ],
          ]),
          container('echo'),
          container('say', { inputs: ['msg'], args: ['echo {{inputs.parameters.msg}}'] }),
        ],
      }),
    );
    g.succeed('step-1', 'hello');
    expect(g.args('step-1.hooks.done')).toBe('echo hello');
  });
});
