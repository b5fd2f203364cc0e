import { describe, expect, it } from 'vitest';
import { checkResume, checkSetOutputs } from './control.js';
import { container, Harness, step, steps, suspend, workflow } from './testing/builders.js';

/*
 *  [0] approve (suspend, supplied output `message`)
 *  [1] release  echo {{steps.approve.outputs.parameters.message}}
 */
function approval(output: Record<string, unknown> = {}, inputs?: unknown): Harness {
  return Harness.start(
    workflow({
      templates: [
        steps('main', [
          [step('approve', 'approve')],
          [
            step('release', 'print', {
              arguments: { message: '{{steps.approve.outputs.parameters.message}}' },
            }),
          ],
        ]),
        suspend('approve', undefined, {
          ...(inputs ? { inputs: inputs as never } : {}),
          outputs: { parameters: [{ name: 'message', valueFrom: { supplied: {}, ...output } }] },
        }),
        container('print', { inputs: ['message'], args: ['echo {{inputs.parameters.message}}'] }),
      ],
    }),
  );
}

describe('spec.suspend', () => {
  it('starts nothing while the workflow is suspended, and runs it all after a resume', () => {
    const h = Harness.start(workflow({ suspend: true, templates: [container('main')] }));
    expect(h.phase).toBe('Running');
    expect(h.state.nodes.size).toBe(0);
    expect(h.object.spec.suspend).toBe(true);
    h.resume();
    expect(h.runningNames()).toEqual(['wf']);
    expect(h.object.spec.suspend).toBeUndefined();
    h.succeed('wf');
    expect(h.phase).toBe('Succeeded');
  });

  it('stays suspended when only a node is resumed', () => {
    const h = Harness.start(workflow({ suspend: true, templates: [container('main')] }));
    expect(checkResume(h.state, 'approve')).toBe('no suspended node matches "approve"');
    h.resume('approve');
    expect(h.running.size).toBe(0);
  });

  it('fails a suspended workflow that is stopped, running its exit handler', () => {
    const h = Harness.start(
      workflow({ suspend: true, onExit: 'bye', templates: [container('main'), container('bye')] }),
    );
    h.stop('stop');
    expect(h.runningNames()).toEqual(['wf.onExit']);
    h.succeed('wf.onExit');
    expect(h.phase).toBe('Failed');
    expect(h.state.message).toBe("Stopped with strategy 'Stop'");
  });
});

describe('resuming suspend nodes', () => {
  it('shows supplied outputs on the waiting node, as Argo does', () => {
    const h = approval();
    expect(h.node('approve').outputs?.parameters).toEqual([{ name: 'message', valueFrom: { supplied: {} } }]);
  });

  it('passes values supplied with the resume to the next step', () => {
    const h = approval();
    h.send({ type: 'ResumeRequested', nodeFilter: 'approve', values: { message: 'ship it' } });
    expect(h.node('approve').phase).toBe('Succeeded');
    expect(h.output('approve', 'message')).toBe('ship it');
    expect(h.args('release')).toBe('echo ship it');
  });

  it('passes a value set with NodeOutputsSet (argo node set) once the node is resumed', () => {
    const h = approval();
    h.send({ type: 'NodeOutputsSet', nodeFilter: 'approve', values: { message: 'hello' } });
    expect(h.node('approve').phase).toBe('Running');
    expect(checkSetOutputs(h.state, 'approve', { message: 'again' })).toBe(
      "cannot set output parameter 'message' because it does not use valueFrom.supplied or it was already set",
    );
    h.resume();
    expect(h.args('release')).toBe('echo hello');
  });

  it('rejects a resume of a node whose supplied output has no value and no default, with Argo’s message', () => {
    const h = approval();
    expect(checkResume(h.state, undefined)).toBe(
      "raw output parameter 'message' has not been set and does not have a default value",
    );
    h.resume();
    expect(h.node('approve').phase).toBe('Running');
    expect(h.phase).toBe('Running');
  });

  it('gives a supplied output its own default on a plain resume', () => {
    const h = approval({ default: 'fallback' });
    h.resume('approve');
    expect(h.args('release')).toBe('echo fallback');
  });

  it('gives a supplied output the default of the input of the same name (intermediate parameters)', () => {
    const h = approval({}, { parameters: [{ name: 'message', default: 'NO', enum: ['YES', 'NO'] }] });
    expect(checkResume(h.state, undefined)).toBeUndefined();
    h.resume();
    expect(h.output('approve', 'message')).toBe('NO');
  });

  it('refuses values for an output the node does not expect', () => {
    const h = approval();
    expect(checkSetOutputs(h.state, 'approve', { other: 'x' })).toBe(
      'node "approve" is not expecting output parameter \'other\'',
    );
    expect(checkSetOutputs(h.state, 'nope', { message: 'x' })).toBe('no suspended node matches "nope"');
  });

  it('errors a suspend whose duration ends with a supplied output left unset', () => {
    const h = Harness.start(
      workflow({
        templates: [
          suspend('main', '10s', {
            outputs: { parameters: [{ name: 'message', valueFrom: { supplied: {} } }] },
          }),
        ],
      }),
    );
    h.tick(10_000);
    expect(h.node('wf')).toMatchObject({
      phase: 'Error',
      message: "raw output parameter 'message' has not been set and does not have a default value",
    });
  });
});

