import { setCronSuspended } from '../api/endpoints';
import { type CronWorkflow, Labels } from '../api/types';
import { useAccess } from '../api/use-access';
import { formatAgo, formatTime } from '../model/time';
import { Link } from '../router/navigation';
import { hrefs } from '../router/routes';
import { ActionButton } from './confirm';

/** CronWorkflows with their schedule, next run and a suspend/resume button (for editors). */
export function CronTable({
  crons,
  onChange,
}: {
  readonly crons: readonly CronWorkflow[];
  readonly onChange: () => void;
}) {
  const access = useAccess();
  return (
    <section aria-labelledby="crons-title">
      <h2 id="crons-title">Scheduled (CronWorkflows)</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Cron workflow</th>
            <th scope="col">Schedule</th>
            <th scope="col">Next run</th>
            <th scope="col">Last run</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {crons.map((cron) => {
            const { namespace = 'default', name } = cron.metadata;
            const suspended = cron.spec.suspend === true;
            const schedule = [cron.spec.schedule, ...(cron.spec.schedules ?? [])].filter(Boolean).join(', ');
            return (
              <tr key={`${namespace}/${name}`}>
                <th scope="row">
                  <Link href={hrefs.runs({ ns: namespace, label: `${Labels.cronWorkflow}=${name}` })}>
                    {namespace}/{name}
                  </Link>
                </th>
                <td>
                  <code>{schedule}</code>
                  {cron.spec.timezone ? ` (${cron.spec.timezone})` : ''}
                </td>
                <td>{suspended ? 'suspended' : formatTime(cron.status?.nextScheduledRunTime)}</td>
                <td>{formatAgo(cron.status?.lastScheduledTime)}</td>
                <td>
                  <span>{suspended ? '‖ Suspended' : '▶ Active'}</span>{' '}
                  {access.can('edit-cron', namespace) && (
                    <ActionButton
                      label={suspended ? `Resume ${name}` : `Suspend ${name}`}
                      onConfirm={async () => {
                        await setCronSuspended(namespace, name, !suspended);
                        onChange();
                      }}
                    >
                      {suspended ? 'Resume' : 'Suspend'}
                    </ActionButton>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
