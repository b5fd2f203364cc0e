import { describe, expect, it } from 'vitest';
import { args, echo, inputs, lint, outputs, step, stepsTemplate, workflow } from './test-builders.js';

const issue = (code: string, path: string, message: string) =>
  expect.objectContaining({ code, path, message: expect.stringContaining(message) });

describe('steps templates', () => {
  it('reports duplicate step names across groups of one template', () => {
    const wf = workflow([stepsTemplate('main', [[step('a', 'e')], [step('a', 'e')]]), echo('e')]);
    expect(lint(wf)).toEqual([
      issue('duplicate-step', 'spec.templates[0].steps[1][0].name', 'step name "a" is not unique'),
    ]);
  });

  it('reports a step name that is not valid', () => {
    const wf = workflow([stepsTemplate('main', [[step('do_it', 'e')]]), echo('e')]);
    expect(lint(wf)).toEqual([
      issue('invalid-name', 'spec.templates[0].steps[0][0].name', 'step name "do_it" is invalid'),
    ]);
  });

  it('accepts a step name built from a parameter', () => {
    const wf = workflow([
      stepsTemplate('main', [[step('run-{{inputs.parameters.n}}', 'e')]], {
        inputs: { parameters: [{ name: 'n', value: '1' }] },
      }),
      echo('e'),
    ]);
    expect(lint(wf)).toEqual([]);
  });

  it('lets a step read outputs of a step in an earlier group', () => {
    const wf = workflow([
      stepsTemplate('main', [
        [step('a', 'out')],
        [step('b', 'in', args({ x: '{{steps.a.outputs.parameters.p}}' }))],
      ]),
      echo('out', 'x', outputs('p')),
      echo('in', '{{inputs.parameters.x}}', inputs('x')),
    ]);
    expect(lint(wf)).toEqual([]);
  });

  it('reports a step reading a step of the same group', () => {
    const wf = workflow([
      stepsTemplate('main', [[step('a', 'out'), step('b', 'in', args({ x: '{{steps.a.outputs.result}}' }))]]),
      echo('out'),
      echo('in', '{{inputs.parameters.x}}', inputs('x')),
    ]);
    expect(lint(wf)).toEqual([
      issue(
        'unresolved-variable',
        'spec.templates[0].steps[0][1].arguments.parameters[0].value',
        'step "a" is in the same step group',
      ),
    ]);
  });

  it('reports a step reading a step of a later group', () => {
    const wf = workflow([
      stepsTemplate('main', [
        [step('a', 'e', { when: '{{steps.b.status}} == Succeeded' })],
        [step('b', 'e')],
      ]),
      echo('e'),
    ]);
    expect(lint(wf)).toEqual([
      issue('unresolved-variable', 'spec.templates[0].steps[0][0].when', 'step "b" runs later (steps[1])'),
    ]);
  });

  it('reports outputs.result of a step whose template has none', () => {
    const wf = workflow([
      stepsTemplate('main', [
        [step('a', 'inner')],
        [step('b', 'e', { when: '{{steps.a.outputs.result}} == x' })],
      ]),
      stepsTemplate('inner', [[step('x', 'e')]]),
      echo('e'),
    ]);
    expect(lint(wf)).toEqual([
      issue(
        'unresolved-variable',
        'spec.templates[0].steps[1][0].when',
        'step "a" runs a template with no result',
      ),
    ]);
  });

  it('lets the outputs of a steps template read any of its steps', () => {
    const wf = workflow([
      stepsTemplate('main', [[step('a', 'out')]], {
        outputs: {
          parameters: [{ name: 'r', valueFrom: { parameter: '{{steps.a.outputs.parameters.p}}' } }],
        },
      }),
      echo('out', 'x', outputs('p')),
    ]);
    expect(lint(wf)).toEqual([]);
  });

  it('reports tasks.X used inside a steps template', () => {
    const wf = workflow([
      stepsTemplate('main', [[step('a', 'e', { when: '{{tasks.a.status}} == x' })]]),
      echo('e'),
    ]);
    expect(lint(wf)).toEqual([
      issue(
        'unresolved-variable',
        'spec.templates[0].steps[0][0].when',
        'can only be used inside a dag template',
      ),
    ]);
  });

  it('reports setting more than one of withItems, withParam and withSequence', () => {
    const wf = workflow([
      stepsTemplate('main', [[step('a', 'e', { withItems: [1], withParam: '[1]' })]]),
      echo('e'),
    ]);
    expect(lint(wf)).toEqual([
      issue(
        'multiple-loops',
        'spec.templates[0].steps[0][0]',
        'only one of withItems, withParam, withSequence',
      ),
    ]);
  });

  it('reports an unterminated tag in when', () => {
    const wf = workflow([
      stepsTemplate('main', [[step('a', 'e', { when: '{{workflow.name == x' })]]),
      echo('e'),
    ]);
    expect(lint(wf)).toEqual([
      issue('unterminated-tag', 'spec.templates[0].steps[0][0].when', 'without a closing "}}"'),
    ]);
  });
});
