import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from './errors.js';
import {
  formatFileIssue,
  formatNotice,
  groupByKind,
  loadManifestFiles,
  loadParameterFile,
  mergeParameters,
  pickWorkflow,
} from './load-files.js';

let dir = '';
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weft-cli-load-'));
  await writeFile(file('params.yaml'), 'message: hello\ncount: 3\nenabled: true\nlist: [1, 2]\nempty:\n');
  await writeFile(file('params.json'), '{"message": "from json", "x": "y=z"}');
  await writeFile(file('list.yaml'), '- a\n- b\n');
  await writeFile(
    file('mixed.yaml'),
    [
      'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: wf}\nspec: {entrypoint: main}',
      'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata: {name: lib}\nspec: {}',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {k: v}',
      'apiVersion: argoproj.io/v1\nkind: Workflow\nmetadata: {name: old}\nspec: {}',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}',
    ].join('\n---\n'),
  );
});

describe('loadParameterFile', () => {
  it('reads a YAML map, turning scalars into strings and lists into JSON', async () => {
    expect(await loadParameterFile(file('params.yaml'))).toEqual([
      { name: 'message', value: 'hello' },
      { name: 'count', value: '3' },
      { name: 'enabled', value: 'true' },
      { name: 'list', value: '[1,2]' },
      { name: 'empty', value: '' },
    ]);
  });

  it('reads a JSON map', async () => {
    expect(await loadParameterFile(file('params.json'))).toEqual([
      { name: 'message', value: 'from json' },
      { name: 'x', value: 'y=z' },
    ]);
  });

  it('rejects a file that is not a map', async () => {
    await expect(loadParameterFile(file('list.yaml'))).rejects.toThrow(/must be a map/);
  });

  it('names a parameter file that does not exist', async () => {
    await expect(loadParameterFile(file('absent.yaml'))).rejects.toThrow(/absent\.yaml: no such file/);
  });
});

describe('mergeParameters', () => {
  it('lets -p flags override the parameter file while keeping first positions', () => {
    const fromFile = [
      { name: 'a', value: 'file' },
      { name: 'b', value: 'file' },
    ];
    const fromFlags = [
      { name: 'c', value: 'flag' },
      { name: 'a', value: 'flag' },
    ];
    expect(mergeParameters(fromFile, fromFlags)).toEqual([
      { name: 'a', value: 'flag' },
      { name: 'b', value: 'file' },
      { name: 'c', value: 'flag' },
    ]);
  });
});

describe('loading manifests', () => {
  it('reports a missing file by name instead of throwing', async () => {
    const loaded = await loadManifestFiles([file('nope.yaml')]);
    expect(loaded.issues.map(formatFileIssue)).toEqual([`${file('nope.yaml')}: no such file`]);
  });

  it('groups objects by kind and reports what the parser rejects with its file and line', async () => {
    const loaded = await loadManifestFiles([file('mixed.yaml')]);
    const grouped = groupByKind(loaded.objects);
    expect(grouped.workflows).toHaveLength(1);
    expect(grouped.templates.map((t) => t.metadata.name)).toEqual(['lib']);
    expect(grouped.configMaps.map((c) => c.metadata.name)).toEqual(['cm']);
    expect(grouped.lintable.map((l) => l.kind)).toEqual(['Workflow', 'WorkflowTemplate']);
    const messages = loaded.issues.map(formatFileIssue);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/mixed\.yaml:\d+: apiVersion: .*argoproj\.io\/v1alpha1/);
  });

  it('keeps a Kubernetes object of a kind weft does not run as a notice, not an issue', async () => {
    const loaded = await loadManifestFiles([file('mixed.yaml')]);
    expect(loaded.notices.map(formatNotice)).toEqual([
      expect.stringMatching(
        /^note: .*mixed\.yaml:\d+: kind: Deployment \(apps\/v1\) is not a kind weft runs/,
      ),
    ]);
  });

  it('needs exactly one Workflow to run', () => {
    expect(() => pickWorkflow([], ['a.yaml'])).toThrow(InvalidInputError);
    expect(() => pickWorkflow([], ['a.yaml'])).toThrow(/no Workflow found in a\.yaml/);
    const two = [1, 2].map((line) => ({ object: {}, source: 'a.yaml', docIndex: line, line }));
    expect(() => pickWorkflow(two, ['a.yaml'])).toThrow(/found 2 Workflows \(a\.yaml:1, a\.yaml:2\)/);
  });
});
