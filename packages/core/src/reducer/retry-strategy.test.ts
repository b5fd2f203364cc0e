import { describe, expect, it } from 'vitest';
import type { RetryStrategy, Template } from '../spec/types.js';
import { decideRetry, humanDuration } from './templates/retry-policy.js';
import { container, Harness, step, steps, T0, workflow } from './testing/builders.js';

/*
 *  main (Steps) ─► a (Retry) ─► a(0), a(1), …   each attempt a container "flaky"
 */
function retrying(retryStrategy: RetryStrategy, extra: Partial<Template> = {}): Harness {
  return Harness.start(
    workflow({
      templates: [steps('main', [[step('a', 'flaky')]]), container('flaky', { retryStrategy, ...extra })],
    }),
  );
}

function failUntilDone(h: Harness, name: string, ms: number): number[] {
  const startedAt: number[] = [];
  for (let n = 0; h.node(name).phase === 'Running' && n < 50; n++) {
    startedAt.push(h.now - T0);
    h.fail(`${name}(${n})`);
    h.tick(ms);
    while (h.running.size === 0 && h.timers.size > 0 && h.node(name).phase === 'Running') h.tick(100);
  }
  return startedAt;
}

describe('retryStrategy.limit', () => {
  it('reads a limit written as a {{inputs.parameters}} tag in the template’s scope', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('a', 'flaky', { arguments: { n: '1' } })]]),
          container('flaky', { inputs: ['n'], retryStrategy: { limit: '{{inputs.parameters.n}}' } }),
        ],
      }),
    );
    h.fail('a(0)');
    h.fail('a(1)');
    expect(h.started).toHaveLength(2);
    expect(h.node('a')).toMatchObject({ phase: 'Failed', message: 'No more retries left' });
  });

  it('reads a limit written as an {{= expression }}', () => {
    const h = Harness.start(
      workflow({
        templates: [
          steps('main', [[step('a', 'flaky', { arguments: { n: '1' } })]]),
          container('flaky', {
            inputs: ['n'],
            retryStrategy: { limit: '{{=asInt(inputs.parameters.n) + 1}}' },
          }),
        ],
      }),
    );
    for (let n = 0; n < 3; n++) h.fail(`a(${n})`);
    expect(h.started).toHaveLength(3);
    expect(h.node('a').phase).toBe('Failed');
  });

  it('makes the Retry node Error when the limit is not an integer, as Argo does', () => {
    const h = retrying({ limit: 'three' });
    h.fail('a(0)');
    expect(h.node('a')).toMatchObject({
      phase: 'Error',
      message: "value 'three' cannot be resolved to an int",
    });
  });

  it('retries without end when there is no limit', () => {
    const h = retrying({});
    for (let n = 0; n < 20; n++) h.fail(`a(${n})`);
    h.succeed('a(20)');
    expect(h.node('a').phase).toBe('Succeeded');
  });
});

describe('spec.retryStrategy', () => {
  it('is the default for a template without its own retryStrategy', () => {
    const h = Harness.start(workflow({ retryStrategy: { limit: 1 }, templates: [container('main')] }));
    expect(h.node('wf').type).toBe('Retry');
    h.fail('wf(0)');
    h.fail('wf(1)');
    expect(h.started).toHaveLength(2);
    expect(h.node('wf')).toMatchObject({ phase: 'Failed', message: 'No more retries left' });
  });

  it('applies to steps templates too, as Argo applies it to every template', () => {
    const h = Harness.start(
      workflow({
        retryStrategy: { limit: 1 },
        templates: [steps('main', [[step('a', 'c')]]), container('c', { retryStrategy: { limit: 0 } })],
      }),
    );
    expect(h.node('wf').type).toBe('Retry');
    h.fail('a(0)');
    // The steps attempt wf(0) failed: the workflow-level strategy starts wf(1) with a fresh step a.
    expect(h.has('wf(1)')).toBe(true);
    expect(h.runningNames()).toEqual(['a(0)']);
    expect(h.started).toHaveLength(2);
  });

  it('gives way to the template’s own retryStrategy', () => {
    const h = Harness.start(
      workflow({
        retryStrategy: { limit: 5 },
        templates: [container('main', { retryStrategy: { limit: 0 } })],
      }),
    );
    h.fail('wf(0)');
    expect(h.started).toHaveLength(1);
    expect(h.phase).toBe('Failed');
  });
});

