/**
 * Draws a laid-out graph: edges as one SVG path, nodes as buttons (focusable, labelled, with a
 * phase icon and word). Only nodes near the visible part of the canvas are mounted, so a graph of
 * thousands of nodes scrolls smoothly.
 */
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { lookOf } from '../model/phase';
import type { Box, LayoutInput } from './layout';
import { useLayout } from './use-layout';

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly phase?: string;
  readonly detail?: string;
  /** A box drawn around the nodes whose `parent` it is (an expanded fan-out). */
  readonly container?: boolean;
  readonly parent?: string;
}

interface Props {
  readonly nodes: readonly GraphNode[];
  readonly edges: LayoutInput['edges'];
  readonly selected?: string;
  readonly onSelect?: (id: string) => void;
  readonly label: string;
  readonly badge?: (node: GraphNode) => ReactNode;
}

const margin = 300;

function useViewport(ref: React.RefObject<HTMLDivElement | null>) {
  const [view, setView] = useState({ left: 0, top: 0, width: 1200, height: 800 });
  const update = useCallback(() => {
    const el = ref.current;
    if (el)
      setView({ left: el.scrollLeft, top: el.scrollTop, width: el.clientWidth, height: el.clientHeight });
  }, [ref]);
  useEffect(() => {
    update();
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, [update]);
  return { view, update };
}

export function GraphView({ nodes, edges, selected, onSelect, label, badge }: Props) {
  const { layout, error } = useLayout({ nodes, edges });
  const ref = useRef<HTMLDivElement>(null);
  const { view, update } = useViewport(ref);
  const frame = useRef(0);
  const first = nodes[0]?.id;
  // On a new layout, bring the first node (the run's root) into view if it is not.
  useEffect(() => {
    const el = ref.current;
    const at = first === undefined ? undefined : layout?.positions.get(first);
    if (el && at && (at.x + 16 < el.scrollLeft || at.x > el.scrollLeft + el.clientWidth - 100))
      el.scrollLeft = Math.max(0, at.x + 16 - el.clientWidth / 2 + 100);
    update();
  }, [layout, first, update]);
  const onScroll = () => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(update);
  };
  if (error) return <p role="alert">Could not lay the graph out: {error}</p>;
  if (!layout) return <p className="muted">Laying out {nodes.length} nodes…</p>;
  const pad = 16;
  // Only edges passing near the visible part are drawn (each with its arrow).
  const inView = (xs: number[], ys: number[]) =>
    Math.max(...xs) >= view.left - margin &&
    Math.min(...xs) <= view.left + view.width + margin &&
    Math.max(...ys) >= view.top - margin &&
    Math.min(...ys) <= view.top + view.height + margin;
  const paths = layout.edges
    .filter(
      (e) =>
        e.points.length > 1 &&
        inView(
          e.points.map((p) => p.x),
          e.points.map((p) => p.y),
        ),
    )
    .map((e) => ({ id: e.id, d: `M${e.points.map((p) => `${p.x + pad},${p.y + pad}`).join('L')}` }));
  const arrows = paths.length <= 3000;
  const visible = nodes.filter((node) => {
    const at = layout.positions.get(node.id);
    if (!at) return false;
    return (
      at.x + at.width >= view.left - margin &&
      at.x <= view.left + view.width + margin &&
      at.y + at.height >= view.top - margin &&
      at.y <= view.top + view.height + margin
    );
  });
  return (
    <section className="graph" aria-label={label} ref={ref} onScroll={onScroll}>
      <div
        className="graph-canvas"
        style={{ width: layout.width + 2 * pad, height: layout.height + 2 * pad }}
      >
        <svg width={layout.width + 2 * pad} height={layout.height + 2 * pad} aria-hidden="true">
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="10"
              refY="5"
              markerWidth="6"
              markerHeight="6"
              orient="auto"
            >
              <path d="M0,0L10,5L0,10z" className="arrow" />
            </marker>
          </defs>
          {arrows ? (
            paths.map((p) => <path key={p.id} d={p.d} className="edges" markerEnd="url(#arrow)" />)
          ) : (
            <path d={paths.map((p) => p.d).join('')} className="edges" />
          )}
        </svg>
        {visible.map((node) => {
          const at = layout.positions.get(node.id) as Box;
          const look = lookOf(node.phase);
          if (node.container)
            return (
              <section
                key={node.id}
                className={`gbox tone-${look.tone}`}
                style={{ left: at.x + pad, top: at.y + pad, width: at.width, height: at.height }}
                aria-label={node.label}
              >
                <button
                  type="button"
                  className="gbox-title"
                  onClick={() => onSelect?.(node.id)}
                  data-node-id={node.id}
                >
                  <span aria-hidden="true">{look.icon}</span> {node.label}
                </button>
              </section>
            );
          return (
            <button
              type="button"
              key={node.id}
              className={`gnode tone-${node.phase ? look.tone : 'plan'}${selected === node.id ? ' selected' : ''}`}
              style={{ left: at.x + pad, top: at.y + pad, width: at.width, height: at.height }}
              aria-pressed={selected === node.id}
              aria-label={`${node.label}${node.phase ? `: ${look.label}` : ''}`}
              title={node.detail ? `${node.label} (${node.detail})` : node.label}
              data-node-id={node.id}
              onClick={() => onSelect?.(node.id)}
            >
              {node.phase && (
                <span className="icon" aria-hidden="true">
                  {look.icon}
                </span>
              )}
              <span className="gnode-text">
                <span className="gnode-label">{node.label}</span>
                {node.detail && <span className="gnode-detail">{node.detail}</span>}
              </span>
              {badge?.(node)}
            </button>
          );
        })}
      </div>
    </section>
  );
}
