/**
 * The graph a run page draws, from a workflow's `status.nodes`:
 *
 *   nodes ─► fan-outs (siblings `name(i:item)` in one boundary, ≥ threshold) ─► one "N items, k failed" node
 *         ─► collapsed DAG/Steps nodes hide what runs inside them
 *         ─► each node's representative (itself, its group, or the collapsed node holding it)
 *         ─► edges between representatives (from `children`), without duplicates
 *
 * Pure and linear in the number of nodes, so 10,000 nodes take milliseconds.
 */
import { nextTask } from '../api/next-task';
import type { NodeStatus } from '../api/types';

export interface GroupStats {
  readonly total: number;
  readonly failed: number;
  readonly running: number;
  readonly succeeded: number;
}

export interface ViewNode {
  readonly id: string;
  readonly label: string;
  readonly phase: string;
  readonly type: string;
  /** Set for a collapsed fan-out: the member node ids and their counts. */
  readonly members?: readonly string[];
  readonly stats?: GroupStats;
  /** A DAG or Steps node whose inside can be hidden (`collapsed` says whether it is). */
  readonly collapsible: boolean;
  readonly collapsed: boolean;
  /** An expanded fan-out: the box its items are drawn in (`container` on the box, `parent` on items). */
  readonly container?: boolean;
  readonly parent?: string;
}

export interface ViewEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
}

export interface RunGraph {
  readonly nodes: readonly ViewNode[];
  readonly edges: readonly ViewEdge[];
  /** Where a node of the workflow is drawn (itself, its fan-out group or a collapsed container). */
  readonly representative: (nodeId: string) => string;
}

export interface GraphOptions {
  /** Fan-outs with at least this many items are drawn as one node unless expanded. */
  readonly threshold?: number;
  readonly expandedGroups?: ReadonlySet<string>;
  readonly collapsedNodes?: ReadonlySet<string>;
}

