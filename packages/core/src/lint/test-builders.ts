/**
 * Small builders of Argo objects for the lint tests: each test says only what its case is about.
 */
import type { Issue } from '../issues/issue.js';
import { type LintContext, type LintKind, lintObject } from './index.js';

type Json = Record<string, unknown>;

/** A container template that echoes `text`. */
export function echo(name: string, text = 'hello', extra: Json = {}): Json {
  return { name, container: { image: 'busybox', command: ['echo'], args: [text] }, ...extra };
}

export function stepsTemplate(name: string, groups: Json[][], extra: Json = {}): Json {
  return { name, steps: groups, ...extra };
}

export function step(name: string, template: string, extra: Json = {}): Json {
  return { name, template, ...extra };
}

export function dagTemplate(name: string, tasks: Json[], extra: Json = {}): Json {
  return { name, dag: { tasks, ...extra } };
}

export function task(name: string, template: string, extra: Json = {}): Json {
  return { name, template, ...extra };
}

export function inputs(...names: string[]): Json {
  return { inputs: { parameters: names.map((name) => ({ name })) } };
}

export function outputs(...names: string[]): Json {
  return { outputs: { parameters: names.map((name) => ({ name, valueFrom: { path: `/tmp/${name}` } })) } };
}

export function args(values: Record<string, string>): Json {
  return { arguments: { parameters: Object.entries(values).map(([name, value]) => ({ name, value })) } };
}

/** A Workflow whose entrypoint is its first template. */
export function workflow(templates: Json[], spec: Json = {}, kind = 'Workflow'): Json {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind,
    metadata: { generateName: 'test-' },
    spec: { entrypoint: templates[0]?.name, templates, ...spec },
  };
}

export function workflowTemplate(name: string, templates: Json[], kind = 'WorkflowTemplate'): Json {
  return { apiVersion: 'argoproj.io/v1alpha1', kind, metadata: { name }, spec: { templates } };
}

/** Lints `object` as its own kind, with the given templates and CLI options. */
export function lint(object: Json, context: Partial<LintContext> = {}): Issue[] {
  const full = { templates: [], configMaps: [], ...context } as LintContext;
  return lintObject({ kind: object.kind as LintKind, object }, full);
}
