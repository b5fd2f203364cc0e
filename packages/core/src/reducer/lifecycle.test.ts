import { describe, expect, it } from 'vitest';
import type { RetryStrategy } from '../spec/types.js';
import { container, Harness, step, steps, suspend, T0, workflow } from './testing/builders.js';

function retrying(retryStrategy: RetryStrategy): Harness {
  return Harness.start(
    workflow({ templates: [steps('main', [[step('a', 'flaky')]]), container('flaky', { retryStrategy })] }),
  );
}

describe('retries', () => {
  /*
   *  a (Retry) ─► a(0) ✗ ─► a(1) ✗ ─► a(2) ✓
   */
  it('retries a failed pod under a Retry node with children (0), (1), …', () => {
    const h = retrying({ limit: 2 });
    expect(h.node('a').type).toBe('Retry');
    h.fail('a(0)');
    h.fail('a(1)');
    h.succeed('a(2)', 'ok');
    expect(h.node('a').children?.map((id) => h.state.nodes.get(id)?.displayName)).toEqual([
      'a(0)',
      'a(1)',
      'a(2)',
    ]);
    expect(h.node('a').phase).toBe('Succeeded');
    expect(h.node('a').outputs?.result).toBe('ok');
    expect(h.phase).toBe('Succeeded');
  });

  it('stops after exactly `limit` retries', () => {
    const h = retrying({ limit: '2' });
    h.fail('a(0)');
    h.fail('a(1)');
    h.fail('a(2)');
    expect(h.started).toHaveLength(3);
    expect(h.node('a')).toMatchObject({ phase: 'Failed', message: 'No more retries left' });
    expect(h.phase).toBe('Failed');
  });

  it('with retryPolicy OnFailure (the default) does not retry an Error', () => {
    const h = retrying({ limit: 3 });
    h.exit('a(0)', { exitCode: null, error: 'pod deleted' });
    expect(h.started).toHaveLength(1);
    expect(h.node('a').phase).toBe('Error');
  });

  it('with retryPolicy OnError retries an Error but not a failure', () => {
    const h = retrying({ limit: 3, retryPolicy: 'OnError' });
    h.exit('a(0)', { exitCode: null, error: 'pod deleted' });
    expect(h.runningNames()).toEqual(['a(1)']);
    h.fail('a(1)');
    expect(h.node('a').phase).toBe('Failed');
  });

  it('with retryPolicy Always retries both', () => {
    const h = retrying({ limit: 3, retryPolicy: 'Always' });
    h.exit('a(0)', { exitCode: null, error: 'pod deleted' });
    h.fail('a(1)');
    expect(h.runningNames()).toEqual(['a(2)']);
  });

  it('waits duration × factor^n between attempts with a SetTimer', () => {
    const h = retrying({ limit: 3, backoff: { duration: '10s', factor: 2 } });
    const first = h.fail('a(0)');
    expect(first).toContainEqual({ type: 'SetTimer', timerId: expect.any(String), at: T0 + 10_000 });
    expect(h.running.size).toBe(0);
    h.tick(9_999);
    expect(h.running.size).toBe(0);
    h.tick(1);
    expect(h.runningNames()).toEqual(['a(1)']);
    const second = h.fail('a(1)');
    expect(second).toContainEqual({
      type: 'SetTimer',
      timerId: expect.any(String),
      at: T0 + 10_000 + 20_000,
    });
  });

  it('retries only while the expression holds, with lastRetry.exitCode', () => {
    const h = retrying({ limit: 5, expression: 'asInt(lastRetry.exitCode) == 2' });
    h.fail('a(0)', 2);
    expect(h.runningNames()).toEqual(['a(1)']);
    h.fail('a(1)', 3);
    expect(h.started).toHaveLength(2);
    expect(h.node('a').phase).toBe('Failed');
  });
});

describe('exit handlers', () => {
  it('runs spec.onExit after the entrypoint, seeing workflow.status Failed when it failed', () => {
    const h = Harness.start(
      workflow({
        onExit: 'bye',
        templates: [container('main'), container('bye', { args: ['echo {{workflow.status}}'] })],
      }),
    );
    h.fail('wf');
    expect(h.runningNames()).toEqual(['wf.onExit']);
    expect(h.args('wf.onExit')).toBe('echo Failed');
    expect(h.completedPhase).toBeUndefined();
    h.succeed('wf.onExit');
    expect(h.phase).toBe('Failed');
    expect(h.completedPhase).toBe('Failed');
  });

  it('fails the workflow when the entrypoint succeeded but the exit handler failed', () => {
    const h = Harness.start(workflow({ onExit: 'bye', templates: [container('main'), container('bye')] }));
    h.succeed('wf');
    h.fail('wf.onExit');
    expect(h.phase).toBe('Failed');
  });

  /*
   *  [0] a ──(hooks.exit)──► a.onExit  reads {{steps.a.outputs.parameters.p}}
   *  [1] b  starts only after a.onExit
   */
  it('runs a step’s exit hook after the step, reading its outputs, before the next group', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [
            [
              step('a', 'gen', {
                hooks: {
                  exit: {
                    template: 'show',
                    arguments: { parameters: [{ name: 'v', value: '{{steps.a.outputs.parameters.p}}' }] },
                  },
                },
              }),
            ],
            [step('b', 'gen')],
          ]),
          container('gen', { outputs: ['p'] }),
          container('show', { inputs: ['v'], args: ['echo {{inputs.parameters.v}}'] }),
        ],
      }),
    );
    h.succeed('a', '', { p: 'out' });
    expect(h.runningNames()).toEqual(['a.onExit']);
    expect(h.args('a.onExit')).toBe('echo out');
    h.succeed('a.onExit');
    expect(h.runningNames()).toEqual(['b']);
  });

  it('runs a step’s legacy onExit template too', () => {
    const h = Harness.start(
      workflow({ templates: [steps('main', [[step('a', 'c', { onExit: 'c' })]]), container('c')] }),
    );
    h.fail('a');
    expect(h.runningNames()).toEqual(['a.onExit']);
    h.succeed('a.onExit');
    expect(h.phase).toBe('Failed');
  });
});

