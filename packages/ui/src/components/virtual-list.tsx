/** A list whose rows are mounted only while visible (@tanstack/react-virtual), for 10,000s of rows. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useEffect, useRef } from 'react';

interface Props<T> {
  readonly items: readonly T[];
  readonly rowHeight: number;
  readonly height: number;
  readonly label: string;
  readonly render: (item: T, index: number) => ReactNode;
  readonly className?: string;
  /** Keep the end in view as rows are added, while the reader is at the end (a followed log). */
  readonly followEnd?: boolean;
}

export function VirtualList<T>({ items, rowHeight, height, label, render, className, followEnd }: Props<T>) {
  const parent = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => parent.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  });
  const atEnd = useRef(true);
  useEffect(() => {
    const el = parent.current;
    if (followEnd && el && atEnd.current && items.length > 0) el.scrollTop = el.scrollHeight;
  }, [followEnd, items.length]);
  const onScroll = () => {
    const el = parent.current;
    if (el) atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 2 * rowHeight;
  };
  return (
    <div
      ref={parent}
      className={`vlist ${className ?? ''}`}
      style={{ height, overflow: 'auto' }}
      onScroll={onScroll}
    >
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