/** `name(3:value)` or `name(3)`: a loop item's display name (task names hold no parentheses). */
const itemPattern = /^([^(]+)\((\d+)(?::|\)$)/;

/** How many nodes are handled between two pauses when the graph is built in slices. */
const sliceSize = 1000;

/** A loop over `items` that pauses (yields) every `sliceSize` items. */
function* sliced<T>(items: Iterable<T>, each: (item: T) => void): Generator<void, void> {
  let count = 0;
  for (const item of items) {
    each(item);
    if (++count % sliceSize === 0) yield;
  }
}

export function statsOf(nodes: Readonly<Record<string, NodeStatus>>, ids: readonly string[]): GroupStats {
  let failed = 0;
  let running = 0;
  let succeeded = 0;
  for (const id of ids) {
    const phase = nodes[id]?.phase;
    if (phase === 'Failed' || phase === 'Error') failed++;
    else if (phase === 'Running' || phase === 'Pending' || phase === undefined) running++;
    else if (phase === 'Succeeded') succeeded++;
  }
  return { total: ids.length, failed, running, succeeded };
}

const groupPhase = (s: GroupStats) =>
  s.running > 0 ? 'Running' : s.failed > 0 ? 'Failed' : s.succeeded > 0 ? 'Succeeded' : 'Skipped';

function groupNode(
  key: string,
  nodes: Readonly<Record<string, NodeStatus>>,
  members: readonly string[],
  stats: GroupStats,
): ViewNode {
  const base = itemPattern.exec(nodes[members[0]].displayName)?.[1] ?? key;
  return {
    id: key,
    label: `${base}: ${stats.total} items${stats.failed ? `, ${stats.failed} failed` : ''}`,
    phase: groupPhase(stats),
    type: 'FanOut',
    members,
    stats,
    collapsible: false,
    collapsed: true,
  };
}

/** Which node holds each node (its Retry parent, else its boundary) and the loop fan-outs. */
function* structureOf(nodes: Readonly<Record<string, NodeStatus>>, list: readonly NodeStatus[]) {
  const parents = new Map<string, string>();
  yield* sliced(list, (node) => {
    for (const child of node.children ?? []) if (!parents.has(child)) parents.set(child, node.id);
  });
  const owners = new Map<string, string>();
  const fanOuts = new Map<string, string[]>();
  yield* sliced(list, (node) => {
    const parent = parents.get(node.id);
    const underRetry = parent !== undefined && nodes[parent]?.type === 'Retry';
    const owner = underRetry
      ? parent
      : node.boundaryID && nodes[node.boundaryID]
        ? node.boundaryID
        : undefined;
    if (owner !== undefined) owners.set(node.id, owner);
    const match = underRetry ? null : itemPattern.exec(node.displayName ?? '');
    if (!match) return;
    const key = `fanout:${node.boundaryID ?? ''}|${match[1]}`;
    const members = fanOuts.get(key);
    if (members) members.push(node.id);
    else fanOuts.set(key, [node.id]);
  });
  return { owners, fanOuts };
}

/** The graph, built in slices: the generator pauses every thousand nodes or so. */
export function* runGraphSteps(
  nodes: Readonly<Record<string, NodeStatus>>,
  options: GraphOptions = {},
): Generator<void, RunGraph> {
  const threshold = options.threshold ?? 6;
  const expanded = options.expandedGroups ?? new Set<string>();
  const collapsed = options.collapsedNodes ?? new Set<string>();
  const list = Object.values(nodes);
  const { owners, fanOuts } = yield* structureOf(nodes, list);
  const groupOf = new Map<string, string>();
  const boxOf = new Map<string, string>();
  const groups = new Map<string, string[]>();
  const boxes = new Map<string, string[]>();
  for (const [key, members] of fanOuts) {
    if (members.length < threshold) continue;
    const open = expanded.has(key);
    (open ? boxes : groups).set(key, members);
    for (const id of members) (open ? boxOf : groupOf).set(id, key);
  }
  const reps = new Map<string, string>();
  const representative = (id: string): string => {
    const known = reps.get(id);
    if (known !== undefined) return known;
    const owner = owners.get(id);
    const ownerRep = owner === undefined ? undefined : representative(owner);
    let rep: string;
    if (owner !== undefined && ownerRep !== owner) rep = ownerRep as string;
    else if (owner !== undefined && collapsed.has(owner)) rep = owner;
    else rep = groupOf.get(id) ?? id;
    reps.set(id, rep);
    return rep;
  };

  const viewNodes: ViewNode[] = [];
  yield* sliced(list, (node) => {
    if (representative(node.id) !== node.id) return;
    const collapsible = (node.type === 'DAG' || node.type === 'Steps') && owners.has(node.id);
    viewNodes.push({
      id: node.id,
      label: node.displayName || node.name,
      phase: node.phase ?? 'Pending',
      type: node.type,
      collapsible,
      collapsed: collapsible && collapsed.has(node.id),
      parent: boxOf.get(node.id),
    });
  });
  for (const [key, members] of boxes)
    if (representative(members[0]) === members[0])
      viewNodes.push({
        ...groupNode(key, nodes, members, statsOf(nodes, members)),
        container: true,
        collapsed: false,
      });
  for (const [key, members] of groups)
    if (representative(members[0]) === key)
      viewNodes.push(groupNode(key, nodes, members, statsOf(nodes, members)));
  const edges = yield* edgesOf(nodes, list, (id) => {
    const rep = representative(id);
    return boxOf.get(rep) ?? rep;
  });
  return { nodes: viewNodes, edges, representative };
}

/** Edges between where nodes are drawn (the items of an expanded fan-out: its box), once each. */
function* edgesOf(
  nodes: Readonly<Record<string, NodeStatus>>,
  list: readonly NodeStatus[],
  endOf: (id: string) => string,
): Generator<void, ViewEdge[]> {
  const edges: ViewEdge[] = [];
  const seen = new Map<string, Set<string>>();
  yield* sliced(list, (node) => {
    const source = endOf(node.id);
    let targets = seen.get(source);
    for (const child of node.children ?? []) {
      if (!nodes[child]) continue;
      const target = endOf(child);
      if (source === target || targets?.has(target)) continue;
      if (!targets) {
        targets = new Set();
        seen.set(source, targets);
      }
      targets.add(target);
      edges.push({ id: `${source}->${target}`, source, target });
    }
  });
  return edges;
}

export function buildRunGraph(
  nodes: Readonly<Record<string, NodeStatus>>,
  options: GraphOptions = {},
): RunGraph {
  const steps = runGraphSteps(nodes, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The same graph, built in slices between which the page can handle input and paint. */
export async function buildRunGraphSliced(
  nodes: Readonly<Record<string, NodeStatus>>,
  options: GraphOptions,
  signal: AbortSignal,
): Promise<RunGraph | undefined> {
  const steps = runGraphSteps(nodes, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await nextTask();
    if (signal.aborted) return undefined;
  }
}