describe('timers, suspend and stop', () => {
  it('kills a pod past its activeDeadlineSeconds and fails it with the deadline message', () => {
    const h = Harness.start(workflow({ templates: [container('main', { activeDeadlineSeconds: 30 })] }));
    expect(h.commandsOf('SetTimer')).toEqual([
      { type: 'SetTimer', timerId: expect.any(String), at: T0 + 30_000 },
    ]);
    const fired = h.tick(30_000);
    expect(fired).toEqual([
      { type: 'KillStep', nodeId: 'wf', graceMs: expect.any(Number), reason: expect.any(String) },
    ]);
    h.exit('wf', { exitCode: 137 });
    expect(h.node('wf')).toMatchObject({
      phase: 'Failed',
      message: 'Pod was active on the node longer than the specified deadline',
    });
    expect(h.phase).toBe('Failed');
  });

  it('ignores a pod deadline timer that fires after the pod exited', () => {
    const h = Harness.start(workflow({ templates: [container('main', { activeDeadlineSeconds: 30 })] }));
    h.succeed('wf');
    expect(h.tick(60_000)).toEqual([]);
    expect(h.phase).toBe('Succeeded');
  });

  it('stops the workflow at spec.activeDeadlineSeconds', () => {
    const h = Harness.start(workflow({ activeDeadlineSeconds: 60, templates: [container('main')] }));
    const fired = h.tick(60_000);
    expect(fired.map((c) => c.type)).toEqual(['KillStep']);
    h.exit('wf', { exitCode: 143 });
    expect(h.phase).toBe('Failed');
    expect(h.state.message).toBe('Max duration limit exceeded');
  });

  it('resumes a suspend with a duration when its timer fires', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('wait', 'wait')], [step('after', 'c')]]),
          suspend('wait', '2m'),
          container('c'),
        ],
      }),
    );
    expect(h.node('wait')).toMatchObject({ type: 'Suspend', phase: 'Running' });
    expect(h.commandsOf('SetTimer')[0]?.at).toBe(T0 + 120_000);
    h.tick(119_000);
    expect(h.running.size).toBe(0);
    h.tick(1_000);
    expect(h.node('wait').phase).toBe('Succeeded');
    expect(h.runningNames()).toEqual(['after']);
  });

  it('resumes a suspend without a duration on ResumeRequested', () => {
    const h = Harness.start(
      workflow({ templates: [steps('main', [[step('wait', 'wait')]]), suspend('wait')] }),
    );
    expect(h.commandsOf('SetTimer')).toEqual([]);
    h.resume();
    expect(h.node('wait').phase).toBe('Succeeded');
    expect(h.phase).toBe('Succeeded');
  });

  it('on stop kills running pods, fails the workflow and still runs the exit handler', () => {
    const h = Harness.start(workflow({ onExit: 'bye', templates: [container('main'), container('bye')] }));
    expect(h.stop('stop')).toEqual([expect.objectContaining({ type: 'KillStep', nodeId: 'wf' })]);
    h.exit('wf', { exitCode: 143 });
    expect(h.runningNames()).toEqual(['wf.onExit']);
    h.succeed('wf.onExit');
    expect(h.phase).toBe('Failed');
    expect(h.state.message).toBe("Stopped with strategy 'Stop'");
  });

  it('on terminate does not run the exit handler', () => {
    const h = Harness.start(workflow({ onExit: 'bye', templates: [container('main'), container('bye')] }));
    h.stop('terminate');
    h.exit('wf', { exitCode: 143 });
    expect(h.has('wf.onExit')).toBe(false);
    expect(h.phase).toBe('Failed');
    expect(h.state.message).toBe("Stopped with strategy 'Terminate'");
  });

  it('fails a suspended node on stop', () => {
    const h = Harness.start(
      workflow({ templates: [steps('main', [[step('wait', 'wait')]]), suspend('wait')] }),
    );
    h.stop();
    expect(h.node('wait').phase).toBe('Failed');
    expect(h.phase).toBe('Failed');
  });
});
