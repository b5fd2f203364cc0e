/** A list whose rows are mounted only while visible (@tanstack/react-virtual), for 10,000s of rows. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useRef } from 'react';

interface Props<T> {
  readonly items: readonly T[];
  readonly rowHeight: number;
  readonly height: number;
  readonly label: string;
  readonly render: (item: T, index: number) => ReactNode;
  readonly className?: string;
}

export function VirtualList<T>({ items, rowHeight, height, label, render, className }: Props<T>) {
  const parent = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => parent.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  });
  return (
    <div ref={parent} className={`vlist ${className ?? ''}`} style={{ height, overflow: 'auto' }}>
      <ul
        aria-label={label}
        style={{
          height: virtualizer.getTotalSize(),
          position: 'relative',
          margin: 0,
          padding: 0,
          listStyle: 'none',
        }}
      >
        {virtualizer.getVirtualItems().map((row) => (
          <li
            key={row.key}
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              right: 0,
              height: rowHeight,
              transform: `translateY(${row.start}px)`,
            }}
          >
            {render(items[row.index], row.index)}
          </li>
        ))}
      </ul>
    </div>
  );
}
