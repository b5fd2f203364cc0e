/**
 * Draws a laid-out graph: edges as one SVG path, nodes as buttons (focusable, labelled, with a
 * phase icon and word). Only nodes near the visible part of the canvas are mounted, so a graph of
 * thousands of nodes scrolls smoothly.
 */
import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
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
  /** A DAG or Steps node whose inside can be hidden: drawn with a collapse/expand toggle. */
  readonly collapsible?: boolean;
  readonly collapsed?: boolean;
}

interface Props {
  readonly nodes: readonly GraphNode[];
  readonly edges: LayoutInput['edges'];
  readonly selected?: string;
  readonly onSelect?: (id: string) => void;
  readonly label: string;
  readonly onToggle?: (id: string) => void;
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

export function GraphView({ nodes, edges, selected, onSelect, label, onToggle }: Props) {
  const { layout, error } = useLayout({ nodes, edges });
  const ref = useRef<HTMLDivElement>(null);
  const { view: screen, update } = useViewport(ref);
  const [scale, setScale] = useState(1);
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
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new scale changes what is in view
  useEffect(() => update(), [scale, update]);
  const onScroll = () => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(update);
  };
  if (error) return <p role="alert">Could not lay the graph out: {error}</p>;
  if (!layout) return <p className="muted">Laying out {nodes.length} nodes…</p>;
  const pad = 16;
  // What is in view, in the canvas' own (unscaled) coordinates.
  const view = {
    left: screen.left / scale,
    top: screen.top / scale,
    width: screen.width / scale,
    height: screen.height / scale,
  };
  const width = layout.width + 2 * pad;
  const height = layout.height + 2 * pad;
  const fit = () => setScale(Math.max(0.02, Math.min(1, (ref.current?.clientWidth ?? width) / width)));
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
  // Zoomed far out, nodes are drawn as coloured boxes (cheap to draw by the thousand); the node
  // list and zooming in reach them.
  const overview = scale < 0.35;
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
    <div className="graph-wrap">
      <div className="graph-tools" role="toolbar" aria-label={`Zoom ${label}`}>
        <button type="button" aria-label="Zoom out" onClick={() => setScale((s) => Math.max(0.02, s / 1.5))}>
          −
        </button>
        <span aria-live="polite">{Math.round(scale * 100)}%</span>
        <button type="button" aria-label="Zoom in" onClick={() => setScale((s) => Math.min(2, s * 1.5))}>
          +
        </button>
        <button type="button" onClick={fit}>
          Fit
        </button>
      </div>
      <section className="graph" aria-label={label} ref={ref} onScroll={onScroll}>
        <div style={{ width: width * scale, height: height * scale }}>
          <div
            className="graph-canvas"
            style={{ width, height, transform: `scale(${scale})`, transformOrigin: '0 0' }}
          >
            <svg width={width} height={height} aria-hidden="true">
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
              {overview &&
                visible.map((node) => {
                  const at = layout.positions.get(node.id) as Box;
                  return (
                    <rect
                      key={node.id}
                      x={at.x + pad}
                      y={at.y + pad}
                      width={at.width}
                      height={at.height}
                      rx={6}
                      className={`overview tone-${node.phase ? lookOf(node.phase).tone : 'plan'}`}
                    />
                  );
                })}
            </svg>
            {!overview &&
              visible.map((node) => {
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
                  <Fragment key={node.id}>
                    <button
                      type="button"
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
                    </button>
                    {node.collapsible && onToggle && (
                      <button
                        type="button"
                        className="gtoggle"
                        style={{ left: at.x + pad + at.width - 26, top: at.y + pad + 2 }}
                        aria-label={`${node.collapsed ? 'Expand' : 'Collapse'} ${node.label}`}
                        aria-expanded={!node.collapsed}
                        onClick={() => onToggle(node.id)}
                      >
                        {node.collapsed ? '▸' : '▾'}
                      </button>
                    )}
                  </Fragment>
                );
              })}
          </div>
        </div>
      </section>
    </div>
  );
}
