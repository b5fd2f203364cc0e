import { describe, expect, it } from 'vitest';
import { definitionToYaml, parseDefinitionYaml } from './definition-yaml';

const template = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'WorkflowTemplate',
  metadata: { name: 'build', namespace: 'default' },
  spec: {
    entrypoint: 'main',
    templates: [{ name: 'main', script: { image: 'alpine', source: 'echo one\necho two\n' } }],
  },
};

describe('the definition as YAML', () => {
  it('shows a template as block YAML that parses back to the same object', () => {
    const text = definitionToYaml(template);
    expect(text).toContain('entrypoint: main\n');
    expect(text).not.toContain('{');
    expect(parseDefinitionYaml(text)).toEqual({ ok: true, value: template });
  });

  it('puts apiVersion, kind, metadata and spec first, whatever order the server sent them in', () => {
    const { apiVersion, kind, ...rest } = template;
    const text = definitionToYaml({ status: {}, ...rest, apiVersion, kind });
    const topLevel = text.split('\n').filter((line) => /^\w/.test(line));
    expect(topLevel.map((line) => line.split(':')[0])).toEqual([
      'apiVersion',
      'kind',
      'metadata',
      'spec',
      'status',
    ]);
  });

  it('shows a multi-line script as a literal block, one script line per YAML line', () => {
    const text = definitionToYaml(template);
    expect(text).toMatch(/source: \|\n\s+echo one\n\s+echo two\n/);
  });

  it('names the line and column of a syntax error', () => {
    const text = definitionToYaml(template).replace('entrypoint: main', 'entrypoint: [main');
    const parsed = parseDefinitionYaml(text);
    expect(parsed.ok).toBe(false);
    const line = text.split('\n').findIndex((l) => l.includes('[main')) + 1;
    if (!parsed.ok)
      expect(parsed.message).toMatch(new RegExp(`^YAML line (${line}|${line + 1}), column \\d+: `));
  });

  it('reports a duplicated key on the line of the second one', () => {
    const parsed = parseDefinitionYaml('kind: WorkflowTemplate\nmetadata: {}\nkind: Workflow\n');
    expect(parsed).toEqual({ ok: false, message: 'YAML line 3, column 1: Map keys must be unique' });
  });

  it('refuses a list, a scalar or empty text, since a definition is a mapping', () => {
    for (const text of ['- a\n- b\n', 'just words', '']) {
      const parsed = parseDefinitionYaml(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(/must be a mapping/);
    }
  });

  it('reports an alias to an anchor that is not defined instead of throwing', () => {
    const parsed = parseDefinitionYaml('metadata: *missing\n');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/^YAML.*missing/);
  });

  it('reports a second document, since the editor holds one template', () => {
    const parsed = parseDefinitionYaml('kind: WorkflowTemplate\n---\nkind: Workflow\n');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/^YAML line 2/);
  });
});
