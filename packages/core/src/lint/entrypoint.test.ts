import { describe, expect, it } from 'vitest';
import {
  args,
  echo,
  inputs,
  lint,
  step,
  stepsTemplate,
  workflow,
  workflowTemplate,
} from './test-builders.js';

const issue = (code: string, path: string, message: string) =>
  expect.objectContaining({ code, path, message: expect.stringContaining(message) });

describe('entrypoint and templates', () => {
  it('accepts a one-template hello world', () => {
    expect(lint(workflow([echo('main')]))).toEqual([]);
  });

  it('requires spec.entrypoint in a Workflow', () => {
    expect(lint(workflow([echo('main')], { entrypoint: undefined }))).toEqual([
      issue('missing-entrypoint', 'spec.entrypoint', 'spec.entrypoint is required'),
    ]);
  });

  it('does not require an entrypoint in a WorkflowTemplate', () => {
    expect(lint(workflowTemplate('lib', [echo('a')]))).toEqual([]);
  });

  it('reports an entrypoint naming an unknown template', () => {
    expect(lint(workflow([echo('main')], { entrypoint: 'mian' }))).toEqual([
      issue('unknown-template', 'spec.entrypoint', 'template "mian" not found'),
    ]);
  });

  it('checks the CLI entrypoint override instead of spec.entrypoint', () => {
    expect(lint(workflow([echo('main')]), { entrypoint: 'other' })).toEqual([
      issue('unknown-template', 'spec.entrypoint', 'template "other" not found'),
    ]);
  });

  it('reports an onExit naming an unknown template', () => {
    expect(lint(workflow([echo('main')], { onExit: 'cleanup' }))).toEqual([
      issue('unknown-template', 'spec.onExit', 'template "cleanup"'),
    ]);
  });

  it('reports duplicate template names at the second one', () => {
    expect(lint(workflow([echo('main'), echo('main')]))).toEqual([
      issue('duplicate-template', 'spec.templates[1].name', 'template name "main" is not unique'),
    ]);
  });

  it('reports a template name that is not a valid name', () => {
    expect(lint(workflow([echo('main'), echo('hello_world')]))).toEqual([
      issue('invalid-name', 'spec.templates[1].name', "alpha-numeric characters or '-'"),
    ]);
  });

  it('reports a template with no type', () => {
    expect(lint(workflow([{ name: 'main' }]))).toEqual([
      issue('missing-template-type', 'spec.templates[0]', 'template "main" has no type'),
    ]);
  });

  it('reports a template with several types, naming them', () => {
    const both = { ...echo('main'), script: { image: 'python', source: 'print(1)' } };
    expect(lint(workflow([both]))).toEqual([
      issue('multiple-template-types', 'spec.templates[0]', 'several types (container, script)'),
    ]);
  });

  it('collects every problem instead of stopping at the first', () => {
    const issues = lint(workflow([echo('main'), echo('main'), { name: 'x_y' }], { onExit: 'nope' }));
    expect(issues.map((i) => i.code).sort()).toEqual([
      'duplicate-template',
      'invalid-name',
      'missing-template-type',
      'unknown-template',
    ]);
  });

  it('lints the workflowSpec of a CronWorkflow under spec.workflowSpec', () => {
    const cron = {
      kind: 'CronWorkflow',
      metadata: { name: 'c' },
      spec: { schedule: '* * * * *', workflowSpec: { entrypoint: 'nope', templates: [echo('main')] } },
    };
    expect(lint(cron)).toEqual([
      issue('unknown-template', 'spec.workflowSpec.entrypoint', 'template "nope"'),
    ]);
  });
});

