/**
 * argo-server's REST API as typed calls (paths, bodies and query names as in Argo's
 * pkg/apiclient/*.proto), plus weft's one extension, a template's runs. No printing, no flags.
 */
import type { ObjectMeta, Workflow } from '@weft/core';
import type { ApiClient } from './http.js';

/** Any stored object: a WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow. */
export interface ApiObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ObjectList<T> {
  readonly metadata?: { readonly continue?: string; readonly resourceVersion?: string };
  /** argo-server sends `null` for an empty list. */
  readonly items?: readonly T[] | null;
}

export interface WatchEvent {
  readonly type: string;
  readonly object?: Workflow;
}

export interface LogEntry {
  readonly content: string;
  readonly podName?: string;
}

/** Argo's `SubmitOpts` as the submit endpoint takes it (`entryPoint` is spelt so by Argo). */
export interface SubmitOptions {
  readonly name?: string;
  readonly generateName?: string;
  readonly entryPoint?: string;
  readonly parameters?: readonly string[];
  readonly labels?: string;
}

/** One run as weft's `runs` endpoint summarises it. */
export interface RunSummary {
  readonly name: string;
  readonly runNumber?: number;
  readonly phase?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** Seconds from start to finish (to now while running). */
  readonly duration?: number;
  readonly message?: string;
}

export type RunItem = RunSummary | Workflow;

export interface RunsPage {
  readonly limit?: number;
  readonly continue?: string;
}

export interface ListOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly limit?: number;
  readonly continue?: string;
}

/** `logOptions.*` and the other query fields of WorkflowLogRequest. */
export interface LogOptions {
  readonly podName?: string;
  readonly container?: string;
  readonly follow?: boolean;
  readonly timestamps?: boolean;
  readonly grep?: string;
  readonly sinceSeconds?: number;
  /** Epoch seconds (grpc-gateway's `logOptions.sinceTime.seconds`). */
  readonly sinceTimeSeconds?: number;
  readonly tailLines?: number;
}

/** The three kinds of stored objects besides workflows, and where argo-server keeps them. */
export const ResourceKind = {
  WorkflowTemplate: { kind: 'WorkflowTemplate', base: '/api/v1/workflow-templates', field: 'template' },
  ClusterWorkflowTemplate: {
    kind: 'ClusterWorkflowTemplate',
    base: '/api/v1/cluster-workflow-templates',
    field: 'template',
    clusterScoped: true,
  },
  CronWorkflow: { kind: 'CronWorkflow', base: '/api/v1/cron-workflows', field: 'cronWorkflow' },
} as const;
export type ResourceKind = (typeof ResourceKind)[keyof typeof ResourceKind];

const enc = encodeURIComponent;

function listQuery(options: ListOptions) {
  return {
    'listOptions.labelSelector': options.labelSelector || undefined,
    'listOptions.fieldSelector': options.fieldSelector || undefined,
    'listOptions.limit': options.limit,
    'listOptions.continue': options.continue || undefined,
  };
}

export class ArgoApi {
  constructor(readonly http: ApiClient) {}

  createWorkflow(namespace: string, workflow: Workflow): Promise<Workflow> {
    return this.http.request('POST', `/api/v1/workflows/${enc(namespace)}`, {
      body: { namespace, workflow },
    });
  }

  submitWorkflow(
    namespace: string,
    kind: string,
    name: string,
    submitOptions: SubmitOptions,
  ): Promise<Workflow> {
    const body = { namespace, resourceKind: kind, resourceName: name, submitOptions };
    return this.http.request('POST', `/api/v1/workflows/${enc(namespace)}/submit`, { body });
  }

  getWorkflow(namespace: string, name: string, signal?: AbortSignal): Promise<Workflow> {
    return this.http.request('GET', `/api/v1/workflows/${enc(namespace)}/${enc(name)}`, { signal });
  }

  listWorkflows(namespace: string, options: ListOptions = {}): Promise<ObjectList<Workflow>> {
    return this.http.request('GET', `/api/v1/workflows/${enc(namespace)}`, { query: listQuery(options) });
  }

  /** Opens a watch of one workflow; resolves once the server is subscribed. */
  watchWorkflow(
    namespace: string,
    name: string,
    resourceVersion: string | undefined,
    signal?: AbortSignal,
  ): Promise<AsyncGenerator<unknown>> {
    const query = {
      'listOptions.fieldSelector': `metadata.name=${name}`,
      'listOptions.resourceVersion': resourceVersion ?? '0',
    };
    return this.http.stream(`/api/v1/workflow-events/${enc(namespace)}`, { query, signal });
  }

