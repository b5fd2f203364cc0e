/** Reading manifest files and parameter files into typed objects, with every problem collected. */
import { readFile } from 'node:fs/promises';
import type { ConfigMap, Issue, Workflow, WorkflowTemplate } from '@weft/core';
import type { Parameter } from './args.js';
import { type ParsedObject, parseManifests, parseYaml } from './core-imports.js';
import { InvalidInputError } from './errors.js';

/** A problem tied to a file (and, when known, the line of the document it is in). */
export interface FileIssue {
  readonly source: string;
  readonly line?: number;
  readonly issue: Issue;
}

export function formatFileIssue({ source, line, issue }: FileIssue): string {
  if (issue.path.startsWith(source)) return `${issue.path}: ${issue.message}`;
  const where = line === undefined ? source : `${source}:${line}`;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

export interface LoadedFiles {
  readonly objects: readonly ParsedObject[];
  readonly issues: readonly FileIssue[];
}

const API_VERSION = 'argoproj.io/v1alpha1';

/** The kinds the CLI understands, with the apiVersion each must carry. */
export const knownKinds: Readonly<Record<string, string>> = {
  Workflow: API_VERSION,
  WorkflowTemplate: API_VERSION,
  ClusterWorkflowTemplate: API_VERSION,
  CronWorkflow: API_VERSION,
  WorkflowEventBinding: API_VERSION,
  ConfigMap: 'v1',
  Secret: 'v1',
};

/** Reads and parses every file; a missing or unreadable file is an issue, not an exception. */
export async function loadManifestFiles(paths: readonly string[]): Promise<LoadedFiles> {
  const objects: ParsedObject[] = [];
  const issues: FileIssue[] = [];
  for (const path of paths) {
    const text = await readText(path);
    if (typeof text !== 'string') {
      issues.push({ source: path, issue: text });
      continue;
    }
    const parsed = parseManifests(text, path);
    objects.push(...parsed.objects);
    issues.push(...parsed.issues.map((issue) => ({ source: path, issue })));
    if (parsed.objects.length === 0 && parsed.issues.length === 0) {
      issues.push({ source: path, issue: { code: 'empty-file', path: '', message: 'no documents found' } });
    }
  }
  return { objects, issues };
}

async function readText(path: string): Promise<string | Issue> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES'
            ? 'permission denied'
            : `cannot read (${code ?? String(error)})`;
    return { code: 'unreadable-file', path: '', message };
  }
}

/**
 * What to do with Kubernetes objects that are not Argo's and not ConfigMap/Secret (a PVC beside a
 * workflow): `lint` ignores them as `argo lint` does; `run` rejects them.
 */
export type ForeignKinds = 'ignore' | 'reject';

function isArgoApiVersion(apiVersion: unknown): boolean {
  return typeof apiVersion === 'string' && apiVersion.startsWith('argoproj.io/');
}

/** Checks `apiVersion` and `kind` against the kinds weft knows; returns the object's kind when valid. */
export function checkEnvelope(
  parsed: ParsedObject,
  foreign: ForeignKinds = 'reject',
): { kind?: string; issues: FileIssue[] } {
  const object = parsed.object as { apiVersion?: unknown; kind?: unknown };
  const at = { source: parsed.source, line: parsed.line };
  if (typeof object.kind !== 'string') {
    return {
      issues: [{ ...at, issue: { code: 'missing-kind', path: 'kind', message: 'kind is required' } }],
    };
  }
  const expected = knownKinds[object.kind];
  if (expected === undefined && foreign === 'ignore' && !isArgoApiVersion(object.apiVersion))
    return { issues: [] };
  if (expected === undefined) {
    const known = Object.keys(knownKinds).join(', ');
    const message = `unsupported kind "${object.kind}" (expected one of ${known})`;
    return { issues: [{ ...at, issue: { code: 'unsupported-kind', path: 'kind', message } }] };
  }
  if (object.apiVersion !== expected) {
    const got = typeof object.apiVersion === 'string' ? `"${object.apiVersion}"` : 'nothing';
    const message = `${object.kind} needs apiVersion "${expected}", got ${got}`;
    return { issues: [{ ...at, issue: { code: 'wrong-api-version', path: 'apiVersion', message } }] };
  }
  return { kind: object.kind, issues: [] };
}

/** The objects of a file set grouped by kind. */
export interface ObjectsByKind {
  readonly workflows: readonly ParsedObject[];
  readonly templates: readonly WorkflowTemplate[];
  readonly configMaps: readonly ConfigMap[];
  /** Everything lintable (Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow) with its kind. */
  readonly lintable: readonly { readonly kind: string; readonly parsed: ParsedObject }[];
  readonly issues: readonly FileIssue[];
}

const lintableKinds = new Set(['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow']);

export function groupByKind(
  objects: readonly ParsedObject[],
  foreign: ForeignKinds = 'reject',
): ObjectsByKind {
  const workflows: ParsedObject[] = [];
  const templates: WorkflowTemplate[] = [];
  const configMaps: ConfigMap[] = [];
  const lintable: { kind: string; parsed: ParsedObject }[] = [];
  const issues: FileIssue[] = [];
  for (const parsed of objects) {
    const { kind, issues: envelopeIssues } = checkEnvelope(parsed, foreign);
    issues.push(...envelopeIssues);
    if (kind === undefined) continue;
    if (lintableKinds.has(kind)) lintable.push({ kind, parsed });
    if (kind === 'Workflow') workflows.push(parsed);
    if (kind === 'WorkflowTemplate' || kind === 'ClusterWorkflowTemplate') {
      templates.push(parsed.object as WorkflowTemplate);
    }
    if (kind === 'ConfigMap') configMaps.push(parsed.object as ConfigMap);
  }
  return { workflows, templates, configMaps, lintable, issues };
}

/** The single Workflow of a run, or an InvalidInputError naming what was found instead. */
export function pickWorkflow(workflows: readonly ParsedObject[], files: readonly string[]): Workflow {
  if (workflows.length === 1) return workflows[0].object as Workflow;
  if (workflows.length === 0) {
    throw new InvalidInputError([`no Workflow found in ${files.join(', ')} (weft run needs exactly one)`]);
  }
  const where = workflows.map((w) => `${w.source}:${w.line}`).join(', ');
  throw new InvalidInputError([`found ${workflows.length} Workflows (${where}); weft run needs exactly one`]);
}

/** Reads a `--parameter-file`: a YAML or JSON map of parameter name to value. */
export async function loadParameterFile(path: string): Promise<Parameter[]> {
  const text = await readText(path);
  if (typeof text !== 'string') throw new InvalidInputError([`${path}: ${text.message}`]);
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    throw new InvalidInputError([`${path}: ${message}`]);
  }
  if (data === null || data === undefined) return [];
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new InvalidInputError([`${path}: a parameter file must be a map of name to value`]);
  }
  return Object.entries(data).map(([name, value]) => ({ name, value: parameterValue(value) }));
}

function parameterValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Parameter-file values first, then `-p` flags; a later value for the same name wins, first position kept. */
export function mergeParameters(...lists: readonly (readonly Parameter[])[]): Parameter[] {
  const merged = new Map<string, string>();
  for (const list of lists) for (const { name, value } of list) merged.set(name, value);
  return [...merged].map(([name, value]) => ({ name, value }));
}
