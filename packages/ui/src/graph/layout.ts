/**
 * Graph layout by elkjs's layered algorithm, run in elkjs's own web worker so laying out thousands
 * of nodes never blocks the page. Results are cached by the graph's shape (node ids and edges).
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';

export interface LayoutInput {
  /** `container` nodes are boxes whose items (`parent` = the box) are packed in rows inside them. */
  readonly nodes: readonly { readonly id: string; readonly parent?: string; readonly container?: boolean }[];
  readonly edges: readonly { readonly id: string; readonly source: string; readonly target: string }[];
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

type Point = { readonly x: number; readonly y: number };

export interface Layout {
  readonly key: string;
  readonly positions: ReadonlyMap<string, Box>;
  readonly edges: readonly { readonly id: string; readonly points: readonly Point[] }[];
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

/** Starts elkjs's worker (loading and compiling it takes a few hundred ms) before the first layout. */
export function warmUpLayout(): void {
  elkOf();
}

/** A string that changes exactly when the graph's shape changes (not when phases do). */
export function shapeKey(input: LayoutInput): string {
  let key = `${input.nodes.length}:${input.edges.length}:`;
  for (const node of input.nodes) key += `${node.id}${node.parent ? `<${node.parent}` : ''}|`;
  for (const edge of input.edges) key += `${edge.id}|`;
  return key;
}

const layered = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.spacing.nodeNode': '24',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.edgeRouting': 'POLYLINE',
  // Straight polylines need no room between parallel edges; the default (10 px per edge) puts a
  // 1,000 px gap under a node with 100 children.
  'elk.layered.spacing.edgeEdgeBetweenLayers': '0',
  'elk.layered.spacing.edgeNodeBetweenLayers': '0',
};

/** Small graphs keep the template's order; big ones trade polish for speed (2,000 nodes: ~0.5 s instead of ~4 s). */
const layoutOptionsFor = (nodes: number) =>
  nodes <= 300
    ? { ...layered, 'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES' }
    : {
        ...layered,
        'elk.layered.thoroughness': '1',
        'elk.layered.nodePlacement.strategy': 'SIMPLE',
        'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
      };

const boxOptions = {
  'elk.algorithm': 'box',
  'elk.padding': '[top=30,left=10,bottom=10,right=10]',
  'elk.spacing.nodeNode': '8',
  'elk.aspectRatio': '3',
};

function pointsOf(edge: ElkExtendedEdge): Point[] {
  const points: Point[] = [];
  for (const section of edge.sections ?? [])
    points.push(section.startPoint, ...(section.bendPoints ?? []), section.endPoint);
  return points;
}

export async function layOut(input: LayoutInput): Promise<Layout> {
  const key = shapeKey(input);
  const inside = new Map<string, ElkNode[]>();
  for (const n of input.nodes)
    if (n.parent)
      inside.set(n.parent, [
        ...(inside.get(n.parent) ?? []),
        { id: n.id, width: nodeWidth, height: nodeHeight },
      ]);
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: layoutOptionsFor(input.nodes.length),
    children: input.nodes
      .filter((n) => !n.parent)
      .map((n) =>
        n.container
          ? { id: n.id, layoutOptions: boxOptions, children: inside.get(n.id) ?? [] }
          : { id: n.id, width: nodeWidth, height: nodeHeight },
      ),
    edges: input.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  performance.mark('weft:layout-start');
  const result = await elkOf().layout(graph);
  performance.mark('weft:layout-done');
  const positions = new Map<string, Box>();
  const place = (node: ElkNode, dx: number, dy: number) => {
    const x = (node.x ?? 0) + dx;
    const y = (node.y ?? 0) + dy;
    positions.set(node.id, { x, y, width: node.width ?? nodeWidth, height: node.height ?? nodeHeight });
    for (const child of node.children ?? []) place(child, x, y);
  };
  for (const child of result.children ?? []) place(child, 0, 0);
  const edges = (result.edges ?? []).map((e) => ({ id: e.id, points: pointsOf(e) }));
  return { key, positions, edges, width: result.width ?? 0, height: result.height ?? 0 };
}
