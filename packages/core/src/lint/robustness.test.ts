import { describe, expect, it } from 'vitest';
import { lint } from './test-builders.js';

const garbage: Array<[string, Record<string, unknown>]> = [
  ['no spec at all', { kind: 'Workflow' }],
  ['templates that are not a list', { kind: 'Workflow', spec: { entrypoint: 'a', templates: 'a' } }],
  ['a template that is a string', { kind: 'Workflow', spec: { entrypoint: 'a', templates: ['a'] } }],
  [
    'steps that are not groups',
    { kind: 'Workflow', spec: { entrypoint: 'a', templates: [{ name: 'a', steps: [1, [null]] }] } },
  ],
  [
    'dag tasks that are not objects',
    { kind: 'Workflow', spec: { entrypoint: 'a', templates: [{ name: 'a', dag: { tasks: [null, 3] } }] } },
  ],
  [
    'arguments of the wrong shape',
    {
      kind: 'Workflow',
      spec: {
        entrypoint: 'a',
        arguments: { parameters: [null, { value: 1 }] },
        templates: [{ name: 'a', suspend: {} }],
      },
    },
  ],
];

describe('malformed manifests', () => {
  it.each(garbage)('reports problems instead of throwing for %s', (_, object) => {
    expect(() => lint(object)).not.toThrow();
    expect(lint(object).length).toBeGreaterThan(0);
  });

  it('names the missing spec of a CronWorkflow', () => {
    expect(lint({ kind: 'CronWorkflow', spec: {} })).toEqual([
      { code: 'missing-spec', path: 'spec.workflowSpec', message: 'CronWorkflow has no spec.workflowSpec' },
    ]);
  });
});
