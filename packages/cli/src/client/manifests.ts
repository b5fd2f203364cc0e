/** Reading the objects a client command sends: every file read and checked before anything is sent. */
import type { Workflow } from '@weft/core';
import { InvalidInputError, UsageError } from '../errors.js';
import { formatFileIssue, formatNotice, loadManifestFiles } from '../load-files.js';
import type { ApiObject } from './api.js';

/**
 * The objects of `kind` in the files. Unreadable files, invalid YAML and objects of other kinds are
 * all reported together as an InvalidInputError; notices (foreign Kubernetes kinds) go to `note`.
 */
export async function loadObjectsOfKind(
  files: readonly string[],
  kind: string,
  command: string,
  note: (line: string) => void,
): Promise<ApiObject[]> {
  const loaded = await loadManifestFiles(files);
  for (const notice of loaded.notices) note(formatNotice(notice));
  const problems = loaded.issues.map(formatFileIssue);
  const objects: ApiObject[] = [];
  for (const { object, source, line } of loaded.objects) {
    if (object.kind === kind) objects.push(object as unknown as ApiObject);
    else problems.push(`${source}:${line}: a ${object.kind}; weft ${command} takes ${kind} objects`);
  }
  if (problems.length === 0 && objects.length === 0) problems.push(`no ${kind} found in ${files.join(', ')}`);
  if (problems.length > 0) throw new InvalidInputError(problems);
  return objects;
}

export interface WorkflowOverrides {
  readonly namespace: string;
  readonly entrypoint?: string;
  /** `a=b,c=d`. */
  readonly labels?: string;
  /** `NAME=VALUE`, in order; they replace arguments of the same name. */
  readonly parameters: readonly string[];
  readonly generateName?: string;
  readonly name?: string;
}

/** What argo's ApplySubmitOpts does to a workflow before creating it. Pure; returns a new object. */
export function applySubmitOptions(
  workflow: Workflow,
  overrides: WorkflowOverrides,
  topic = 'submit',
): Workflow {
  const metadata = { ...workflow.metadata };
  metadata.namespace ||= overrides.namespace;
  if (overrides.labels) metadata.labels = { ...metadata.labels, ...parseLabels(overrides.labels, topic) };
  if (overrides.generateName) metadata.generateName = overrides.generateName;
  if (overrides.name) metadata.name = overrides.name;
  const spec = { ...workflow.spec };
  if (overrides.entrypoint) spec.entrypoint = overrides.entrypoint;
  if (overrides.parameters.length > 0) {
    const given = overrides.parameters.map((text) => {
      const at = text.indexOf('=');
      return { name: text.slice(0, at), value: text.slice(at + 1) };
    });
    const names = new Set(given.map((p) => p.name));
    const kept = (spec.arguments?.parameters ?? []).filter((p) => !names.has(p.name));
    spec.arguments = { ...spec.arguments, parameters: [...given, ...kept] };
  }
  return { ...workflow, metadata, spec };
}

/** `a=b,c=d` as a map; a pair without `=` is a usage error. */
export function parseLabels(text: string, topic: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of text.split(',').filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at <= 0)
      throw new UsageError(`labels must look like NAME1=VALUE1,NAME2=VALUE2 (got "${text}")`, topic);
    labels[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return labels;
}
