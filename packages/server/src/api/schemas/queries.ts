/**
 * Query parameters as argo-server names them (grpc-gateway's dotted names of the request message's
 * fields). Unknown parameters are ignored, as grpc-gateway ignores them.
 */
import { namespaceSchema, pathNameSchema } from './names.js';

const str = { type: 'string' } as const;

export const listOptionsQuery = {
  'listOptions.labelSelector': {
    ...str,
    description: 'Kubernetes label selector: `a=b`, `a!=b`, `a`, `!a`, `a in (x,y)`, `a notin (x,y)`.',
  },
  'listOptions.fieldSelector': {
    ...str,
    description: '`metadata.name=`/`==`/`!=` and `metadata.namespace=`/`==`/`!=`, comma-separated.',
  },
  'listOptions.limit': { type: 'integer', minimum: 0, description: 'Page size; 0 or absent: all.' },
  'listOptions.continue': { ...str, description: 'The `metadata.continue` of the previous page.' },
  'listOptions.resourceVersion': str,
  'listOptions.watch': { type: 'boolean' },
  'listOptions.timeoutSeconds': { type: 'integer', minimum: 0 },
} as const;

export const fieldsQuery = {
  fields: {
    ...str,
    description:
      'Field mask: comma-separated dotted paths to keep (`items.metadata.name,items.status.phase`), ' +
      'or to drop when it starts with `-`.',
  },
} as const;

export const deleteOptionsQuery = {
  'deleteOptions.preconditions.uid': str,
  'deleteOptions.preconditions.resourceVersion': str,
  'deleteOptions.gracePeriodSeconds': { type: 'integer' },
  'deleteOptions.propagationPolicy': str,
  'deleteOptions.dryRun': { type: 'array', items: str },
} as const;

export function querySchema(properties: Record<string, unknown>) {
  return { type: 'object', properties } as const;
}

export function paramsSchema(names: readonly ('namespace' | 'name')[]) {
  const properties: Record<string, unknown> = {};
  for (const name of names) properties[name] = name === 'namespace' ? namespaceSchema : pathNameSchema;
  return { type: 'object', required: [...names], properties } as const;
}