describe('retryPolicy', () => {
  it('OnTransientError retries an attempt whose message is one of Argo’s transient errors', () => {
    const h = retrying({ limit: 3, retryPolicy: 'OnTransientError' });
    h.exit('a(0)', { exitCode: null, error: 'dial tcp 10.0.0.1:443: connect: connection refused' });
    expect(h.runningNames()).toEqual(['a(1)']);
    h.exit('a(1)', { exitCode: null, error: 'no such file' });
    expect(h.node('a')).toMatchObject({ phase: 'Error', message: 'no such file' });
  });

  it('OnTransientError also honours TRANSIENT_ERROR_PATTERN', () => {
    const attempt = {
      id: 'x',
      name: 'a(0)',
      displayName: 'a(0)',
      type: 'Pod',
      phase: 'Failed',
      message: 'Error (exit code 3)',
    } as const;
    const facts = {
      attempts: [attempt],
      now: T0,
      lastFinishedAt: T0,
      firstStartedAt: T0,
      backoffDone: false,
    };
    const strategy: RetryStrategy = { retryPolicy: 'OnTransientError' };
    expect(decideRetry({ ...facts, strategy }).kind).toBe('giveUp');
    expect(decideRetry({ ...facts, strategy, transientErrorPattern: 'exit code [34]' }).kind).toBe('retry');
  });

  it('defaults to Always when an expression is given, so the expression alone decides', () => {
    const h = retrying({ limit: 3, expression: 'lastRetry.status == "Error"' });
    h.exit('a(0)', { exitCode: null, error: 'pod deleted' });
    expect(h.runningNames()).toEqual(['a(1)']);
    h.fail('a(1)');
    expect(h.node('a')).toMatchObject({
      phase: 'Failed',
      message: 'retryStrategy.expression evaluated to false',
    });
  });

  it('gives up with the attempt’s own message when the policy does not cover its phase', () => {
    const h = retrying({ limit: 3, retryPolicy: 'OnError' });
    h.fail('a(0)', 2);
    expect(h.node('a')).toMatchObject({ phase: 'Failed', message: 'Error (exit code 2)' });
  });
});

describe('{{retries}} and {{lastRetry.*}} inside the retried template', () => {
  it('gives each attempt its number and the previous attempt’s exit code, status and message', () => {
    const h = retrying(
      { limit: 2 },
      {
        container: {
          image: 'alpine',
          command: ['sh', '-c'],
          args: ['echo {{retries}} {{lastRetry.exitCode}} {{lastRetry.status}}'],
        },
      },
    );
    expect(h.args('a(0)')).toBe('echo 0 0 ');
    h.fail('a(0)', 7);
    expect(h.args('a(1)')).toBe('echo 1 7 Failed');
  });
});