describe('stop and terminate (Argo’s shutdown strategies)', () => {
  function withExitHandler(): Harness {
    return Harness.start(
      workflow({
        onExit: 'bye',
        templates: [
          steps('main', [[step('a', 'c'), step('wait', 'wait')]]),
          container('c'),
          suspend('wait'),
          container('bye'),
        ],
      }),
    );
  }

  it('on stop fails running pods and suspended nodes with Argo’s messages, then runs the exit handler', () => {
    const h = withExitHandler();
    h.stop('stop');
    h.exit('a', { exitCode: 143 });
    expect(h.node('a')).toMatchObject({ phase: 'Failed', message: 'workflow shutdown with strategy:  Stop' });
    expect(h.node('wait')).toMatchObject({ phase: 'Failed', message: "Stopped with strategy 'Stop'" });
    expect(h.runningNames()).toEqual(['wf.onExit']);
    h.succeed('wf.onExit');
    expect(h.phase).toBe('Failed');
    expect(h.state.message).toBe("Stopped with strategy 'Stop'");
  });

  it('on stop leaves a running exit handler running', () => {
    const h = Harness.start(workflow({ onExit: 'bye', templates: [container('main'), container('bye')] }));
    h.succeed('wf');
    expect(h.stop('stop')).toEqual([]);
    h.succeed('wf.onExit');
    expect(h.node('wf.onExit').phase).toBe('Succeeded');
    expect(h.phase).toBe('Succeeded');
  });

  it('on terminate kills a running exit handler too', () => {
    const h = Harness.start(workflow({ onExit: 'bye', templates: [container('main'), container('bye')] }));
    h.stop('stop');
    h.exit('wf', { exitCode: 143 });
    expect(h.stop('terminate')).toEqual([
      expect.objectContaining({ type: 'KillStep', nodeId: h.node('wf.onExit').id }),
    ]);
    h.exit('wf.onExit', { exitCode: 143 });
    expect(h.node('wf.onExit')).toMatchObject({
      phase: 'Failed',
      message: 'workflow shutdown with strategy:  Terminate',
    });
    expect(h.phase).toBe('Failed');
    expect(h.state.message).toBe("Stopped with strategy 'Terminate'");
  });

  it('on terminate runs no exit handler and fails suspended nodes', () => {
    const h = withExitHandler();
    h.stop('terminate');
    h.exit('a', { exitCode: 143 });
    expect(h.node('wait')).toMatchObject({ phase: 'Failed', message: "Stopped with strategy 'Terminate'" });
    expect(h.has('wf.onExit')).toBe(false);
    expect(h.phase).toBe('Failed');
  });

  it('fails a Retry node waiting out its backoff with the strategy message', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('a', 'flaky')]]),
          container('flaky', { retryStrategy: { limit: 3, backoff: { duration: '10s' } } }),
        ],
      }),
    );
    h.fail('a(0)');
    h.stop('stop');
    expect(h.node('a')).toMatchObject({ phase: 'Failed', message: "Stopped with strategy 'Stop'" });
    expect(h.phase).toBe('Failed');
  });
});
