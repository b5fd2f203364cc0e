/**
 * Shaping a workflow for submission as argo-server does: submit options applied (parameters,
 * entrypoint, labels, names), and Workflows made from a stored WorkflowTemplate,
 * ClusterWorkflowTemplate or CronWorkflow with Argo's labels.
 */
import type { Workflow, WorkflowSpec } from '@weft/core';
import { InvalidRequestError, type StoredObject } from '@weft/engine';
import type { SubmitOptions, SubmitSource } from './types.js';

export const Labels = {
  workflowTemplate: 'workflows.argoproj.io/workflow-template',
  clusterWorkflowTemplate: 'workflows.argoproj.io/cluster-workflow-template',
  cronWorkflow: 'workflows.argoproj.io/cron-workflow',
  creator: 'workflows.argoproj.io/creator',
  completed: 'workflows.argoproj.io/completed',
  phase: 'workflows.argoproj.io/phase',
  previousWorkflow: 'workflows.argoproj.io/resubmitted-from-workflow',
} as const;

export const Annotations = {
  scheduledTime: 'workflows.argoproj.io/scheduled-time',
  runNumber: 'weft.dev/run-number',
} as const;

/** Where a submission came from, for the run-number counter and labels. */
export function sourceLabel(source: SubmitSource): string {
  switch (source.kind) {
    case 'WorkflowTemplate':
      return Labels.workflowTemplate;
    case 'ClusterWorkflowTemplate':
      return Labels.clusterWorkflowTemplate;
    case 'CronWorkflow':
      return Labels.cronWorkflow;
  }
}

/**
 * A Workflow that runs a stored template or cron's spec, as `argo submit --from` makes it: the
 * template's `workflowMetadata`, Argo's label naming where it came from, and the cron's
 * `workflowSpec` or a `workflowTemplateRef` to the template.
 */
export function workflowFrom(source: SubmitSource, object: StoredObject, namespace: string): Workflow {
  const spec = object.spec as Record<string, unknown>;
  const name = object.metadata.name;
  const metadata = (spec.workflowMetadata ?? {}) as Workflow['metadata'];
  const ref = source.kind === 'ClusterWorkflowTemplate' ? { name, clusterScope: true } : { name };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      ...metadata,
      generateName: `${name}-`,
      namespace,
      labels: { ...(metadata.labels ?? {}), [sourceLabel(source)]: name },
    },
    spec:
      source.kind === 'CronWorkflow'
        ? structuredClone((spec.workflowSpec ?? {}) as WorkflowSpec)
        : ({ workflowTemplateRef: ref } as WorkflowSpec),
  };
}

/** Applies argo-server's submit options to a workflow (a copy). */
export function applySubmitOptions(workflow: Workflow, options: SubmitOptions): Workflow {
  const result = structuredClone(workflow);
  const metadata = result.metadata;
  if (options.name) {
    metadata.name = options.name;
    delete metadata.generateName;
  } else if (options.generateName) {
    metadata.generateName = options.generateName;
    delete metadata.name;
  }
  if (options.labels)
    metadata.labels = { ...(metadata.labels ?? {}), ...parsePairs(options.labels, 'labels') };
  if (options.annotations)
    metadata.annotations = {
      ...(metadata.annotations ?? {}),
      ...parsePairs(options.annotations, 'annotations'),
    };
  if (options.creator) metadata.labels = { ...(metadata.labels ?? {}), [Labels.creator]: options.creator };
  if (options.entryPoint) result.spec.entrypoint = options.entryPoint;
  if (options.serviceAccount) result.spec.serviceAccountName = options.serviceAccount;
  if (options.parameters?.length) result.spec = withParameters(result.spec, options.parameters);
  return result;
}

/** `NAME=VALUE` strings merged into `spec.arguments.parameters` (replacing by name, else added). */
export function withParameters(spec: WorkflowSpec, parameters: readonly string[]): WorkflowSpec {
  const list = [...(spec.arguments?.parameters ?? [])].map((p) => ({ ...p }));
  for (const pair of parameters) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new InvalidRequestError(`parameters: "${pair}" is not NAME=VALUE`);
    const name = pair.slice(0, equals);
    const value = pair.slice(equals + 1);
    const existing = list.find((p) => p.name === name);
    if (existing) {
      existing.value = value;
      delete existing.valueFrom;
    } else list.push({ name, value });
  }
  return { ...spec, arguments: { ...(spec.arguments ?? {}), parameters: list } };
}

function parsePairs(text: string, field: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const equals = part.indexOf('=');
    if (equals <= 0) throw new InvalidRequestError(`${field}: "${part}" is not key=value`);
    pairs[part.slice(0, equals)] = part.slice(equals + 1);
  }
  return pairs;
}
