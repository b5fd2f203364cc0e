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

async function stepsOf(runs: readonly HistoryRow[]) {
  const loaded = await Promise.all(
    runs
      .slice(0, 10)
      .map((run) =>
        getJson<Workflow>(
          `/api/v1/workflows/${enc(run.namespace ?? 'default')}/${enc(run.name)}?nodes.type=Pod,Suspend&nodes.limit=500`,
        ).catch(() => undefined),
      ),
  );
  const columns: string[] = [];
  const rows = loaded.map((workflow, i) => {
    const cells = new Map<string, NodeStatus>();
    for (const node of Object.values(workflow?.status?.nodes ?? {})) {
      const name = stepName(node);
      if (!columns.includes(name)) columns.push(name);
      const seen = cells.get(name);
      if (!seen || (seen.phase === 'Succeeded' && node.phase !== 'Succeeded')) cells.set(name, node);
    }
    return { run: runs[i], cells };
  });
  return { columns, rows };
}

export function StepsGrid({ runs }: { readonly runs: readonly HistoryRow[] }) {
  const key = runs
    .slice(0, 10)
    .map((r) => `${r.name}:${r.phase}`)
    .join(',');
  const grid = useResource(() => stepsOf(runs), [key]);
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
