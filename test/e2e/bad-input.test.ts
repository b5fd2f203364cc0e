/** Bad input never runs anything: exit 2, every problem named with its place, no stack trace. */
import { describe, expect, it } from 'vitest';
import { scratch, weft, workflowYaml } from './weft.js';

const echo = { name: 'echo', container: { image: 'busybox', command: ['echo', 'hi'] } };

function expectRejected(files: Record<string, string>, args: string[], ...fragments: string[]) {
  const dir = scratch(files);
  const result = weft(['run', ...args, '-o', 'json'], dir);
  expect(result.status, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  for (const fragment of fragments) expect(result.stderr).toContain(fragment);
}

describe('weft run with bad input', () => {
  it('rejects a file that does not exist, naming it', () => {
    expectRejected({}, ['missing.yaml'], 'missing.yaml');
  });

  it('rejects invalid YAML with its line', () => {
    expectRejected(
      { 'wf.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec: [\n  a: b: c\n' },
      ['wf.yaml'],
      'wf.yaml:',
    );
  });

  it('rejects a wrong apiVersion', () => {
    const text = workflowYaml({ entrypoint: 'echo', templates: [echo] }).replace(
      'argoproj.io/v1alpha1',
      'argoproj.io/v2',
    );
    expectRejected({ 'wf.yaml': text }, ['wf.yaml'], 'apiVersion');
  });

  it('rejects a step naming a template that does not exist', () => {
    const text = workflowYaml({
      entrypoint: 'main',
      templates: [{ name: 'main', steps: [[{ name: 'a', template: 'nope' }]] }],
    });
    expectRejected({ 'wf.yaml': text }, ['wf.yaml'], 'spec.templates[0].steps[0][0]', 'nope');
  });

  it('rejects a workflowTemplateRef to a WorkflowTemplate that was not given', () => {
    const text = workflowYaml({ workflowTemplateRef: { name: 'absent' } });
    expectRejected({ 'wf.yaml': text }, ['wf.yaml'], 'workflowTemplateRef', 'absent');
  });

  it('rejects a -p parameter the workflow does not declare', () => {
    const text = workflowYaml({
      entrypoint: 'echo',
      arguments: { parameters: [{ name: 'x', value: '1' }] },
      templates: [echo],
    });
    expectRejected({ 'wf.yaml': text }, ['wf.yaml', '-p', 'y=2'], 'y');
  });

  it('rejects a dependency cycle, showing it', () => {
    const dag = {
      tasks: [
        { name: 'a', template: 'echo', depends: 'b' },
        { name: 'b', template: 'echo', depends: 'a' },
      ],
    };
    const text = workflowYaml({ entrypoint: 'main', templates: [{ name: 'main', dag }, echo] });
    expectRejected({ 'wf.yaml': text }, ['wf.yaml'], 'spec.templates[0].dag', 'a -> b -> a');
  });

  it('rejects an expression tag with a syntax error, naming the expression', () => {
    const broken = { name: 'echo', container: { image: 'busybox', command: ['echo', '{{= 1 + }}'] } };
    expectRejected(
      { 'wf.yaml': workflowYaml({ entrypoint: 'echo', templates: [broken] }) },
      ['wf.yaml'],
      '1 +',
    );
  });
});
