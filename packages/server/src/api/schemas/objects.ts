/**
 * JSON schemas of the objects requests carry (Workflow, WorkflowTemplate, ClusterWorkflowTemplate,
 * CronWorkflow) and of the shapes responses have. Only the envelope is checked here (known
 * top-level fields, metadata names and labels, kind and apiVersion); the spec is checked by lint,
 * which reports every problem with its field path.
 */
import {
  annotationsSchema,
  generateNameSchema,
  labelsSchema,
  namespaceSchema,
  objectNameSchema,
} from './names.js';

export type ObjectKind = 'Workflow' | 'WorkflowTemplate' | 'ClusterWorkflowTemplate' | 'CronWorkflow';

/** Argo's name limits: 63 (the name is a label value), 52 for CronWorkflows. */
export function nameLimitOf(kind: ObjectKind): number {
  return kind === 'CronWorkflow' ? 52 : 63;
}

export function metadataSchema(kind: ObjectKind) {
  return {
    type: 'object',
    properties: {
      name: objectNameSchema(nameLimitOf(kind)),
      generateName: generateNameSchema,
      namespace: namespaceSchema,
      labels: labelsSchema,
      annotations: annotationsSchema,
      resourceVersion: { type: 'string' },
      uid: { type: 'string' },
    },
  } as const;
}

/** An Argo object as a request body field: `{apiVersion, kind, metadata, spec, status}`. */
export function objectSchema(kind: ObjectKind) {
  return {
    type: 'object',
    description: `An argoproj.io/v1alpha1 ${kind} (the spec is validated by lint).`,
    additionalProperties: false,
    required: ['metadata'],
    properties: {
      apiVersion: { type: 'string', enum: ['argoproj.io/v1alpha1'] },
      kind: { type: 'string', enum: [kind] },
      metadata: metadataSchema(kind),
      spec: { type: 'object' },
      status: { type: 'object' },
    },
  } as const;
}

/** Kubernetes' CreateOptions: `dryRun: ["All"]` validates without storing. */
export const createOptionsSchema = {
  type: 'object',
  properties: {
    dryRun: { type: 'array', items: { type: 'string' } },
    fieldManager: { type: 'string' },
    fieldValidation: { type: 'string' },
  },
} as const;

/** Response shapes, for the OpenAPI document only (responses are not filtered through them). */
export const anyObject = { type: 'object', additionalProperties: true } as const;

export function listSchema(kind: string) {
  return {
    type: 'object',
    description: `A ${kind}List; \`metadata.continue\` is set while more items remain.`,
    properties: {
      metadata: {
        type: 'object',
        properties: { resourceVersion: { type: 'string' }, continue: { type: 'string' } },
      },
      items: { type: 'array', items: anyObject },
    },
  } as const;
}

export const emptyResponse = { type: 'object', description: 'An empty object.' } as const;
