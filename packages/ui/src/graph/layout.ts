/**
 * Graph layout by elkjs's layered algorithm, run in elkjs's own web worker so laying out thousands
 * of nodes never blocks the page. Results are cached by the graph's shape (node ids and edges).
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';

export interface LayoutInput {
  readonly nodes: readonly { readonly id: string }[];
  readonly edges: readonly { readonly id: string; readonly source: string; readonly target: string }[];
}

export interface Box {
  readonly x: number;
  readonly y: number;
}

export interface Layout {
  readonly key: string;
  readonly positions: ReadonlyMap<string, Box>;
  readonly edges: readonly { readonly id: string; readonly points: readonly Box[] }[];
  readonly width: number;
  readonly height: number;
}

export const nodeWidth = 200;
export const nodeHeight = 44;

let elk: InstanceType<typeof ELK> | undefined;
const elkOf = () => {
  elk ??= new ELK({ workerFactory: () => new Worker(elkWorkerUrl) });
  return elk;
};

/** A string that changes exactly when the graph's shape changes (not when phases do). */
export function shapeKey(input: LayoutInput): string {
  let key = `${input.nodes.length}:${input.edges.length}:`;
  for (const node of input.nodes) key += `${node.id}|`;
  for (const edge of input.edges) key += `${edge.id}|`;
  return key;
}

const layoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.spacing.nodeNode': '24',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.edgeRouting': 'POLYLINE',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

function pointsOf(edge: ElkExtendedEdge): Box[] {
  const points: Box[] = [];
  for (const section of edge.sections ?? [])
    points.push(section.startPoint, ...(section.bendPoints ?? []), section.endPoint);
  return points;
}

export async function layOut(input: LayoutInput): Promise<Layout> {
  const key = shapeKey(input);
  const graph: ElkNode = {
    id: 'root',
    layoutOptions,
    children: input.nodes.map((n) => ({ id: n.id, width: nodeWidth, height: nodeHeight })),
    edges: input.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const result = await elkOf().layout(graph);
  const positions = new Map<string, Box>();
  for (const child of result.children ?? []) positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  const edges = (result.edges ?? []).map((e) => ({ id: e.id, points: pointsOf(e) }));
  return { key, positions, edges, width: result.width ?? 0, height: result.height ?? 0 };
}
