/** argo-server's endpoints (and weft's extensions) the pages call. */
import { enc, getJson, requestJson, withQuery } from './client';
import type { CronWorkflow, ListResult, RunSummary, Workflow, WorkflowTemplate } from './types';

/** A WorkflowTemplate (namespace set) or a ClusterWorkflowTemplate (namespace undefined). */
export interface TemplateRef {
  readonly namespace?: string;
  readonly name: string;
}

const templateBase = (ref: TemplateRef) =>
  ref.namespace === undefined
    ? `/api/v1/cluster-workflow-templates/${enc(ref.name)}`
    : `/api/v1/workflow-templates/${enc(ref.namespace)}/${enc(ref.name)}`;

export const listTemplates = (namespace: string) =>
  getJson<ListResult<WorkflowTemplate>>(`/api/v1/workflow-templates/${enc(namespace)}`);

export const listClusterTemplates = () =>
  getJson<ListResult<WorkflowTemplate>>('/api/v1/cluster-workflow-templates');

export const getTemplate = (ref: TemplateRef) => getJson<WorkflowTemplate>(templateBase(ref));

export const updateTemplate = (ref: TemplateRef, template: unknown) =>
  requestJson<WorkflowTemplate>('PUT', templateBase(ref), { template });

export const lintTemplate = (ref: TemplateRef, template: unknown) =>
  requestJson<WorkflowTemplate>(
    'POST',
    ref.namespace === undefined
      ? '/api/v1/cluster-workflow-templates/lint'
      : `/api/v1/workflow-templates/${enc(ref.namespace)}/lint`,
    { template },
  );

export const listTemplateRuns = (ref: TemplateRef, limit: number, next?: string) =>
  getJson<ListResult<RunSummary>>(withQuery(`${templateBase(ref)}/runs`, { limit, continue: next }));

export const listCronRuns = (namespace: string, name: string, limit: number) =>
  getJson<ListResult<RunSummary>>(
    withQuery(`/api/v1/cron-workflows/${enc(namespace)}/${enc(name)}/runs`, { limit }),
  );

export const listCrons = (namespace: string) =>
  getJson<ListResult<CronWorkflow>>(`/api/v1/cron-workflows/${enc(namespace)}`);

export const setCronSuspended = (namespace: string, name: string, suspended: boolean) =>
  requestJson<CronWorkflow>(
    'PUT',
    `/api/v1/cron-workflows/${enc(namespace)}/${enc(name)}/${suspended ? 'suspend' : 'resume'}`,
    {},
  );

/** Submits a run of a template with `name=value` parameters; returns the new workflow. */
export const submitFromTemplate = (namespace: string, ref: TemplateRef, parameters: readonly string[]) =>
  requestJson<Workflow>('POST', `/api/v1/workflows/${enc(namespace)}/submit`, {
    resourceKind: ref.namespace === undefined ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate',
    resourceName: ref.name,
    submitOptions: { parameters, labels: 'weft.dev/trigger=manual' },
  });

export const getWorkflow = (namespace: string, name: string) =>
  getJson<Workflow>(`/api/v1/workflows/${enc(namespace)}/${enc(name)}`);

export interface WorkflowListQuery {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly createdAfter?: string;
  /** How a `metadata.name=` field selector matches: Exact, Prefix or Contains. */
  readonly nameFilter?: string;
  readonly limit?: number;
  readonly continue?: string;
}

/** Workflows without their nodes (argo-server leaves status.nodes out of lists). */
export const listWorkflows = (query: WorkflowListQuery) =>
  getJson<ListResult<Workflow>>(
    withQuery(`/api/v1/workflows/${query.namespace ? enc(query.namespace) : ''}`, {
      'listOptions.labelSelector': query.labelSelector,
      'listOptions.fieldSelector': query.fieldSelector,
      'listOptions.limit': query.limit,
      'listOptions.continue': query.continue,
      createdAfter: query.createdAfter,
      nameFilter: query.fieldSelector ? query.nameFilter : undefined,
    }),
  );

export type WorkflowAction = 'retry' | 'resubmit' | 'stop' | 'terminate' | 'suspend' | 'resume';

export const actOnWorkflow = (namespace: string, name: string, action: WorkflowAction, body: object = {}) =>
  requestJson<Workflow>('PUT', `/api/v1/workflows/${enc(namespace)}/${enc(name)}/${action}`, body);

export const deleteWorkflow = (namespace: string, name: string) =>
  requestJson<object>('DELETE', `/api/v1/workflows/${enc(namespace)}/${enc(name)}`);

export function artifactUrl(namespace: string, workflow: string, nodeId: string, artifact: string): string {
  return `/artifact-files/${enc(namespace)}/workflows/${enc(workflow)}/${enc(nodeId)}/outputs/${enc(artifact)}`;
}

export function logUrl(namespace: string, workflow: string, nodeId: string | undefined, follow: boolean) {
  return withQuery(`/api/v1/workflows/${enc(namespace)}/${enc(workflow)}/log`, {
    podName: nodeId,
    'logOptions.container': 'main',
    'logOptions.follow': follow || undefined,
    'logOptions.timestamps': true,
  });
}

export function watchUrl(
  namespace: string | undefined,
  query: { labelSelector?: string; fieldSelector?: string; resourceVersion?: string; fields?: string },
) {
  return withQuery(`/api/v1/workflow-events/${namespace ? enc(namespace) : ''}`, {
    'listOptions.labelSelector': query.labelSelector,
    'listOptions.fieldSelector': query.fieldSelector,
    'listOptions.resourceVersion': query.resourceVersion,
    fields: query.fields,
  });
}
