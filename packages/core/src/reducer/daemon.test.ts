import { describe, expect, it } from 'vitest';
import { container, dag, Harness, step, steps, task, workflow } from './testing/builders.js';

const server = container('server', { daemon: true, args: ['serve'] });

function started(h: Harness, name: string) {
  return h.send({ type: 'StepStarted', nodeId: h.node(name).id });
}

describe('daemon steps', () => {
  /*
   *  [0] server (daemon) ─► [1] client ─► end: server killed, Succeeded
   */
  it('lets the next step group start once the daemon has started, with its ip', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [
            [step('server', 'server')],
            [step('client', 'client', { arguments: { ip: '{{steps.server.ip}}' } })],
          ]),
          server,
          container('client', { inputs: ['ip'], args: ['curl {{inputs.parameters.ip}}'] }),
        ],
      }),
    );
    expect(h.runningNames()).toEqual(['server']);
    started(h, 'server');
    expect(h.node('server')).toMatchObject({ phase: 'Running', daemoned: true, podIP: '127.0.0.1' });
    expect(h.runningNames()).toEqual(['server', 'client']);
    expect(h.args('client')).toBe('curl 127.0.0.1');
  });

  it('kills the daemon when its steps node ends and marks it Succeeded', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('server', 'server')], [step('client', 'client')]]),
          server,
          container('client'),
        ],
      }),
    );
    started(h, 'server');
    const commands = h.succeed('client');
    const kill = commands.find((c) => c.type === 'KillStep');
    expect(kill).toMatchObject({ nodeId: h.node('server').id });
    expect(h.node('server').phase).toBe('Succeeded');
    expect(h.node('server').daemoned).toBeUndefined();
    expect(h.phase).toBe('Succeeded');
    // The killed pod's exit, arriving later, changes nothing.
    h.exit('server', { exitCode: null, error: 'step terminated' });
    expect(h.node('server').phase).toBe('Succeeded');
  });

  it('does not treat a started step as daemoned unless its template is a daemon', () => {
    const h = Harness.start(
      workflow({ templates: [steps('main', [[step('a', 'a')], [step('b', 'a')]]), container('a')] }),
    );
    started(h, 'a');
    expect(h.node('a').daemoned).toBeUndefined();
    expect(h.runningNames()).toEqual(['a']);
  });

  it('fails a daemon that exits before its scope ends, as Argo does, without failing the steps', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('server', 'server')], [step('client', 'client')]]),
          server,
          container('client'),
        ],
      }),
    );
    started(h, 'server');
    h.succeed('server');
    expect(h.node('server').phase).toBe('Failed');
    h.succeed('client');
    expect(h.phase).toBe('Succeeded');
  });

  /*
   *  server (daemon) ─► client     (dag: depends "server" holds for a daemoned task)
   */
  it('starts DAG dependents of a daemoned task and kills the daemon when the DAG ends', () => {
    const h = Harness.start(
      workflow({
        templates: [
          dag('main', [
            task('server', 'server'),
            task('client', 'client', { depends: 'server', arguments: { ip: '{{tasks.server.ip}}' } }),
          ]),
          server,
          container('client', { inputs: ['ip'], args: ['curl {{inputs.parameters.ip}}'] }),
        ],
      }),
    );
    started(h, 'server');
    expect(h.args('client')).toBe('curl 127.0.0.1');
    h.succeed('client');
    expect(h.node('server').phase).toBe('Succeeded');
    expect(h.phase).toBe('Succeeded');
  });

  it('kills a daemon of a nested steps template when that template ends, not before', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('inner', 'inner')], [step('after', 'client')]]),
          steps('inner', [[step('server', 'server')], [step('client', 'client')]]),
          server,
          container('client'),
        ],
      }),
    );
    started(h, 'server');
    expect(h.node('server').phase).toBe('Running');
    h.succeed('client');
    expect(h.node('server').phase).toBe('Succeeded');
    expect(h.runningNames()).toEqual(['server', 'after']);
  });

  it('marks a Retry node daemoned with its attempt', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('server', 'server')], [step('client', 'client')]]),
          { ...server, retryStrategy: { limit: 2 } },
          container('client'),
        ],
      }),
    );
    started(h, 'server(0)');
    expect(h.node('server')).toMatchObject({ type: 'Retry', phase: 'Running', daemoned: true });
    h.succeed('client');
    expect(h.node('server').phase).toBe('Succeeded');
    expect(h.node('server(0)').phase).toBe('Succeeded');
    expect(h.phase).toBe('Succeeded');
  });
});
