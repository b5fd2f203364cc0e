/** The run's buttons: retry, resubmit, stop, terminate, suspend/resume, delete (destructive ones ask first). */
import { actOnWorkflow, deleteWorkflow } from '../api/endpoints';
import { Labels, type Workflow } from '../api/types';
import { isFinished } from '../model/phase';
import { Link, navigate } from '../router/navigation';
import { hrefs } from '../router/routes';
import { ActionButton } from './confirm';

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
  return (
    <fieldset className="row actions">
      <legend className="sr-only">Run actions</legend>
      <ActionButton label="Retry" disabled={!finished || phase === 'Succeeded'} onConfirm={act('retry')}>
        ↻ Retry
      </ActionButton>
      <ActionButton
        label="Resubmit"
        onConfirm={async () => {
          const created = await actOnWorkflow(namespace, name, 'resubmit');
          navigate(hrefs.run(created.metadata.namespace ?? namespace, created.metadata.name));
        }}
      >
        ⟳ Resubmit
      </ActionButton>
      <ActionButton
        label="Stop"
        danger
        disabled={finished}
        confirm={`Stop ${name}? Running steps are stopped; exit handlers still run.`}
        onConfirm={act('stop')}
      >
        ■ Stop
      </ActionButton>
      <ActionButton
        label="Terminate"
        danger
        disabled={finished}
        confirm={`Terminate ${name}? Running steps are stopped and exit handlers do not run.`}
        onConfirm={act('terminate')}
      >
        ✖ Terminate
      </ActionButton>
      {suspended ? (
        <ActionButton label="Resume" disabled={finished} onConfirm={act('resume')}>
          ▶ Resume
        </ActionButton>
      ) : (
        <ActionButton label="Suspend" disabled={finished} onConfirm={act('suspend')}>
          ‖ Suspend
        </ActionButton>
      )}
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
      {(templateName || clusterTemplate) && (
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