  workflowLogs(
    namespace: string,
    name: string,
    options: LogOptions,
    signal?: AbortSignal,
  ): Promise<AsyncGenerator<unknown>> {
    const query = {
      podName: options.podName,
      'logOptions.container': options.container ?? 'main',
      'logOptions.follow': options.follow || undefined,
      'logOptions.timestamps': options.timestamps || undefined,
      'logOptions.sinceSeconds': options.sinceSeconds,
      'logOptions.sinceTime.seconds': options.sinceTimeSeconds,
      'logOptions.tailLines': options.tailLines,
      grep: options.grep,
    };
    return this.http.stream(`/api/v1/workflows/${enc(namespace)}/${enc(name)}/log`, { query, signal });
  }

  /** PUT /api/v1/workflows/{ns}/{name}/{action} (retry, resubmit, stop, terminate, suspend, resume, set). */
  actOnWorkflow(namespace: string, name: string, action: string, fields: object = {}): Promise<Workflow> {
    const path = `/api/v1/workflows/${enc(namespace)}/${enc(name)}/${action}`;
    return this.http.request('PUT', path, { body: { name, namespace, ...fields } });
  }

  async deleteWorkflow(namespace: string, name: string): Promise<void> {
    await this.http.request('DELETE', `/api/v1/workflows/${enc(namespace)}/${enc(name)}`);
  }

  createResource(kind: ResourceKind, namespace: string, object: ApiObject): Promise<ApiObject> {
    return this.http.request('POST', resourceBase(kind, namespace), {
      body: resourceBody(kind, namespace, object),
    });
  }

  lintResource(kind: ResourceKind, namespace: string, object: ApiObject): Promise<ApiObject> {
    const path = `${resourceBase(kind, namespace)}/lint`;
    return this.http.request('POST', path, { body: resourceBody(kind, namespace, object) });
  }

  getResource(kind: ResourceKind, namespace: string, name: string): Promise<ApiObject> {
    return this.http.request('GET', `${resourceBase(kind, namespace)}/${enc(name)}`);
  }

  listResources(
    kind: ResourceKind,
    namespace: string,
    options: ListOptions = {},
  ): Promise<ObjectList<ApiObject>> {
    return this.http.request('GET', resourceBase(kind, namespace), { query: listQuery(options) });
  }

  async deleteResource(kind: ResourceKind, namespace: string, name: string): Promise<void> {
    await this.http.request('DELETE', `${resourceBase(kind, namespace)}/${enc(name)}`);
  }

  /** PUT /api/v1/cron-workflows/{ns}/{name}/suspend|resume. */
  setCronSuspended(namespace: string, name: string, suspend: boolean): Promise<ApiObject> {
    const path = `${resourceBase(ResourceKind.CronWorkflow, namespace)}/${enc(name)}/${suspend ? 'suspend' : 'resume'}`;
    return this.http.request('PUT', path, { body: { name, namespace } });
  }

  /**
   * weft's extension: the runs of a template or cron workflow, newest first (`limit`/`continue` paging).
   * weft answers with run summaries; a server answering with Workflows is understood too.
   */
  runs(
    kind: ResourceKind,
    namespace: string,
    name: string,
    page: RunsPage = {},
  ): Promise<ObjectList<RunItem>> {
    const path = `${resourceBase(kind, namespace)}/${enc(name)}/runs`;
    return this.http.request('GET', path, {
      query: { limit: page.limit, continue: page.continue || undefined },
    });
  }
}

function resourceBase(kind: ResourceKind, namespace: string): string {
  return 'clusterScoped' in kind ? kind.base : `${kind.base}/${enc(namespace)}`;
}

function resourceBody(kind: ResourceKind, namespace: string, object: ApiObject): object {
  return 'clusterScoped' in kind ? { [kind.field]: object } : { namespace, [kind.field]: object };
}

/** Every item of a paged list: follows `continue` tokens until the end or until `max` items. */
export async function collectPages<T>(
  fetchPage: (continueToken: string | undefined) => Promise<ObjectList<T>>,
  keep: (item: T) => boolean = () => true,
  max = Number.POSITIVE_INFINITY,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    for (const item of page.items ?? []) {
      if (items.length >= max) return items;
      if (keep(item)) items.push(item);
    }
    token = page.metadata?.continue || undefined;
  } while (token && items.length < max);
  return items;
}
