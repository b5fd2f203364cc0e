/** Runs × steps (like Jenkins' Stage View): one row per run, one column per step, cells by phase. */
import { enc, getJson } from '../api/client';
import type { NodeStatus, Workflow } from '../api/types';
import { useResource } from '../api/use-resource';
import type { HistoryRow } from '../model/history';
import { lookOf } from '../model/phase';
import { formatDuration, secondsBetween } from '../model/time';
import { Link } from '../router/navigation';
import { hrefs } from '../router/routes';

const stepName = (node: NodeStatus) => (node.displayName ?? node.name).replace(/\(\d+(:.*)?\)$/, '');

async function stepsOf(runs: readonly HistoryRow[], order: readonly string[]) {
  const loaded = await Promise.all(
    runs
      .slice(0, 10)
      .map((run) =>
        getJson<Workflow>(
          `/api/v1/workflows/${enc(run.namespace ?? 'default')}/${enc(run.name)}?nodes.type=Pod,Suspend&nodes.limit=500`,
        ).catch(() => undefined),
      ),
  );
  const firstStart = new Map<string, string>();
  const rows = loaded.map((workflow, i) => {
    const cells = new Map<string, NodeStatus>();
    for (const node of Object.values(workflow?.status?.nodes ?? {})) {
      const name = stepName(node);
      const started = node.startedAt ?? '9999';
      if (!firstStart.has(name) || started < (firstStart.get(name) as string)) firstStart.set(name, started);
      const seen = cells.get(name);
      if (!seen || (seen.phase === 'Succeeded' && node.phase !== 'Succeeded')) cells.set(name, node);
    }
    return { run: runs[i], cells };
  });
  // Steps in the template's order, then any others in the order they first ran.
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const columns = [...firstStart.keys()].sort(
    (a, b) => rank(a) - rank(b) || ((firstStart.get(a) as string) < (firstStart.get(b) as string) ? -1 : 1),
  );
  return { columns, rows };
}

export function StepsGrid({
  runs,
  order,
}: {
  readonly runs: readonly HistoryRow[];
  readonly order: readonly string[];
}) {
  const key = runs
    .slice(0, 10)
    .map((r) => `${r.name}:${r.phase}`)
    .join(',');
  const grid = useResource(() => stepsOf(runs, order), [key, order.join()]);
  if (grid.error) return <p role="alert">{grid.error}</p>;
  if (!grid.data) return <p className="muted">Loading steps…</p>;
  return (
    <table className="table grid" aria-label="Runs by steps">
      <thead>
        <tr>
          <th scope="col">Run</th>
          {grid.data.columns.map((c) => (
            <th scope="col" key={c}>
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {grid.data.rows.map(({ run, cells }) => (
          <tr key={run.uid}>
            <th scope="row">
              <Link href={hrefs.run(run.namespace ?? 'default', run.name)}>#{run.runNumber ?? run.name}</Link>
            </th>
            {grid.data?.columns.map((c) => {
              const node = cells.get(c);
              const look = lookOf(node?.phase);
              return (
                <td key={c} className={node ? `cell tone-${look.tone}` : 'cell'}>
                  {node
                    ? `${look.icon} ${formatDuration(secondsBetween(node.startedAt, node.finishedAt))}`
                    : '—'}
                  {node && <span className="sr-only"> {look.label}</span>}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
