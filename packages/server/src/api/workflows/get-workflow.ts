/**
 * `GET /api/v1/workflows/{ns}/{name}`: the workflow from the controller, with argo-server's `uid`
 * and `fields`. weft extension for huge workflows — a page of `status.nodes` read from node rows:
 *
 *   nodes.limit=N          at most N nodes (ordered by id), `nodesContinue` set while more remain
 *   nodes.continue=ID      the nodes after this id (the previous page's `nodesContinue`)
 *   nodes.phase=A,B        only nodes in these phases
 *   nodes.type=Pod,DAG     only nodes of these types
 *   nodes.changedSince=RV  only nodes written after this resourceVersion (poll for changes)
 */
import { NodePhase, NodeType } from '@weft/core';
import type { NodeQuery, Store, StoredObject } from '@weft/engine';
import type { WorkflowController } from '../../controller/types.js';
import { invalidField, notFound } from '../errors/api-error.js';
import { FieldMask } from '../query/field-mask.js';
import { nodeMap } from './workflow-objects.js';

export interface WorkflowGetQuery {
  readonly fields?: string;
  readonly uid?: string;
  readonly 'nodes.limit'?: number;
  readonly 'nodes.continue'?: string;
  readonly 'nodes.phase'?: string;
  readonly 'nodes.type'?: string;
  readonly 'nodes.changedSince'?: string;
}

export const nodePagingQuery = {
  'nodes.limit': {
    type: 'integer',
    minimum: 1,
    description:
      'weft: at most this many nodes in status.nodes (ordered by id); `nodesContinue` is set while more remain.',
  },
  'nodes.continue': { type: 'string', description: "weft: the previous page's `nodesContinue` (a node id)." },
  'nodes.phase': { type: 'string', description: 'weft: only nodes in these phases, comma-separated.' },
  'nodes.type': { type: 'string', description: 'weft: only nodes of these types, comma-separated.' },
  'nodes.changedSince': {
    type: 'string',
    description: 'weft: only nodes written after this resourceVersion.',
  },
} as const;

function listOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  field: string,
): T[] | undefined {
  if (value === undefined || value === '') return undefined;
  const items = value.split(',').map((v) => v.trim());
  const unknown = items.filter((v) => !(allowed as readonly string[]).includes(v));
  if (unknown.length > 0)
    throw invalidField(field, `unknown value(s) ${unknown.join(', ')}; expected ${allowed.join(', ')}`);
  return items as T[];
}

function nodeQueryOf(query: WorkflowGetQuery): NodeQuery | undefined {
  const paged = Object.keys(query).some((k) => k.startsWith('nodes.'));
  if (!paged) return undefined;
  const changedSince = query['nodes.changedSince'];
  if (changedSince !== undefined && !/^\d+$/.test(changedSince))
    throw invalidField('nodes.changedSince', `"${changedSince}" is not a resource version`);
  const limit = query['nodes.limit'];
  return {
    phases: listOf(query['nodes.phase'], Object.values(NodePhase), 'nodes.phase'),
    types: listOf(query['nodes.type'], Object.values(NodeType), 'nodes.type'),
    changedSince,
    afterId: query['nodes.continue'] || undefined,
    limit: limit === undefined ? undefined : limit + 1,
  };
}

async function pagedWorkflow(
  store: Store,
  stored: StoredObject,
  query: NodeQuery,
): Promise<Record<string, unknown>> {
  const nodes = [...(await store.getNodes(stored.metadata.uid, query))];
  const more = query.limit !== undefined && nodes.length >= query.limit;
  if (more) nodes.pop();
  const status = { ...(stored.status as Record<string, unknown> | undefined), nodes: nodeMap(nodes) };
  return { ...stored, status, ...(more ? { nodesContinue: nodes[nodes.length - 1]?.id } : {}) };
}

export async function getWorkflow(
  store: Store,
  controller: WorkflowController,
  namespace: string,
  name: string,
  query: WorkflowGetQuery,
): Promise<unknown> {
  const mask = FieldMask.parse(query.fields);
  const nodeQuery = nodeQueryOf(query);
  const stored = await store.get({ kind: 'Workflow', namespace, name });
  if (!stored || (query.uid && stored.metadata.uid !== query.uid))
    throw notFound(
      `workflows.argoproj.io "${name}" not found in namespace "${namespace}"${query.uid ? ` with uid ${query.uid}` : ''}`,
    );
  let workflow: unknown;
  if (nodeQuery) workflow = await pagedWorkflow(store, stored, nodeQuery);
  else if (mask?.willExclude('status.nodes')) workflow = stored;
  else workflow = await controller.get(namespace, name);
  return mask ? mask.apply(workflow) : workflow;
}
