import {
  type Document,
  type DocumentOptions,
  isMap,
  isScalar,
  LineCounter,
  type Node,
  type ParseOptions,
  parseAllDocuments,
  type SchemaOptions,
  type YAMLMap,
} from 'yaml';
import { type Issue, issue } from '../issues/issue.js';
import { reindentQuotedScalars } from './lenient-quotes.js';

/**
 * Loads Argo objects from one file's text, YAML (one or many documents) or JSON, as leniently as
 * Argo's own loader (sigs.k8s.io/yaml over YAML 1.1):
 *
 * ```
 * text ─► YAML 1.1 documents ─► skip empty ─► check apiVersion / kind / metadata ─► LoadedObject[]
 *                 └──────────────── every problem ──────────────────────────────► Issue[]
 * ```
 *
 * - Duplicate keys are accepted; the last one wins.
 * - YAML 1.1 scalars, as Kubernetes reads them: `mode: 0755` is octal (493), `yes`/`no`/`on`/`off`
 *   are booleans, `<<` merges. Dates and `1:20` stay strings (weft gives them no special type).
 * - `docIndex` is the position in the file's document stream, empty documents included (a file
 *   that starts with `---` has no empty document before it). This is the numbering of
 *   `argo-examples.manifest.json` (`file#docIndex`).
 */

/** An Argo (or Kubernetes) object as written in a manifest. */
export type ArgoObject = {
  apiVersion: string;
  kind: string;
  metadata: { name?: string; generateName?: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
};

/** One object and where it was read from. */
export interface LoadedObject {
  readonly object: ArgoObject;
  /** File name, as passed to `parseManifests`. */
  readonly source: string;
  /** Index among all documents of the file, empty ones included. */
  readonly docIndex: number;
  /** 1-based line where the document's content starts. */
  readonly line: number;
}

/** The kinds weft loads, with the apiVersion each must declare. */
export const SUPPORTED_KINDS: Readonly<Record<string, string>> = {
  Workflow: 'argoproj.io/v1alpha1',
  WorkflowTemplate: 'argoproj.io/v1alpha1',
  ClusterWorkflowTemplate: 'argoproj.io/v1alpha1',
  CronWorkflow: 'argoproj.io/v1alpha1',
  WorkflowEventBinding: 'argoproj.io/v1alpha1',
  ConfigMap: 'v1',
  Secret: 'v1',
};

/**
 * The code of the one issue that is a notice, not an error: a Kubernetes object of a kind weft does
 * not manage (e.g. a PersistentVolumeClaim applied beside a workflow). Callers report and skip it.
 */
export const foreignKindCode = 'foreign-kind';

/** Scalars as sigs.k8s.io/yaml (YAML 1.1) reads them, minus timestamps and base-60 numbers. */
const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  uniqueKeys: false,
  merge: true,
  customTags: (tags) =>
    tags.filter((t) => {
      const tag = t as { tag?: string; format?: string };
      return tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME';
    }),
};

/**
 * Parses one file's text (YAML, multi-document, or JSON). Problems come back as issues, never
 * thrown; a document with a problem yields no object.
 *
 * @example
 * const { objects, issues } = parseManifests(text, 'hello-world.yaml');
 * objects[0].object.kind; // 'Workflow'
 */
export function parseManifests(text: string, source: string): { objects: LoadedObject[]; issues: Issue[] } {
  const { documents, lineCounter } = parseLeniently(text);
  const objects: LoadedObject[] = [];
  const issues: Issue[] = [];
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  documents.forEach((document, docIndex) => {
    const loaded = loadDocument(document, { source, docIndex, lineOf });
    issues.push(...loaded.issues);
    if (loaded.object) objects.push(loaded.object);
  });
  return { objects, issues };
}

function parseDocuments(text: string): { documents: Document[]; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter });
  return { documents: Array.isArray(parsed) ? parsed : [], lineCounter };
}

/** Parses; when that fails, retries with under-indented quoted-scalar lines repaired (Argo accepts them). */
function parseLeniently(text: string): { documents: Document[]; lineCounter: LineCounter } {
  const first = parseDocuments(text);
  if (first.documents.every((d) => d.errors.length === 0)) return first;
  const repaired = reindentQuotedScalars(text, (candidate) => {
    const { documents, lineCounter } = parseDocuments(candidate);
    return documents.flatMap((d) =>
      d.errors.map((e) => ({ code: e.code, message: e.message, line: lineCounter.linePos(e.pos[0]).line })),
    );
  });
  return repaired === undefined ? first : parseDocuments(repaired);
}

