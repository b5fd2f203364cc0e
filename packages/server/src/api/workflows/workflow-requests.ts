/** The request bodies and queries of argo-server's WorkflowService unary calls, as JSON schemas. */
import type { SubmitSource } from '../../controller/types.js';
import { createOptionsSchema, objectSchema } from '../schemas/objects.js';
import { fieldsQuery, listOptionsQuery, querySchema } from '../schemas/queries.js';
import { nameFilters } from './list-workflows.js';
import { submitOptsSchema } from './submit-options.js';

export const createBody = {
  type: 'object',
  additionalProperties: false,
  required: ['workflow'],
  properties: {
    namespace: { type: 'string' },
    workflow: objectSchema('Workflow'),
    instanceID: { type: 'string' },
    serverDryRun: { type: 'boolean' },
    createOptions: createOptionsSchema,
  },
} as const;

export const lintBody = {
  type: 'object',
  additionalProperties: false,
  required: ['workflow'],
  properties: { namespace: { type: 'string' }, workflow: objectSchema('Workflow') },
} as const;

/** Argo's names for the kinds a workflow can be submitted from (kind, singular, plural, short). */
export const submitKinds: Readonly<Record<string, SubmitSource['kind']>> = {
  WorkflowTemplate: 'WorkflowTemplate',
  workflowtemplate: 'WorkflowTemplate',
  workflowtemplates: 'WorkflowTemplate',
  wftmpl: 'WorkflowTemplate',
  ClusterWorkflowTemplate: 'ClusterWorkflowTemplate',
  clusterworkflowtemplate: 'ClusterWorkflowTemplate',
  clusterworkflowtemplates: 'ClusterWorkflowTemplate',
  cwftmpl: 'ClusterWorkflowTemplate',
  CronWorkflow: 'CronWorkflow',
  cronworkflow: 'CronWorkflow',
  cronworkflows: 'CronWorkflow',
  cronwf: 'CronWorkflow',
};

export const submitBody = {
  type: 'object',
  additionalProperties: false,
  required: ['resourceKind', 'resourceName'],
  properties: {
    namespace: { type: 'string' },
    resourceKind: { type: 'string', enum: Object.keys(submitKinds) },
    resourceName: { type: 'string', minLength: 1 },
    submitOptions: submitOptsSchema,
  },
} as const;

export const listQuery = querySchema({
  ...listOptionsQuery,
  ...fieldsQuery,
  nameFilter: {
    type: 'string',
    enum: [...nameFilters],
    description: 'How a `metadata.name=` field selector matches.',
  },
  createdAfter: { type: 'string', description: 'RFC 3339: only workflows created after this time.' },
  finishedBefore: { type: 'string', description: 'RFC 3339: only workflows finished before this time.' },
});
