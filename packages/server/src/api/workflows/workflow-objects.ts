/**
 * Workflows as responses carry them: stored objects with `status.nodes` assembled from node rows
 * when asked for, pages ordered as argo-server orders them, and the store's current version.
 */
import type { NodeStatus } from '@weft/core';
import type { NodeQuery, Store, StoredObject } from '@weft/engine';

/** The store's resourceVersion now (read through a one-item list). */
export async function storeVersion(store: Store): Promise<string> {
  return (await store.list('ConfigMap', { limit: 1 })).resourceVersion;
}

export function nodeMap(nodes: readonly NodeStatus[]): Record<string, NodeStatus> {
  const out: Record<string, NodeStatus> = {};
  for (const node of nodes) out[node.id] = node;
  return out;
}

/** A copy of a stored workflow with `status.nodes` read from its node rows. */
export async function withNodes(
  store: Store,
  workflow: StoredObject,
  query?: NodeQuery,
): Promise<StoredObject> {
  const nodes = await store.getNodes(workflow.metadata.uid, query);
  const status = { ...(workflow.status as Record<string, unknown> | undefined), nodes: nodeMap(nodes) };
  return { ...workflow, status };
}

function statusOf(workflow: StoredObject): { phase?: string; finishedAt?: string; startedAt?: string } {
  return (workflow.status ?? {}) as { phase?: string; finishedAt?: string; startedAt?: string };
}

/**
 * argo-server's order within a page: unfinished workflows first, newest created first; then
 * finished ones, latest finished first.
 */
export function sortWorkflowPage(items: StoredObject[]): StoredObject[] {
  return items.sort((a, b) => {
    const aDone = statusOf(a).finishedAt ?? '';
    const bDone = statusOf(b).finishedAt ?? '';
    if (!aDone && !bDone) return compareDesc(a.metadata.creationTimestamp, b.metadata.creationTimestamp);
    if (!aDone) return -1;
    if (!bDone) return 1;
    return compareDesc(aDone, bDone);
  });
}

function compareDesc(a: string, b: string): number {
  const diff = Date.parse(b) - Date.parse(a);
  return Number.isNaN(diff) ? b.localeCompare(a) : diff;
}

/** Whether a workflow has completed (Argo's `Fulfilled`). */
export function isCompleted(workflow: StoredObject): boolean {
  const phase = statusOf(workflow).phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Error';
}
