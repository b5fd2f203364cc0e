import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseManifests, SUPPORTED_KINDS } from './index.js';

const workflow = (name: string, extra = '') =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: ${name}\n${extra}`;

describe('parseManifests', () => {
  it('loads one Workflow with its source, document index and start line', () => {
    const { objects, issues } = parseManifests(`# a comment\n${workflow('hello')}`, 'hello.yaml');
    expect(issues).toEqual([]);
    expect(objects).toHaveLength(1);
    expect(objects[0]).toMatchObject({ source: 'hello.yaml', docIndex: 0, line: 2 });
    expect(objects[0].object.metadata.name).toBe('hello');
  });

  it('numbers documents in stream order, counting empty documents but not a leading ---', () => {
    const text = `---\n${workflow('a')}---\n---\n# only a comment\n---\n${workflow('b')}`;
    const { objects, issues } = parseManifests(text, 'multi.yaml');
    expect(issues).toEqual([]);
    expect(objects.map((o) => [o.object.metadata.name, o.docIndex, o.line])).toEqual([
      ['a', 0, 2],
      ['b', 3, 10],
    ]);
  });

  it('accepts duplicate keys and keeps the last value, as Argo does', () => {
    const { objects, issues } = parseManifests(
      workflow('dup', 'spec:\n  entrypoint: a\n  entrypoint: b\n'),
      'd.yaml',
    );
    expect(issues).toEqual([]);
    expect(objects[0].object.spec).toEqual({ entrypoint: 'b' });
  });

  it('reads scalars as Kubernetes does: 0755 is octal, yes is true, dates stay strings', () => {
    const spec = 'spec:\n  mode: 0755\n  flag: yes\n  date: 2024-01-01\n  text: "0755"\n';
    const { objects } = parseManifests(workflow('scalars', spec), 's.yaml');
    expect(objects[0].object.spec).toEqual({ mode: 493, flag: true, date: '2024-01-01', text: '0755' });
  });

  it('loads JSON, ConfigMaps and Secrets, and generateName instead of name', () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cm' },
      data: { a: '1' },
    });
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  generateName: s-\n';
    expect(parseManifests(json, 'cm.json').objects[0].object.data).toEqual({ a: '1' });
    expect(parseManifests(secret, 's.yaml').objects[0].object.metadata.generateName).toBe('s-');
  });

  const ISSUE_CASES: ReadonlyArray<readonly [scenario: string, text: string, code: string, path: string]> = [
    ['invalid YAML', `${workflow('x')}spec: [\n  a: b: c\n`, 'invalid-yaml', 'bad.yaml:6:6'],
    ['a document that is a list', '- a\n- b\n', 'invalid-document', 'bad.yaml:1'],
    ['a document that is a string', 'just text\n', 'invalid-document', 'bad.yaml:1'],
    ['a missing kind', 'apiVersion: v1\nmetadata:\n  name: x\n', 'missing-kind', 'bad.yaml:1: kind'],
    [
      'an unknown Argo kind',
      'apiVersion: argoproj.io/v1alpha1\nkind: Workflw\nmetadata:\n  name: x\n',
      'unknown-kind',
      'bad.yaml:2: kind',
    ],
    [
      'a Kubernetes kind weft does not run (a notice)',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n',
      'foreign-kind',
      'bad.yaml:2: kind',
    ],
    [
      'an Argo kind with a core apiVersion',
      'apiVersion: v1\nkind: Workflow\nmetadata:\n  name: x\n',
      'invalid-api-version',
      'bad.yaml:1: apiVersion',
    ],
    [
      'a ConfigMap with an Argo apiVersion',
      'apiVersion: argoproj.io/v1alpha1\nkind: ConfigMap\nmetadata:\n  name: x\n',
      'invalid-api-version',
      'bad.yaml:1: apiVersion',
    ],
    [
      'a missing apiVersion',
      'kind: Workflow\nmetadata:\n  name: x\n',
      'invalid-api-version',
      'bad.yaml:1: apiVersion',
    ],
    ['a missing metadata', 'apiVersion: v1\nkind: Secret\n', 'missing-metadata', 'bad.yaml:1: metadata'],
    [
      'metadata without a name',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  namespace: n\n',
      'missing-name',
      'bad.yaml:4: metadata.name',
    ],
  ];

  it.each(ISSUE_CASES)('reports %s as an issue and loads no object', (_scenario, text, code, issuePath) => {
    const { objects, issues } = parseManifests(text, 'bad.yaml');
    expect(objects).toEqual([]);
    expect(issues[0]).toMatchObject({ code, path: issuePath });
    expect(issues[0].message).not.toBe('');
  });

  it('keeps loading the other documents of a file when one is invalid', () => {
    const text = `${workflow('a')}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n---\n${workflow('b')}`;
    const { objects, issues } = parseManifests(text, 'mixed.yaml');
    expect(objects.map((o) => [o.object.metadata.name, o.docIndex])).toEqual([
      ['a', 0],
      ['b', 2],
    ]);
    expect(issues.map((i) => i.path)).toEqual(['mixed.yaml:7: kind']);
  });
});

