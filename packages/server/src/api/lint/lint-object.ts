/**
 * Lint of an object a request carries, against what is stored: the namespace's WorkflowTemplates,
 * every ClusterWorkflowTemplate (for templateRef / workflowTemplateRef) and the namespace's
 * ConfigMaps. A template being created or updated replaces its stored copy, so it can refer to
 * itself. Every problem is returned, with its field path.
 */
import type { ConfigMap, Issue, LintKind, WorkflowTemplate } from '@weft/core';
import { lintObject } from '@weft/core';
import type { Store, StoredKind, StoredObject } from '@weft/engine';
import { invalidArgument } from '../errors/api-error.js';
import { checkCronSpec } from './cron-checks.js';

async function listAll(store: Store, kind: StoredKind, namespace?: string): Promise<StoredObject[]> {
  const items: StoredObject[] = [];
  let token: string | undefined;
  do {
    const page = await store.list(kind, { namespace, limit: 500, continue: token });
    items.push(...page.items);
    token = page.continue;
  } while (token);
  return items;
}

function sameObject(a: StoredObject, b: { kind: string; metadata: { name?: string } }): boolean {
  return a.kind === b.kind && a.metadata.name === b.metadata.name;
}

export async function lintIssues(
  store: Store,
  kind: LintKind,
  object: { kind: string; metadata: { name?: string } } & Record<string, unknown>,
  namespace: string | undefined,
): Promise<Issue[]> {
  const namespaced =
    kind === 'ClusterWorkflowTemplate' ? [] : await listAll(store, 'WorkflowTemplate', namespace);
  const cluster = await listAll(store, 'ClusterWorkflowTemplate');
  const candidates = [...namespaced, ...cluster].filter((t) => !sameObject(t, object));
  const templates = candidates as unknown as WorkflowTemplate[];
  if (kind === 'WorkflowTemplate' || kind === 'ClusterWorkflowTemplate')
    templates.push(object as unknown as WorkflowTemplate);
  const configMaps =
    kind === 'ClusterWorkflowTemplate'
      ? []
      : ((await listAll(store, 'ConfigMap', namespace)) as unknown as ConfigMap[]);
  const issues = lintObject({ kind, object }, { templates, configMaps });
  return kind === 'CronWorkflow' ? [...checkCronSpec(object), ...issues] : issues;
}

/** Throws InvalidArgument listing every problem (`path: message` per line) unless the object is valid. */
export async function assertLintClean(
  store: Store,
  kind: LintKind,
  object: { kind: string; metadata: { name?: string } } & Record<string, unknown>,
  namespace: string | undefined,
): Promise<void> {
  const issues = await lintIssues(store, kind, object, namespace);
  if (issues.length > 0)
    throw invalidArgument(issues.map((i) => ({ field: i.path, description: i.message })));
}
