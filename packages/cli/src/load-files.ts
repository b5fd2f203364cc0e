/** Reading manifest files and parameter files into typed objects, with every problem collected. */
import { readFile } from 'node:fs/promises';
import {
  type ConfigMap,
  foreignKindCode,
  type Issue,
  type LintKind,
  type LoadedObject,
  parseManifests,
  type Workflow,
  type WorkflowTemplate,
} from '@weft/core';
import { parse as parseYaml } from 'yaml';
import type { Parameter } from './args.js';
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

/** A notice, not an error: e.g. a Kubernetes object of a kind weft does not run, which is skipped. */
export function formatNotice(notice: FileIssue): string {
  return `note: ${formatFileIssue(notice)}`;
}

export interface LoadedFiles {
  readonly objects: readonly LoadedObject[];
  /** Problems that make the input invalid. */
  readonly issues: readonly FileIssue[];
  /** Objects skipped because weft does not run their kind (a PersistentVolumeClaim beside a workflow). */
  readonly notices: readonly FileIssue[];
}

/** Reads and parses every file; a missing or unreadable file is an issue, not an exception. */
export async function loadManifestFiles(paths: readonly string[]): Promise<LoadedFiles> {
  const objects: LoadedObject[] = [];
  const issues: FileIssue[] = [];
  const notices: FileIssue[] = [];
  for (const path of paths) {
    const text = await readText(path);
    if (typeof text !== 'string') {
      issues.push({ source: path, issue: text });
      continue;
    }
    const parsed = parseManifests(text, path);
    objects.push(...parsed.objects);
    for (const issue of parsed.issues) {
      (issue.code === foreignKindCode ? notices : issues).push({ source: path, issue });
    }
    if (parsed.objects.length === 0 && parsed.issues.length === 0) {
      issues.push({ source: path, issue: { code: 'empty-file', path: '', message: 'no documents found' } });
    }
  }
  return { objects, issues, notices };
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

/** The objects of a file set grouped by kind. */
export interface ObjectsByKind {
  readonly workflows: readonly LoadedObject[];
  /** Mutable arrays because core's `LintContext` takes them so; nothing here changes them. */
  readonly templates: WorkflowTemplate[];
  readonly configMaps: ConfigMap[];
  /** Everything lintable (Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow) with its kind. */
  readonly lintable: readonly { readonly kind: LintKind; readonly parsed: LoadedObject }[];
}

const lintableKinds: ReadonlySet<string> = new Set<LintKind>([
  'Workflow',
  'WorkflowTemplate',
  'ClusterWorkflowTemplate',
  'CronWorkflow',
]);

function isLintKind(kind: string): kind is LintKind {
  return lintableKinds.has(kind);
}

/**
 * Sorts parsed objects by kind. `parseManifests` has already checked `apiVersion`, `kind` and
 * `metadata`, so every object here is one of the kinds weft loads.
 */
export function groupByKind(objects: readonly LoadedObject[]): ObjectsByKind {
  const workflows: LoadedObject[] = [];
  const templates: WorkflowTemplate[] = [];
  const configMaps: ConfigMap[] = [];
  const lintable: { kind: LintKind; parsed: LoadedObject }[] = [];
  for (const parsed of objects) {
    const kind = parsed.object.kind;
    if (isLintKind(kind)) lintable.push({ kind, parsed });
    if (kind === 'Workflow') workflows.push(parsed);
    if (kind === 'WorkflowTemplate' || kind === 'ClusterWorkflowTemplate') {
      templates.push(parsed.object as unknown as WorkflowTemplate);
    }
    if (kind === 'ConfigMap') configMaps.push(parsed.object as unknown as ConfigMap);
  }
  return { workflows, templates, configMaps, lintable };
}

/** The single Workflow of a run, or an InvalidInputError naming what was found instead. */
export function pickWorkflow(workflows: readonly LoadedObject[], files: readonly string[]): Workflow {
  if (workflows.length === 1) return workflows[0].object as unknown as Workflow;
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
    // Argo reads parameter files as YAML 1.1 (JSON is YAML too).
    data = parseYaml(text, { version: '1.1' });
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
