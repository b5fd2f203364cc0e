import { describe, expect, it } from 'vitest';
import type { NodeStatus } from '../api/types';
import { buildRunGraph } from './run-graph';

/** Builds a node map from `id: type phase boundary? -> children` entries. */
function nodesOf(
  specs: readonly [
    id: string,
    displayName: string,
    type: string,
    phase: string,
    boundary?: string,
    children?: string[],
  ][],
): Record<string, NodeStatus> {
  const nodes: Record<string, NodeStatus> = {};
  for (const [id, displayName, type, phase, boundaryID, children] of specs)
    nodes[id] = { id, name: id, displayName, type, phase, boundaryID, children };
  return nodes;
}

/**
 *   root ─► prepare ─► work(0:a) … work(7:h) ─► report
 */
function fanOut(items: number, failed: readonly number[] = []) {
  const ids = Array.from({ length: items }, (_, i) => `w${i}`);
  return nodesOf([
    ['root', 'root', 'DAG', 'Failed', undefined, ['prepare']],
    ['prepare', 'prepare', 'Pod', 'Succeeded', 'root', ids],
    ...ids.map(
      (id, i) =>
        [
          id,
          `work(${i}:item-${i})`,
          'Pod',
          failed.includes(i) ? 'Failed' : 'Succeeded',
          'root',
          ['report'],
        ] as [string, string, string, string, string, string[]],
    ),
    ['report', 'report', 'Pod', 'Omitted', 'root'],
  ]);
}

describe('the run graph', () => {
  it('draws a loop fan-out as one node saying how many items and how many failed', () => {
    const graph = buildRunGraph(fanOut(8, [2, 5]));
    const group = graph.nodes.find((n) => n.members);
    expect(group?.label).toBe('work: 8 items, 2 failed');
    expect(group?.phase).toBe('Failed');
    expect(graph.nodes.map((n) => n.id).sort()).toEqual([group?.id, 'prepare', 'report', 'root'].sort());
    expect(graph.edges.map((e) => `${e.source}->${e.target}`).sort()).toEqual(
      [`${group?.id}->report`, `prepare->${group?.id}`, 'root->prepare'].sort(),
    );
  });

  it('keeps small fan-outs as separate nodes, and large ones when expanded', () => {
    expect(buildRunGraph(fanOut(3)).nodes).toHaveLength(6);
    const collapsed = buildRunGraph(fanOut(8));
    const id = collapsed.nodes.find((n) => n.members)?.id as string;
    const expanded = buildRunGraph(fanOut(8), { expandedGroups: new Set([id]) });
    expect(expanded.nodes.filter((n) => n.type === 'Pod')).toHaveLength(10);
  });

  it('does not group the attempts of a retried step', () => {
    const nodes = nodesOf([
      ['root', 'root', 'DAG', 'Succeeded', undefined, ['retry']],
      ['retry', 'flaky', 'Retry', 'Succeeded', 'root', ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6']],
      ...['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map(
        (id, i) =>
          [id, `flaky(${i})`, 'Pod', i === 6 ? 'Succeeded' : 'Failed', 'root'] as [
            string,
            string,
            string,
            string,
            string,
          ],
      ),
    ]);
    expect(buildRunGraph(nodes).nodes.some((n) => n.members)).toBe(false);
  });

  it('hides what runs inside a collapsed DAG and draws its edges to the DAG node', () => {
    const nodes = nodesOf([
      ['root', 'root', 'Steps', 'Succeeded', undefined, ['inner']],
      ['inner', 'inner', 'DAG', 'Succeeded', 'root', ['x']],
      ['x', 'x', 'Pod', 'Succeeded', 'inner', ['y']],
      ['y', 'y', 'Pod', 'Succeeded', 'inner', ['next']],
      ['next', 'next', 'Pod', 'Succeeded', 'root'],
    ]);
    const graph = buildRunGraph(nodes, { collapsedNodes: new Set(['inner']) });
    expect(graph.nodes.map((n) => n.id).sort()).toEqual(['inner', 'next', 'root']);
    expect(graph.nodes.find((n) => n.id === 'inner')?.collapsed).toBe(true);
    expect(graph.edges.map((e) => e.id).sort()).toEqual(['inner->next', 'root->inner']);
    expect(graph.representative('y')).toBe('inner');
  });

  it('builds the graph of a 10,000-item fan-out in well under 200 ms', () => {
    const nodes = fanOut(10_000, [1, 2, 3]);
    const started = performance.now();
    const graph = buildRunGraph(nodes);
    const elapsed = performance.now() - started;
    expect(graph.nodes).toHaveLength(4);
    expect(elapsed).toBeLessThan(200);
  });
});
