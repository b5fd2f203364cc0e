import { describe, expect, it } from 'vitest';
import { dagTemplate, echo, inputs, lint, step, stepsTemplate, task, workflow } from './test-builders.js';

const issue = (code: string, path: string, message: string) =>
  expect.objectContaining({ code, path, message: expect.stringContaining(message) });

describe('retryStrategy', () => {
  it('reports a limit that is neither a number nor a {{…}} expression, naming retryStrategy.limit', () => {
    expect(lint(workflow([echo('main', 'hi', { retryStrategy: { limit: 'three' } })]))).toEqual([
      issue(
        'invalid-retry-limit',
        'spec.templates[0].retryStrategy.limit',
        'must be an integer or a {{…}} expression',
      ),
    ]);
  });

  it('accepts a limit as a number, a numeric string or a {{…}} expression', () => {
    const wf = workflow([
      stepsTemplate('main', [[step('a', 'x', { arguments: { parameters: [{ name: 'n', value: '2' }] } })]]),
      echo('x', 'hi', { ...inputs('n'), retryStrategy: { limit: '{{inputs.parameters.n}}' } }),
      echo('y', 'hi', { retryStrategy: { limit: 3 } }),
      echo('z', 'hi', {
        retryStrategy: { limit: '10', backoff: { duration: '1', factor: '2', cap: '1m', maxDuration: '2h' } },
      }),
    ]);
    expect(lint(wf)).toEqual([]);
  });

  it('reports backoff durations Argo cannot parse and an unknown retryPolicy', () => {
    const wf = workflow([
      echo('main', 'hi', {
        retryStrategy: { retryPolicy: 'Sometimes', backoff: { duration: '10 seconds', maxDuration: '1d' } },
      }),
    ]);
    expect(lint(wf)).toEqual([
      issue(
        'invalid-retry-policy',
        'spec.templates[0].retryStrategy.retryPolicy',
        'Sometimes is not a valid RetryPolicy',
      ),
      issue(
        'invalid-duration',
        'spec.templates[0].retryStrategy.backoff.duration',
        'unable to parse "10 seconds"',
      ),
      issue(
        'invalid-duration',
        'spec.templates[0].retryStrategy.backoff.maxDuration',
        'unable to parse "1d"',
      ),
    ]);
  });

  it('checks spec.retryStrategy too', () => {
    expect(lint(workflow([echo('main')], { retryStrategy: { limit: 'x' } }))).toEqual([
      issue('invalid-retry-limit', 'spec.retryStrategy.limit', 'must be an integer'),
    ]);
  });
});

describe('timeout and activeDeadlineSeconds', () => {
  it('rejects timeout on steps and dag templates, as Argo’s validator does', () => {
    const wf = workflow([
      stepsTemplate('main', [[step('a', 'd')]], { timeout: '10s' }),
      { ...dagTemplate('d', [task('t', 'e')]), timeout: '10s' },
      echo('e'),
    ]);
    expect(lint(wf)).toEqual([
      issue(
        'unsupported-timeout',
        'spec.templates[0].timeout',
        "Steps template doesn't support timeout field",
      ),
      issue('unsupported-timeout', 'spec.templates[1].timeout', "DAG template doesn't support timeout field"),
    ]);
  });

  it('rejects a bare number or an unparsable timeout on a leaf template', () => {
    const wf = workflow([
      stepsTemplate('main', [[step('a', 'x')], [step('b', 'y')]]),
      echo('x', 'hi', { timeout: '23' }),
      echo('y', 'hi', { timeout: 'soon' }),
    ]);
    expect(lint(wf)).toEqual([
      issue('invalid-timeout', 'spec.templates[1].timeout', 'x has invalid duration format in timeout'),
      issue('invalid-timeout', 'spec.templates[2].timeout', 'unable to parse "soon"'),
    ]);
  });

  it('rejects activeDeadlineSeconds on a steps template and a non-integer one on a leaf', () => {
    const wf = workflow([
      stepsTemplate('main', [[step('a', 'x')]], { activeDeadlineSeconds: 10 }),
      echo('x', 'hi', { activeDeadlineSeconds: '10s' }),
    ]);
    expect(lint(wf)).toEqual([
      issue(
        'unsupported-deadline',
        'spec.templates[0].activeDeadlineSeconds',
        'only valid for leaf templates',
      ),
      issue(
        'invalid-deadline',
        'spec.templates[1].activeDeadlineSeconds',
        'must be a positive integer > 0 or an argo variable',
      ),
    ]);
  });

  it('rejects a workflow activeDeadlineSeconds that is not an integer', () => {
    expect(lint(workflow([echo('main')], { activeDeadlineSeconds: '1h' }))).toEqual([
      issue('invalid-deadline', 'spec.activeDeadlineSeconds', 'must be an integer number of seconds'),
    ]);
  });
});
