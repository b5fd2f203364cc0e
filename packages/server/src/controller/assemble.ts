/** Argo's Workflow object from what the store keeps: the object, its summary and its node rows. */
import type { NodeStatus, Workflow } from '@weft/core';
import type { NodeQuery, Store, StoredObject } from '@weft/engine';

export async function assembleWorkflow(
  store: Store,
  object: StoredObject,
  query?: NodeQuery,
): Promise<Workflow> {
  const nodes = await store.getNodes(object.metadata.uid, query);
  return withNodes(object, nodes);
}

export function withNodes(object: StoredObject, nodes: readonly NodeStatus[]): Workflow {
  const workflow = object as unknown as Workflow;
  const status = { ...(workflow.status ?? {}) };
  if (nodes.length > 0) status.nodes = Object.fromEntries(nodes.map((node) => [node.id, node]));
  return { ...workflow, status };
}