const here = path.dirname(fileURLToPath(import.meta.url));
const conformance = path.resolve(here, '../../../../../shared/conformance');
const examplesDir = path.join(conformance, 'argo-examples');

/** Files of Argo's examples that yield no object, and why (the manifest lists them with no name or kind). */
const NOT_LOADABLE: Readonly<Record<string, string>> = {
  'testvolume.yaml': 'foreign-kind', // a PersistentVolumeClaim: a notice, the object is ignored
  'workflow-count-resourcequota.yaml': 'foreign-kind', // a ResourceQuota: a notice, the object is ignored
  'grafana-dashboard.json': 'missing-kind', // a Grafana dashboard, not a Kubernetes object
  'fun-with-gifs.yaml': 'missing-name', // generateName is nested under metadata.labels
  'k8s-jobs.yaml': 'missing-name', // name is swallowed by an annotation's block scalar
};

function exampleFiles(): string[] {
  const entries = readdirSync(examplesDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
    .map((e) => path.relative(examplesDir, path.join(e.parentPath, e.name)))
    .sort();
}

describe("Argo's example manifests", () => {
  const files = exampleFiles();

  it('are all found', () => {
    expect(files.length).toBeGreaterThan(200);
  });

  it.each(files.filter((f) => NOT_LOADABLE[f] === undefined))('%s loads without issues', (file) => {
    const { objects, issues } = parseManifests(readFileSync(path.join(examplesDir, file), 'utf8'), file);
    expect(issues).toEqual([]);
    expect(objects.length).toBeGreaterThan(0);
  });

  it.each(Object.entries(NOT_LOADABLE))('%s is reported as %s, as it is genuinely invalid', (file, code) => {
    const { objects, issues } = parseManifests(readFileSync(path.join(examplesDir, file), 'utf8'), file);
    expect(objects).toEqual([]);
    expect(issues.map((i) => i.code)).toEqual([code]);
  });

  it('match argo-examples.manifest.json entry by entry (file, docIndex, kind, name)', () => {
    type Entry = { file: string; docIndex: number; apiKind: string | null; name: string | null };
    const entries = JSON.parse(
      readFileSync(path.join(conformance, 'argo-examples.manifest.json'), 'utf8'),
    ) as Entry[];
    const loadable = entries.filter(
      (e) => e.apiKind && SUPPORTED_KINDS[e.apiKind] && NOT_LOADABLE[e.file] === undefined,
    );
    expect(loadable.length).toBeGreaterThan(200);
    for (const entry of loadable) {
      const text = readFileSync(path.join(examplesDir, entry.file), 'utf8');
      const found = parseManifests(text, entry.file).objects.find((o) => o.docIndex === entry.docIndex);
      const { name, generateName } = found?.object.metadata ?? {};
      expect([entry.file, found?.object.kind, name ?? generateName]).toEqual([
        entry.file,
        entry.apiKind,
        entry.name,
      ]);
    }
  });
});

describe('lenient quoted scalars', () => {
  it('accepts a multi-line quoted argument whose closing line is indented like its key, as Argo does', () => {
    const spec = 'spec:\n  container:\n    args: ["\n      echo hello &&\n      echo bye\n    "]\n';
    const { objects, issues } = parseManifests(workflow('q', spec), 'q.yaml');
    expect(issues).toEqual([]);
    expect(objects[0].object.spec).toEqual({ container: { args: [' echo hello && echo bye '] } });
  });

  it('still reports a quoted string that is never closed', () => {
    const { objects, issues } = parseManifests(workflow('q', 'spec:\n  a: "open\n'), 'q.yaml');
    expect(objects).toEqual([]);
    expect(issues[0].code).toBe('invalid-yaml');
  });
});
