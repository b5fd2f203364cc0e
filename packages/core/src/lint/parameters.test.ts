import { describe, expect, it } from 'vitest';
import { args, echo, inputs, lint, step, stepsTemplate, workflow } from './test-builders.js';

const issue = (code: string, path: string, message: string) =>
  expect.objectContaining({ code, path, message: expect.stringContaining(message) });

const greeter = echo('greet', '{{inputs.parameters.who}}', inputs('who'));

describe('arguments and parameters', () => {
  it('reports an entrypoint input the workflow arguments do not supply', () => {
    expect(lint(workflow([greeter]))).toEqual([
      issue('missing-argument', 'spec.arguments.parameters', 'inputs.parameters.who was not supplied'),
    ]);
  });

  it('accepts an entrypoint input supplied by spec.arguments', () => {
    expect(lint(workflow([greeter], args({ who: 'me' })))).toEqual([]);
  });

  it('accepts a workflow parameter without a value when -p supplies it', () => {
    const wf = workflow([greeter], { arguments: { parameters: [{ name: 'who' }] } });
    expect(lint(wf)).toEqual([
      issue('missing-argument', 'spec.arguments.parameters', 'inputs.parameters.who was not supplied'),
    ]);
    expect(lint(wf, { parameters: [{ name: 'who', value: 'me' }] })).toEqual([]);
  });

  it('reports a -p override of a parameter the workflow does not declare', () => {
    expect(lint(workflow([echo('main')]), { parameters: [{ name: 'colour', value: 'red' }] })).toEqual([
      issue('unknown-parameter', 'spec.arguments.parameters', 'unknown parameter "colour"'),
    ]);
  });

  it('reports a -p override outside the enum', () => {
    const wf = workflow([echo('main')], {
      arguments: { parameters: [{ name: 'env', value: 'dev', enum: ['dev', 'prod'] }] },
    });
    expect(lint(wf, { parameters: [{ name: 'env', value: 'test' }] })).toEqual([
      issue(
        'enum-violation',
        'spec.arguments.parameters',
        'value "test" is not one of the enum values "dev", "prod"',
      ),
    ]);
  });

  it('reports a workflow argument value outside its enum', () => {
    const wf = workflow([echo('main')], {
      arguments: { parameters: [{ name: 'env', value: 'qa', enum: ['dev', 'prod'] }] },
    });
    expect(lint(wf)).toEqual([
      issue('enum-violation', 'spec.arguments.parameters[0].value', 'value "qa" is not one of'),
    ]);
  });

  it('reports a step that does not supply an input without default', () => {
    const wf = workflow([stepsTemplate('main', [[step('a', 'greet')]]), greeter]);
    expect(lint(wf)).toEqual([
      issue('missing-argument', 'spec.templates[0].steps[0][0]', 'inputs.parameters.who was not supplied'),
    ]);
  });

  it('accepts a step passing a parameter the template has no input for, as Argo does', () => {
    const wf = workflow([stepsTemplate('main', [[step('a', 'e', args({ extra: '1' }))]]), echo('e')]);
    expect(lint(wf)).toEqual([]);
  });

  it('reports a step argument with neither value nor valueFrom', () => {
    const wf = workflow([
      stepsTemplate('main', [[step('a', 'greet', { arguments: { parameters: [{ name: 'who' }] } })]]),
      greeter,
    ]);
    expect(lint(wf)).toEqual([
      issue(
        'missing-value',
        'spec.templates[0].steps[0][0].arguments.parameters[0]',
        'parameter "who" needs value or valueFrom',
      ),
    ]);
  });

  it('reports a literal step argument outside the enum of the input it fills', () => {
    const picky = { ...echo('picky'), inputs: { parameters: [{ name: 'size', enum: ['s', 'm'] }] } };
    const wf = workflow([stepsTemplate('main', [[step('a', 'picky', args({ size: 'xl' }))]]), picky]);
    expect(lint(wf)).toEqual([
      issue(
        'enum-violation',
        'spec.templates[0].steps[0][0]',
        'value "xl" is not one of the enum values "s", "m"',
      ),
    ]);
  });

  it('reports an input artifact that no caller supplies', () => {
    const reader = { ...echo('read'), inputs: { artifacts: [{ name: 'data', path: '/tmp/d' }] } };
    const wf = workflow([stepsTemplate('main', [[step('a', 'read')]]), reader]);
    expect(lint(wf)).toEqual([
      issue('missing-argument', 'spec.templates[0].steps[0][0]', 'inputs.artifacts.data was not supplied'),
    ]);
  });

  it('requires values of workflow arguments in a CronWorkflow', () => {
    const cron = {
      kind: 'CronWorkflow',
      metadata: { name: 'c' },
      spec: {
        workflowSpec: {
          entrypoint: 'main',
          arguments: { parameters: [{ name: 'x' }] },
          templates: [echo('main')],
        },
      },
    };
    expect(lint(cron)).toEqual([
      issue(
        'missing-value',
        'spec.workflowSpec.arguments.parameters[0]',
        'parameter "x" needs value or valueFrom',
      ),
    ]);
  });
});
