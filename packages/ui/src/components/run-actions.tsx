/**
 * The run's buttons: retry, resubmit, stop, terminate, suspend/resume, delete (destructive ones
 * ask first); only those the token's role may use in the run's namespace are shown.
 */
import { actOnWorkflow, deleteWorkflow } from '../api/endpoints';
import { Labels, type Workflow } from '../api/types';
import { useAccess } from '../api/use-access';
import { isFinished } from '../model/phase';
import { Link, navigate } from '../router/navigation';
import { hrefs } from '../router/routes';
import { ActionButton } from './confirm';
import { ReadOnlyNote } from './read-only';

export function RunActions({
  workflow,
  adopt,
}: {
  readonly workflow: Workflow;
  readonly adopt: (w: Workflow) => void;
}) {
  const { namespace = 'default', name } = workflow.metadata;
  const phase = workflow.status?.phase;
  const finished = isFinished(phase);
  const suspended = (workflow.spec as { suspend?: boolean }).suspend === true;
  const templateName = workflow.metadata.labels?.[Labels.workflowTemplate];
  const clusterTemplate = workflow.metadata.labels?.[Labels.clusterWorkflowTemplate];
  const act = (action: 'retry' | 'stop' | 'terminate' | 'suspend' | 'resume') => async () =>
    adopt(await actOnWorkflow(namespace, name, action));
  const access = useAccess();
  const may = (action: Parameters<typeof access.can>[0]) => access.can(action, namespace);
  const rerun = (templateName || clusterTemplate) && may('submit');
  if (!access.loaded) return null;
  if (!may('retry') && !may('delete-workflow') && !rerun) return <ReadOnlyNote access={access} />;
  return (
    <fieldset className="row actions">
      <legend className="sr-only">Run actions</legend>
      {may('retry') && (
        <ActionButton label="Retry" disabled={!finished || phase === 'Succeeded'} onConfirm={act('retry')}>
          ↻ Retry
        </ActionButton>
      )}
      {may('resubmit') && (
        <ActionButton
          label="Resubmit"
          onConfirm={async () => {
            const created = await actOnWorkflow(namespace, name, 'resubmit');
            navigate(hrefs.run(created.metadata.namespace ?? namespace, created.metadata.name));
          }}
        >
          ⟳ Resubmit
        </ActionButton>
      )}
      {may('stop') && (
        <ActionButton
          label="Stop"
          danger
          disabled={finished}
          confirm={`Stop ${name}? Running steps are stopped; exit handlers still run.`}
          onConfirm={act('stop')}
        >
          ■ Stop
        </ActionButton>
      )}
      {may('terminate') && (
        <ActionButton
          label="Terminate"
          danger
          disabled={finished}
          confirm={`Terminate ${name}? Running steps are stopped and exit handlers do not run.`}
          onConfirm={act('terminate')}
        >
          ✖ Terminate
        </ActionButton>
      )}
      {!may(suspended ? 'resume' : 'suspend') ? null : suspended ? (
        <ActionButton label="Resume" disabled={finished} onConfirm={act('resume')}>
          ▶ Resume
        </ActionButton>
      ) : (
        <ActionButton label="Suspend" disabled={finished} onConfirm={act('suspend')}>
          ‖ Suspend
        </ActionButton>
      )}
      {may('delete-workflow') && (
        <ActionButton
          label="Delete"
          danger
          confirm={`Delete ${name} with its logs and artifacts? This cannot be undone.`}
          onConfirm={async () => {
            await deleteWorkflow(namespace, name);
            navigate(hrefs.runs({ ns: namespace }));
          }}
        >
          ✕ Delete
        </ActionButton>
      )}
      {rerun && (
        <Link
          className="button"
          href={hrefs.runForm(
            templateName ? { namespace, name: templateName } : { name: clusterTemplate as string },
            { namespace, name },
          )}
        >
          Re-run with these parameters
        </Link>
      )}
    </fieldset>
  );
}
