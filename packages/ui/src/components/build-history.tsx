import type { TemplateRef } from '../api/endpoints';
import type { HistoryRow } from '../model/history';
import { formatDuration, formatTime } from '../model/time';
import { Link } from '../router/navigation';
import { hrefs } from '../router/routes';
import { Phase } from './phase';

interface Props {
  readonly templateRef: TemplateRef;
  readonly rows?: readonly HistoryRow[];
  readonly error?: string;
  readonly next?: string;
  readonly paged: boolean;
}

const withQuery = (changes: Record<string, string | undefined>) => {
  const search = new URLSearchParams(window.location.search);
  for (const [k, v] of Object.entries(changes)) v ? search.set(k, v) : search.delete(k);
  const text = search.toString();
  return `${window.location.pathname}${text ? `?${text}` : ''}`;
};

/** Build history, newest first: number, status, trigger, parameters, start, duration, re-run. */
export function BuildHistory({ templateRef, rows, error, next, paged }: Props) {
  if (error) return <p role="alert">Could not load the build history: {error}</p>;
  if (!rows) return <p className="muted">Loading build history…</p>;
  if (rows.length === 0) return <p>No runs yet.</p>;
  return (
    <section aria-label="Build history">
      <table className="table" data-testid="build-history">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Status</th>
            <th scope="col">Trigger</th>
            <th scope="col">Parameters</th>
            <th scope="col">Started</th>
            <th scope="col">Duration</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((run) => {
            const namespace = run.namespace ?? templateRef.namespace ?? 'default';
            return (
              <tr key={run.uid} data-run-number={run.runNumber}>
                <th scope="row">
                  <Link href={hrefs.run(namespace, run.name)}>
                    {run.runNumber !== undefined ? `#${run.runNumber}` : run.name}
                  </Link>
                </th>
                <td>
                  <Phase phase={run.phase} />
                </td>
                <td>{run.trigger}</td>
                <td>
                  {run.parameters.map((p) => (
                    <code key={p.name} className="param">
                      {p.name}={p.value}
                    </code>
                  ))}
                </td>
                <td>{formatTime(run.startedAt ?? run.creationTimestamp)}</td>
                <td>{formatDuration(run.duration)}</td>
                <td>
                  <Link href={hrefs.runForm(templateRef, { namespace, name: run.name })}>
                    Re-run with these parameters
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <nav className="row" aria-label="Build history pages">
        {paged && <Link href={withQuery({ after: undefined })}>« Newest</Link>}
        {next && <Link href={withQuery({ after: next })}>Older »</Link>}
      </nav>
    </section>
  );
}
