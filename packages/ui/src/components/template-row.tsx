import type { TemplateRef } from '../api/endpoints';
import { listTemplateRuns } from '../api/endpoints';
import type { WorkflowTemplate } from '../api/types';
import { useResource } from '../api/use-resource';
import { formatAgo, formatDuration } from '../model/time';
import { Link } from '../router/navigation';
import { hrefs } from '../router/routes';
import { Phase } from './phase';
import { Sparkline } from './sparkline';

/** One catalog row: the template, its last run, and its last 20 runs as a sparkline. */
export function TemplateRow({
  template,
  runnable,
}: {
  readonly template: WorkflowTemplate;
  /** Whether the token may start runs of it: the Run column is left out otherwise. */
  readonly runnable: boolean;
}) {
  const ref: TemplateRef = { namespace: template.metadata.namespace, name: template.metadata.name };
  const runs = useResource(() => listTemplateRuns(ref, 20), [ref.namespace, ref.name]);
  const items = runs.data?.items ?? [];
  const last = items[0];
  return (
    <tr>
      <th scope="row">
        <Link href={hrefs.template(ref)}>{ref.name}</Link>
      </th>
      <td>
        {last ? (
          <Link href={hrefs.run(last.namespace ?? ref.namespace ?? 'default', last.name)}>
            <Phase phase={last.phase} />
          </Link>
        ) : (
          <span className="muted">never run</span>
        )}
      </td>
      <td>{formatDuration(last?.duration)}</td>
      <td>{last ? formatAgo(last.startedAt ?? last.creationTimestamp) : '—'}</td>
      <td>
        <Sparkline runs={[...items].reverse()} />
      </td>
      {runnable && (
        <td>
          <Link className="button primary" href={hrefs.runForm(ref)} aria-label={`Run ${ref.name}`}>
            ▶ Run
          </Link>
        </td>
      )}
    </tr>
  );
}
