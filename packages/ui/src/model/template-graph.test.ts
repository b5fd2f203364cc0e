import { describe, expect, it } from 'vitest';
import { dependsNames, planGraphOf } from './template-graph';

describe("a template's graph before any run", () => {
  it('draws DAG tasks with edges from dependencies and depends', () => {
    /*
     *   build ─► test ─► deploy
     *        └──────────┘ (depends: "build.Succeeded && test")
     */
    const graph = planGraphOf({
      entrypoint: 'main',
      templates: [
        {
          name: 'main',
          dag: {
            tasks: [
              { name: 'build', template: 'b' },
              { name: 'test', template: 't', dependencies: ['build'], withItems: [1, 2, 3] },
              { name: 'deploy', template: 'd', depends: 'build.Succeeded && test' },
            ],
          },
        },
      ],
    });
    expect(graph.nodes.map((n) => [n.id, n.detail])).toEqual([
      ['build', 'b'],
      ['test', 't × 3'],
      ['deploy', 'd'],
    ]);
    expect(graph.edges.map((e) => e.id).sort()).toEqual(['build->deploy', 'build->test', 'test->deploy']);
  });

  it('draws steps group after group', () => {
    const graph = planGraphOf({
      entrypoint: 'main',
      templates: [{ name: 'main', steps: [[{ name: 'a' }, { name: 'b' }], [{ name: 'c' }]] }],
    });
    expect(graph.edges.map((e) => e.id).sort()).toEqual(['0/a->1/c', '0/b->1/c']);
  });

  it('reads task names out of a depends expression, ignoring unknown words', () => {
    expect(dependsNames('(a.Failed || b) && !c.Skipped && nothing', new Set(['a', 'b', 'c']))).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});