interface DocumentContext {
  readonly source: string;
  readonly docIndex: number;
  readonly lineOf: (offset: number) => number;
}

function loadDocument(document: Document, ctx: DocumentContext): { object?: LoadedObject; issues: Issue[] } {
  if (document.errors.length > 0) {
    return { issues: document.errors.map((e) => yamlIssue(ctx.source, e.linePos?.[0], e.message)) };
  }
  const contents = document.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return { issues: [] };
  const line = ctx.lineOf(contents.range?.[0] ?? 0);
  const at = (node: Node | undefined, field?: string) => {
    const position = `${ctx.source}:${node?.range ? ctx.lineOf(node.range[0]) : line}`;
    return field ? `${position}: ${field}` : position;
  };
  if (!isMap(contents)) {
    return { issues: [issue('invalid-document', at(contents), 'a document must be a mapping (an object)')] };
  }
  const value = document.toJS({ maxAliasCount: 1000 }) as Record<string, unknown>;
  const issues = checkObject(value, contents, at);
  if (issues.length > 0) return { issues };
  return {
    object: { object: value as ArgoObject, source: ctx.source, docIndex: ctx.docIndex, line },
    issues,
  };
}

function yamlIssue(
  source: string,
  position: { line: number; col: number } | undefined,
  message: string,
): Issue {
  const where = position ? `${source}:${position.line}:${position.col}` : source;
  const firstLine = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return issue('invalid-yaml', where, firstLine);
}

type Locate = (node: Node | undefined, field?: string) => string;

/** Checks `apiVersion`, `kind` and `metadata.name`/`generateName` of one mapping. */
function checkObject(value: Record<string, unknown>, map: YAMLMap, at: Locate): Issue[] {
  const kind = value.kind;
  const kindNode = valueNode(map, 'kind');
  if (typeof kind !== 'string' || kind === '') {
    return [issue('missing-kind', at(kindNode, 'kind'), 'kind is required')];
  }
  const expectedVersion = SUPPORTED_KINDS[kind];
  if (
    expectedVersion === undefined &&
    typeof value.apiVersion === 'string' &&
    !value.apiVersion.startsWith('argoproj.io/')
  ) {
    const message = `${kind} (${value.apiVersion}) is not a kind weft runs; the object is ignored (weft creates volumes and other resources a workflow needs itself)`;
    return [issue(foreignKindCode, at(kindNode, 'kind'), message)];
  }
  if (expectedVersion === undefined) {
    const supported = Object.keys(SUPPORTED_KINDS).join(', ');
    return [issue('unknown-kind', at(kindNode, 'kind'), `unknown kind "${kind}" (weft loads ${supported})`)];
  }
  const issues: Issue[] = [];
  if (value.apiVersion !== expectedVersion) {
    const found =
      value.apiVersion === undefined ? 'it is missing' : `found ${JSON.stringify(value.apiVersion)}`;
    const message = `apiVersion of a ${kind} must be "${expectedVersion}"; ${found}`;
    issues.push(issue('invalid-api-version', at(valueNode(map, 'apiVersion'), 'apiVersion'), message));
  }
  const metadata = value.metadata;
  const metadataNode = valueNode(map, 'metadata');
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    issues.push(
      issue('missing-metadata', at(metadataNode, 'metadata'), 'metadata must be a mapping with a name'),
    );
  } else if (!isNonEmptyString(metadata, 'name') && !isNonEmptyString(metadata, 'generateName')) {
    const message = 'metadata.name or metadata.generateName is required';
    issues.push(issue('missing-name', at(metadataNode, 'metadata.name'), message));
  }
  return issues;
}

function isNonEmptyString(record: object, key: string): boolean {
  const field = (record as Record<string, unknown>)[key];
  return typeof field === 'string' && field !== '';
}

/** The node of `key`'s value (or the key itself when the value is empty); the last one wins. */
function valueNode(map: YAMLMap, key: string): Node | undefined {
  let found: Node | undefined;
  for (const pair of map.items) {
    if (isScalar(pair.key) && pair.key.value === key) found = (pair.value as Node | null) ?? pair.key;
  }
  return found;
}