describe('backoff', () => {
  it('waits duration × factor^(attempt − 1), capped, from each failure: 1, 2, 4, 5, 5 seconds', () => {
    const h = retrying({ limit: 5, backoff: { duration: '1', factor: '2', cap: '5' } });
    const starts = failUntilDone(h, 'a', 0);
    expect(starts).toEqual([0, 1_000, 3_000, 7_000, 12_000, 17_000]);
    expect(h.node('a')).toMatchObject({ phase: 'Failed', message: 'No more retries left' });
  });

  it('shows Argo’s "Backoff for …" message on the Retry node while it waits, and clears it after', () => {
    const h = retrying({ limit: 3, backoff: { duration: '90s' } });
    h.fail('a(0)');
    expect(h.node('a').message).toBe('Backoff for 1 minute 30 seconds');
    h.tick(90_000);
    expect(h.runningNames()).toEqual(['a(1)']);
    expect(h.node('a').message).toBeUndefined();
  });

  it('gives up early when the next backoff would end after maxDuration', () => {
    const h = retrying({ limit: 10, backoff: { duration: '10s', maxDuration: '25s' } });
    h.fail('a(0)');
    h.tick(10_000);
    h.tick(2_000);
    h.fail('a(1)'); // T0+12s: the backoff ends at 22s, inside 25s
    h.tick(10_000);
    h.tick(2_000);
    h.fail('a(2)'); // T0+24s: it would end at 34s
    expect(h.started).toHaveLength(3);
    expect(h.node('a')).toMatchObject({
      phase: 'Failed',
      message: 'Backoff would exceed max duration limit',
    });
  });

  it('stops once maxDuration has passed since the first attempt started', () => {
    const h = retrying({ limit: 10, backoff: { duration: '1s', maxDuration: '1m' } });
    h.now += 61_000;
    h.fail('a(0)');
    expect(h.node('a')).toMatchObject({ phase: 'Failed', message: 'Max duration limit exceeded' });
  });

  it('kills a later attempt still running at the maxDuration deadline, as Argo’s executor does', () => {
    const h = retrying({ limit: 10, backoff: { duration: '5s', maxDuration: '30s' } });
    h.fail('a(0)');
    h.tick(5_000);
    const fired = h.tick(25_000);
    expect(fired).toContainEqual(expect.objectContaining({ type: 'KillStep', nodeId: h.node('a(1)').id }));
    h.exit('a(1)', { exitCode: 143 });
    expect(h.node('a(1)')).toMatchObject({ phase: 'Failed', message: 'Step exceeded its deadline' });
    expect(h.node('a')).toMatchObject({
      phase: 'Failed',
      message: 'Backoff would exceed max duration limit',
    });
  });

  it('does not wait at all when the strategy has no limit (Argo waits only while under a limit)', () => {
    const h = retrying({ backoff: { duration: '10s' } });
    h.fail('a(0)');
    expect(h.runningNames()).toEqual(['a(1)']);
  });

  it('makes the Retry node Error when the backoff has no duration', () => {
    const h = retrying({ limit: 2, backoff: { factor: 2 } });
    h.fail('a(0)');
    expect(h.node('a')).toMatchObject({
      phase: 'Error',
      message: 'no base duration specified for retryStrategy',
    });
  });
});

describe('retries and the workflow’s end', () => {
  it('gives up a waiting Retry node with "retry exceeded workflow deadline …" past spec.activeDeadlineSeconds', () => {
    const h = Harness.start(
      workflow({
        activeDeadlineSeconds: 60,
        templates: [
          steps('main', [[step('a', 'flaky')]]),
          container('flaky', { retryStrategy: { limit: 3 } }),
        ],
      }),
    );
    h.tick(60_000);
    h.exit('a(0)', { exitCode: 143 });
    expect(h.node('a')).toMatchObject({
      phase: 'Failed',
      message: 'retry exceeded workflow deadline 2024-01-02 03:05:05 +0000 UTC',
    });
    expect(h.started).toHaveLength(1);
  });
});

describe('humanDuration', () => {
  it('writes durations as Argo’s humanize.Duration does', () => {
    expect(humanDuration(500)).toBe('0 seconds');
    expect(humanDuration(1_000)).toBe('1 second');
    expect(humanDuration(59_000)).toBe('59 seconds');
    expect(humanDuration(60_000)).toBe('1 minute 0 seconds');
    expect(humanDuration(150_000)).toBe('2 minutes 30 seconds');
    expect(humanDuration(7_200_000)).toBe('2 hours 0 minutes');
    expect(humanDuration(86_400_000)).toBe('1 day 0 hours');
  });
});
