/**
 * All runs: every workflow with filters held in the URL (namespace, phase, template, label, time
 * range, name), keyset paging, live updates from the watch stream and bulk actions.
 */
import { useEffect, useMemo, useState } from 'react';
import { listWorkflows } from '../api/endpoints';
import type { Workflow } from '../api/types';
import { useAccess } from '../api/use-access';
import { useResource } from '../api/use-resource';
import { watchWorkflows } from '../api/watch';
import { BulkActions } from '../components/bulk-actions';
import { Phase } from '../components/phase';
import { VirtualList } from '../components/virtual-list';
import { allPhases } from '../model/phase';
import { filtersOf, labelSelectorOf, listQueryOf, type RunFilters, sinceChoices } from '../model/run-filters';
import { formatDuration, formatTime, secondsBetween } from '../model/time';
import { triggerOf } from '../model/trigger';
import { Link, setQuery, useLocation } from '../router/navigation';
import { hrefs } from '../router/routes';

const pageSize = 200;
const keyOf = (w: Workflow) => `${w.metadata.namespace}/${w.metadata.name}`;

function useLiveList(filters: RunFilters, after: string | undefined) {
  const list = useResource(
    () => listWorkflows(listQueryOf(filters, Date.now(), pageSize, after)),
    [JSON.stringify(filters), after],
  );
  const [rows, setRows] = useState<Workflow[]>([]);
  useEffect(() => setRows([...(list.data?.items ?? [])]), [list.data]);
  useEffect(() => {
    const abort = new AbortController();
    void watchWorkflows(
      filters.ns || undefined,
      { labelSelector: labelSelectorOf(filters), fields: '-result.object.status.nodes' },
      (event) => {
        if (filters.q && !event.object.metadata.name.includes(filters.q)) return;
        setRows((old) => {
          const key = keyOf(event.object);
          const at = old.findIndex((w) => keyOf(w) === key);
          if (event.type === 'DELETED') return at < 0 ? old : old.filter((_, i) => i !== at);
          if (at >= 0) return old.map((w, i) => (i === at ? event.object : w));
          return after ? old : [event.object, ...old];
        });
      },
      abort.signal,
    );
    return () => abort.abort();
  }, [filters, after]);
  const sorted = [...rows].sort((a, b) =>
    (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''),
  );
  return { rows: sorted, error: list.error, next: list.data?.metadata?.continue, loading: list.loading };
}

function FilterBar({ filters }: { readonly filters: RunFilters }) {
  const set = (key: keyof RunFilters) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setQuery({ [key]: e.target.value, after: undefined }, { replace: key === 'q' });
  return (
    <form className="toolbar filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <label>
        Namespace <input value={filters.ns} onChange={set('ns')} placeholder="all" size={10} />
      </label>
      <label>
        Phase{' '}
        <select value={filters.phase} onChange={set('phase')}>
          <option value="">any</option>
          {allPhases.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </label>
      <label>
        Template <input value={filters.template} onChange={set('template')} size={12} />
      </label>
      <label>
        Label <input value={filters.label} onChange={set('label')} placeholder="key=value" size={14} />
      </label>
      <label>
        Created within{' '}
        <select value={filters.since} onChange={set('since')}>
          <option value="">any time</option>
          {Object.keys(sinceChoices).map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Name <input type="search" value={filters.q} onChange={set('q')} size={14} />
      </label>
    </form>
  );
}

export function RunsPage() {
  const { search } = useLocation();
  const filters = filtersOf(search);
  const after = search.get('after') ?? undefined;
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const filterKey = JSON.stringify(filters);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the filters
  const stable = useMemo(() => filters, [filterKey]);
  const { rows, error, next, loading } = useLiveList(stable, after);
  const selected = rows.filter((w) => checked.has(keyOf(w)));
  // Rows are selected for the bulk actions only; a viewer's rows have no checkbox column.
  const selectable = useAccess().canSomewhere('stop');
  const unselectable = selectable ? '' : ' unselectable';
  return (
    <main aria-labelledby="runs-title">
      <h1 id="runs-title">All runs</h1>
      <FilterBar filters={filters} />
      {error && <p role="alert">Could not list runs: {error}</p>}
      <BulkActions selected={selected} onDone={() => setChecked(new Set())} />
      <div className={`runs-head row${unselectable}`} aria-hidden="true">
        {selectable && <span className="c-check" />}
        <span className="c-name">Name</span>
        <span className="c-phase">Status</span>
        <span className="c-trigger">Trigger</span>
        <span className="c-time">Started</span>
        <span className="c-dur">Duration</span>
      </div>
      {loading && rows.length === 0 ? (
        <p className="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p>No runs match.</p>
      ) : null}
      <VirtualList
        label="Runs"
        items={rows}
        rowHeight={34}
        height={560}
        render={(w) => {
          const key = keyOf(w);
          return (
            <div className={`run-row row${unselectable}`}>
              {selectable && (
                <span className="c-check">
                  <input
                    type="checkbox"
                    aria-label={`Select ${w.metadata.name}`}
                    checked={checked.has(key)}
                    onChange={() =>
                      setChecked((s) => {
                        const n = new Set(s);
                        n.has(key) ? n.delete(key) : n.add(key);
                        return n;
                      })
                    }
                  />
                </span>
              )}
              <span className="c-name">
                <Link href={hrefs.run(w.metadata.namespace ?? 'default', w.metadata.name)}>
                  {w.metadata.namespace}/{w.metadata.name}
                </Link>
              </span>
              <span className="c-phase">
                <Phase phase={w.status?.phase} />
              </span>
              <span className="c-trigger">{triggerOf(w.metadata)}</span>
              <span className="c-time">
                {formatTime(w.status?.startedAt ?? w.metadata.creationTimestamp)}
              </span>
              <span className="c-dur">
                {formatDuration(secondsBetween(w.status?.startedAt, w.status?.finishedAt))}
              </span>
            </div>
          );
        }}
      />
      <nav className="row" aria-label="Pages">
        {after && <Link href={hrefs.runs({ ...filters })}>« Newest</Link>}
        {next && <Link href={hrefs.runs({ ...filters, after: next })}>Next page »</Link>}
      </nav>
    </main>
  );
}
