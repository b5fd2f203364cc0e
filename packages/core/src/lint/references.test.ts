import { describe, expect, it } from 'vitest';
import {
  echo,
  inputs,
  lint,
  outputs,
  step,
  stepsTemplate,
  workflow,
  workflowTemplate,
} from './test-builders.js';

const issue = (code: string, path: string, message: string) =>
  expect.objectContaining({ code, path, message: expect.stringContaining(message) });
const ARG0 = 'spec.templates[0].container.args[0]';
const withDefault = (name: string) => ({ inputs: { parameters: [{ name, value: 'v' }] } });

describe('{{…}} references', () => {
  it('accepts the workflow variables Argo always provides', () => {
    const text =
      '{{workflow.name}} {{workflow.namespace}} {{workflow.uid}} {{workflow.status}} {{workflow.creationTimestamp.Y}} {{workflow.duration}} {{workflow.mainEntrypoint}} {{workflow.serviceAccountName}} {{pod.name}} {{retries}} {{node.name}}';
    expect(lint(workflow([echo('main', text)]))).toEqual([]);
  });

  it('reports an input parameter the template does not declare', () => {
    expect(lint(workflow([echo('main', '{{inputs.parameters.msg}}')]))).toEqual([
      issue('unresolved-variable', ARG0, 'template "main" has no input parameter "msg"'),
    ]);
  });

  it('reports an input artifact the template does not declare', () => {
    expect(lint(workflow([echo('main', '{{inputs.artifacts.data.path}}')]))).toEqual([
      issue('unresolved-variable', ARG0, 'has no input artifact "data"'),
    ]);
  });

  it('reports a workflow parameter missing from spec.arguments', () => {
    expect(lint(workflow([echo('main', '{{workflow.parameters.who}}')]))).toEqual([
      issue('unresolved-variable', ARG0, 'workflow has no parameter "who"'),
    ]);
  });

  it('accepts any workflow parameter in a WorkflowTemplate, which its Workflow may supply', () => {
    expect(lint(workflowTemplate('lib', [echo('a', '{{workflow.parameters.who}}')]))).toEqual([]);
  });

  it('reports a label the workflow does not have', () => {
    expect(lint(workflow([echo('main', '{{workflow.labels.team}}')]))).toEqual([
      issue('unresolved-variable', ARG0, 'workflow has no label "team"'),
    ]);
  });

  it('reports workflow.outputs.parameters.X when no output has globalName X', () => {
    const wf = workflow([
      echo('main', '{{workflow.outputs.parameters.g}}'),
      echo('other', 'x', outputs('p')),
    ]);
    expect(lint(wf)).toEqual([issue('unresolved-variable', ARG0, 'no output parameter has globalName "g"')]);
  });

  it('accepts workflow.outputs.parameters.X when some output has globalName X', () => {
    const producer = {
      ...echo('other'),
      outputs: { parameters: [{ name: 'p', globalName: 'g', valueFrom: { path: '/p' } }] },
    };
    expect(lint(workflow([echo('main', '{{workflow.outputs.parameters.g}}'), producer]))).toEqual([]);
  });

  it('reports workflow.failures without an exit handler and accepts it with one', () => {
    expect(lint(workflow([echo('main', '{{workflow.failures}}')]))).toEqual([
      issue('unresolved-variable', ARG0, 'only available when the workflow has an onExit handler'),
    ]);
    expect(lint(workflow([echo('main', '{{workflow.failures}}')], { onExit: 'main' }))).toEqual([]);
  });

  it('reports {{item}} outside a loop', () => {
    expect(lint(workflow([echo('main', '{{item}}')]))).toEqual([
      issue('unresolved-variable', ARG0, 'item is only available in a step or task with withItems'),
    ]);
  });

  it('accepts {{item.field}} of withItems maps and reports an unknown field', () => {
    const looping = (text: string) =>
      workflow([
        stepsTemplate('main', [
          [
            step('a', 'p', {
              withItems: [{ os: 'linux' }],
              arguments: { parameters: [{ name: 'x', value: text }] },
            }),
          ],
        ]),
        echo('p', 'x', inputs('x')),
      ]);
    expect(lint(looping('{{item.os}}'))).toEqual([]);
    expect(lint(looping('{{item.arch}}'))).toEqual([
      issue(
        'unresolved-variable',
        'spec.templates[0].steps[0][0].arguments.parameters[0].value',
        'no item of withItems has a field "arch"',
      ),
    ]);
  });

  it('accepts any {{item.field}} with withParam', () => {
    const wf = workflow([
      stepsTemplate('main', [
        [
          step('a', 'p', {
            withParam: '[]',
            arguments: { parameters: [{ name: 'x', value: '{{item.anything}}' }] },
          }),
        ],
      ]),
      echo('p', 'x', inputs('x')),
    ]);
    expect(lint(wf)).toEqual([]);
  });

  it('reports an output parameter of the template itself that is not declared', () => {
    expect(lint(workflow([echo('main', '{{outputs.parameters.nope.path}}')]))).toEqual([
      issue('unresolved-variable', ARG0, 'has no output parameter "nope"'),
    ]);
  });

  it('reports a syntax error in an expression tag, naming the expression', () => {
    const issues = lint(workflow([echo('main', '{{= 1 + }}', withDefault('x'))]));
    expect(issues).toEqual([issue('expression-syntax', ARG0, 'invalid expression {{= 1 + }}')]);
  });

  it('checks the inputs an expression tag reads', () => {
    expect(
      lint(workflow([echo('main', "{{=inputs.parameters['x'] + inputs.parameters.y}}", withDefault('x'))])),
    ).toEqual([issue('unresolved-variable', ARG0, 'failed to resolve "inputs.parameters.y"')]);
  });

  it('checks the steps an expression tag reads', () => {
    const wf = workflow([
      stepsTemplate('main', [
        [step('a', 'e')],
        [step('b', 'e', { when: "{{=steps['zz'].outputs.result == 'x'}}" })],
      ]),
      echo('e'),
    ]);
    expect(lint(wf)).toEqual([
      issue('unresolved-variable', 'spec.templates[0].steps[1][0].when', 'no step named "zz"'),
    ]);
  });

  it('leaves unknown roots such as sprig functions and retries alone', () => {
    expect(
      lint(workflow([echo('main', "{{=sprig.upper('x')}} {{retries}} {{lastRetry.exitCode}}")])),
    ).toEqual([]);
  });
});