describe('workflowTemplateRef', () => {
  const library = workflowTemplate('lib', [
    echo('hello'),
    echo('greet', '{{inputs.parameters.who}}', inputs('who')),
  ]);

  it('takes the entrypoint from the referenced WorkflowTemplate', () => {
    const ref = { ...library, spec: { entrypoint: 'hello', templates: [echo('hello')] } };
    const wf = workflow([], {
      entrypoint: undefined,
      templates: undefined,
      workflowTemplateRef: { name: 'lib' },
    });
    expect(lint(wf, { templates: [ref as never] })).toEqual([]);
  });

  it('reports a reference to an unknown WorkflowTemplate', () => {
    const wf = workflow([], {
      entrypoint: 'hello',
      templates: undefined,
      workflowTemplateRef: { name: 'missing' },
    });
    expect(lint(wf, { templates: [library as never] })).toEqual([
      issue('unknown-workflow-template', 'spec.workflowTemplateRef', 'WorkflowTemplate "missing" not found'),
    ]);
  });

  it('looks in ClusterWorkflowTemplates when clusterScope is true', () => {
    const wf = workflow([], {
      entrypoint: 'hello',
      templates: undefined,
      workflowTemplateRef: { name: 'lib', clusterScope: true },
    });
    expect(lint(wf, { templates: [library as never] })).toEqual([
      issue(
        'unknown-workflow-template',
        'spec.workflowTemplateRef',
        'ClusterWorkflowTemplate "lib" not found',
      ),
    ]);
  });

  it('reports an entrypoint the referenced WorkflowTemplate does not have', () => {
    const wf = workflow([], {
      entrypoint: 'nope',
      templates: undefined,
      workflowTemplateRef: { name: 'lib' },
    });
    expect(lint(wf, { templates: [library as never] })).toEqual([
      issue('unknown-template', 'spec.entrypoint', 'template "nope" not found in WorkflowTemplate "lib"'),
    ]);
  });

  it('requires the entrypoint inputs of the referenced template to be supplied', () => {
    const wf = workflow([], {
      entrypoint: 'greet',
      templates: undefined,
      workflowTemplateRef: { name: 'lib' },
    });
    expect(lint(wf, { templates: [library as never] })).toEqual([
      issue('missing-argument', 'spec.arguments.parameters', 'inputs.parameters.who was not supplied'),
    ]);
    const supplied = { ...wf, spec: { ...(wf.spec as object), ...args({ who: 'me' }) } };
    expect(lint(supplied, { templates: [library as never] })).toEqual([]);
  });

  it('rejects spec.templates next to workflowTemplateRef', () => {
    const wf = workflow([echo('x')], { entrypoint: 'hello', workflowTemplateRef: { name: 'lib' } });
    expect(lint(wf, { templates: [library as never] })).toContainEqual(
      issue(
        'templates-with-workflow-template-ref',
        'spec.templates',
        'cannot be set together with workflowTemplateRef',
      ),
    );
  });
});

describe('step and task calls', () => {
  it('requires one of template, templateRef or inline', () => {
    const wf = workflow([stepsTemplate('main', [[{ name: 'a' }]])]);
    expect(lint(wf)).toEqual([
      issue(
        'missing-template',
        'spec.templates[0].steps[0][0]',
        'must set one of template, templateRef or inline',
      ),
    ]);
  });

  it('rejects a step that sets both template and inline', () => {
    const wf = workflow([stepsTemplate('main', [[step('a', 'x', { inline: echo('') })]]), echo('x')]);
    expect(lint(wf)).toContainEqual(
      issue('multiple-templates', 'spec.templates[0].steps[0][0]', 'not template and inline'),
    );
  });

  it('reports a step calling an unknown template', () => {
    const wf = workflow([stepsTemplate('main', [[step('a', 'nope')]])]);
    expect(lint(wf)).toEqual([
      issue('unknown-template', 'spec.templates[0].steps[0][0].template', 'template "nope" not found'),
    ]);
  });

  it('reports a templateRef to an unknown WorkflowTemplate', () => {
    const wf = workflow([
      stepsTemplate('main', [[{ name: 'a', templateRef: { name: 'lib', template: 'hello' } }]]),
    ]);
    expect(lint(wf)).toEqual([
      issue(
        'unknown-template-ref',
        'spec.templates[0].steps[0][0].templateRef',
        'WorkflowTemplate "lib" not found',
      ),
    ]);
  });

  it('reports a templateRef to an unknown template inside a known WorkflowTemplate', () => {
    const wf = workflow([
      stepsTemplate('main', [[{ name: 'a', templateRef: { name: 'lib', template: 'bye' } }]]),
    ]);
    expect(lint(wf, { templates: [workflowTemplate('lib', [echo('hello')]) as never] })).toEqual([
      issue(
        'unknown-template-ref',
        'spec.templates[0].steps[0][0].templateRef',
        'template "bye" not found in WorkflowTemplate "lib"',
      ),
    ]);
  });

  it('resolves a templateRef with clusterScope among ClusterWorkflowTemplates', () => {
    const wf = workflow([
      stepsTemplate('main', [
        [{ name: 'a', templateRef: { name: 'lib', template: 'hello', clusterScope: true } }],
      ]),
    ]);
    const cluster = workflowTemplate('lib', [echo('hello')], 'ClusterWorkflowTemplate');
    expect(lint(wf, { templates: [cluster as never] })).toEqual([]);
  });

  it('lints an inline template as a template of its own', () => {
    const wf = workflow([
      stepsTemplate('main', [[{ name: 'a', inline: echo('', '{{inputs.parameters.nope}}') }]]),
    ]);
    expect(lint(wf)).toEqual([
      issue(
        'unresolved-variable',
        'spec.templates[0].steps[0][0].inline.container.args[0]',
        'has no input parameter "nope"',
      ),
    ]);
  });
});
