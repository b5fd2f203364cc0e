/**
 * Turns `status.nodes` into the display forest `argo get` shows. Pure.
 *
 * - Boundary nodes (`Steps`, `DAG`) contain every node whose `boundaryID` points at them.
 * - Group nodes (`StepGroup`, `Retry`) own their `children` (steps of one group, attempts of a retry),
 *   which takes precedence over the children's boundary.
 * - Execution nodes (`Pod`, `Skipped`, `Suspend`, `HTTP`, `Plugin`) are leaves.
 * - Any other type (`TaskGroup`, `Container`) is not displayed; its children still attach to their boundary.
 * - Siblings are ordered by `startedAt`, then loop index (`name(3:x)`), then `displayName`.
 */
import type { NodeStatus } from '@weft/core';

export type DisplayKind = 'boundary' | 'group' | 'execution';

export interface DisplayNode {
  readonly node: NodeStatus;
  readonly kind: DisplayKind;
  readonly children: DisplayNode[];
}

const kindOfType: Readonly<Record<string, DisplayKind>> = {
  Steps: 'boundary',
  DAG: 'boundary',
  StepGroup: 'group',
  Retry: 'group',
  Pod: 'execution',
  Skipped: 'execution',
  Suspend: 'execution',
  HTTP: 'execution',
  Plugin: 'execution',
};

/** The display roots, in display order: the main tree first, `<name>.onExit` trees last. */
export function buildForest(
  nodes: Readonly<Record<string, NodeStatus>>,
  workflowName: string,
): DisplayNode[] {
  const display = new Map<string, DisplayNode>();
  for (const [id, node] of Object.entries(nodes)) {
    const kind = kindOfType[node.type];
    if (kind) display.set(id, { node: { ...node, id: node.id ?? id }, kind, children: [] });
  }
  const ownerOf = groupOwners(nodes);
  const roots: DisplayNode[] = [];
  for (const [id, item] of display) {
    const parent = display.get(ownerOf.get(id) ?? '') ?? boundaryOf(item.node, display);
    if (parent && parent !== item) parent.children.push(item);
    else roots.push(item);
  }
  for (const item of display.values()) item.children.sort(compareSiblings);
  const onExitName = `${workflowName}.onExit`;
  const isOnExit = (root: DisplayNode) =>
    root.node.name === onExitName || root.node.name?.endsWith('.onExit');
  const isMain = (root: DisplayNode) => root.node.name === workflowName || root.node.id === workflowName;
  return [
    ...roots.filter(isMain),
    ...roots.filter((r) => !isMain(r) && !isOnExit(r)).sort(compareSiblings),
    ...roots.filter((r) => !isMain(r) && isOnExit(r)).sort(compareSiblings),
  ];
}

function groupOwners(nodes: Readonly<Record<string, NodeStatus>>): Map<string, string> {
  const owners = new Map<string, string>();
  for (const [id, node] of Object.entries(nodes)) {
    if (kindOfType[node.type] !== 'group') continue;
    for (const child of node.children ?? []) {
      // The next step group hangs off the previous step in `children`; it belongs to its boundary.
      if (nodes[child]?.type !== 'StepGroup') owners.set(child, id);
    }
  }
  return owners;
}

function boundaryOf(node: NodeStatus, display: Map<string, DisplayNode>): DisplayNode | undefined {
  const boundary = node.boundaryID ? display.get(node.boundaryID) : undefined;
  return boundary?.kind === 'boundary' ? boundary : undefined;
}

/** Loop index from a name like `step(3:item)`; -1 when the name has none. */
export function loopIndex(name: string): number {
  const match = /\((\d+):/.exec(name);
  return match ? Number(match[1]) : -1;
}

function startTime(node: NodeStatus): number {
  const t = node.startedAt ? Date.parse(node.startedAt) : Number.NaN;
  return Number.isNaN(t) ? 0 : t;
}

export function compareSiblings(a: DisplayNode, b: DisplayNode): number {
  const byStart = startTime(a.node) - startTime(b.node);
  if (byStart !== 0) return byStart;
  const nameA = a.node.displayName ?? a.node.name ?? '';
  const nameB = b.node.displayName ?? b.node.name ?? '';
  const [indexA, indexB] = [loopIndex(nameA), loopIndex(nameB)];
  if (indexA >= 0 && indexB >= 0 && indexA !== indexB) return indexA - indexB;
  return nameA < nameB ? -1 : nameA > nameB ? 1 : 0;
}
