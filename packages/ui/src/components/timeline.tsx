/** Gantt view: one bar per step from its start to its end (now while running), on the run's time span. */
import { useMemo } from 'react';
import type { NodeStatus } from '../api/types';
import { lookOf } from '../model/phase';
import { formatDuration, secondsBetween } from '../model/time';
import { VirtualList } from './virtual-list';

export function Timeline({
  nodes,
  onSelect,
}: {
  readonly nodes: Readonly<Record<string, NodeStatus>>;
  readonly onSelect: (id: string) => void;
}) {
  const { steps, start, span } = useMemo(() => {
    const now = Date.now();
    const steps = Object.values(nodes)
      .filter((n) => (n.type === 'Pod' || n.type === 'Suspend') && n.startedAt)
      .sort((a, b) => (a.startedAt as string).localeCompare(b.startedAt as string));
    const start = steps.length ? Date.parse(steps[0].startedAt as string) : now;
    const end = Math.max(start + 1, ...steps.map((s) => (s.finishedAt ? Date.parse(s.finishedAt) : now)));
    return { steps, start, span: end - start };
  }, [nodes]);
  if (steps.length === 0) return <p>No step has started yet.</p>;
  return (
    <VirtualList
      label="Timeline of steps"
      className="timeline"
      items={steps}
      rowHeight={26}
      height={420}
      render={(node) => {
        const from = Date.parse(node.startedAt as string) - start;
        const to = (node.finishedAt ? Date.parse(node.finishedAt) : Date.now()) - start;
        const look = lookOf(node.phase);
        const seconds = secondsBetween(node.startedAt, node.finishedAt);
        return (
          <button type="button" className="gantt-row" onClick={() => onSelect(node.id)}>
            <span className="gantt-label">
              <span aria-hidden="true">{look.icon}</span> {node.displayName}
            </span>
            <span className="gantt-track">
              <span
                className={`gantt-bar tone-${look.tone}`}
                style={{
                  left: `${(from / span) * 100}%`,
                  width: `${Math.max(0.5, ((to - from) / span) * 100)}%`,
                }}
              />
            </span>
            <span className="gantt-time">
              {formatDuration(seconds)} <span className="sr-only">{look.label}</span>
            </span>
          </button>
        );
      }}
    />
  );
}
