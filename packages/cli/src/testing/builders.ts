/** Small builders for hand-made workflow status objects in tests. */
import type { NodeStatus, Workflow } from '@weft/core';

export const T0 = Date.parse('2024-05-01T10:00:00Z');

/** An ISO timestamp `seconds` after T0. */
export function at(seconds: number): string {
  return new Date(T0 + seconds * 1000).toISOString();
}

type NodeFields = Partial<NodeStatus> & Pick<NodeStatus, 'type'>;

/** A node named and displayed as its id unless told otherwise, Succeeded unless told otherwise. */
export function node(id: string, fields: NodeFields): NodeStatus {
  return { id, name: fields.displayName ?? id, displayName: id, phase: 'Succeeded', ...fields };
}

export function workflowWith(
  name: string,
  nodes: readonly NodeStatus[],
  status: Workflow['status'] = {},
): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name },
    spec: { entrypoint: 'main', templates: [] },
    status: {
      phase: 'Succeeded',
      startedAt: at(0),
      finishedAt: at(12),
      progress: `${nodes.filter((n) => n.type === 'Pod').length}/${nodes.filter((n) => n.type === 'Pod').length}`,
      ...status,
      nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
    },
  };
}
