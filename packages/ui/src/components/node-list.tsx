/** Every node of the run in a searchable, filterable, virtualised list. */
import { useMemo, useState } from 'react';
import type { NodeStatus } from '../api/types';
import { allPhases, lookOf } from '../model/phase';
import { formatDuration, secondsBetween } from '../model/time';
import { VirtualList } from './virtual-list';

export function NodeList({
  nodes,
  onSelect,
}: {
  readonly nodes: Readonly<Record<string, NodeStatus>>;
  readonly onSelect: (id: string) => void;
}) {
  const [text, setText] = useState('');
  const [phase, setPhase] = useState('');
  const shown = useMemo(
    () =>
      Object.values(nodes).filter(
        (n) =>
          (!phase || n.phase === phase) &&
          (!text || n.displayName.toLowerCase().includes(text.toLowerCase())),
      ),
    [nodes, text, phase],
  );
  return (
    <section aria-label="All nodes">
      <div className="toolbar">
        <label>
          Find node <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <label>
          Phase{' '}
          <select value={phase} onChange={(e) => setPhase(e.target.value)}>
            <option value="">any</option>
            {[...allPhases, 'Skipped', 'Omitted'].map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <span role="status">{shown.length} nodes</span>
      </div>
      <VirtualList
        label="Nodes"
        items={shown}
        rowHeight={28}
        height={420}
        render={(node) => {
          const look = lookOf(node.phase);
          return (
            <button type="button" className="link-row" onClick={() => onSelect(node.id)}>
              <span aria-hidden="true">{look.icon}</span> {node.displayName} · {node.type} · {look.label} ·{' '}
              {formatDuration(secondsBetween(node.startedAt, node.finishedAt))}
            </button>
          );
        }}
      />
    </section>
  );
}
