/**
 * Actions on the selected runs: stop, retry, delete (each asks first). Only the actions the
 * token's role allows are shown, each disabled while a selected run is in a namespace it does not cover.
 */
import { actOnWorkflow, deleteWorkflow } from '../api/endpoints';
import type { Workflow } from '../api/types';
import { useAccess } from '../api/use-access';
import type { Action } from '../model/access';
import { ActionButton } from './confirm';
import { ReadOnlyNote } from './read-only';

export function BulkActions({
  selected,
  onDone,
}: {
  readonly selected: readonly Workflow[];
  readonly onDone: () => void;
}) {
  const each = (act: (ns: string, name: string) => Promise<unknown>) => async () => {
    const results = await Promise.allSettled(
      selected.map((w) => act(w.metadata.namespace ?? 'default', w.metadata.name)),
    );
    onDone();
    const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    if (failed.length)
      throw new Error(`${failed.length} of ${results.length} failed: ${(failed[0].reason as Error).message}`);
  };
  const count = selected.length;
  const access = useAccess();
  const shown = (action: Action) => access.canSomewhere(action);
  const blocked = (action: Action) =>
    !count || selected.some((w) => !access.can(action, w.metadata.namespace ?? 'default'));
  if (!access.loaded) return null;
  if (!shown('stop') && !shown('delete-workflow')) return <ReadOnlyNote access={access} />;
  return (
    <fieldset className="row bulk">
      <legend className="sr-only">Bulk actions</legend>
      <span>{count} selected</span>
      {shown('stop') && (
        <ActionButton
          label={`Stop ${count}`}
          disabled={blocked('stop')}
          danger
          confirm={`Stop ${count} run(s)?`}
          onConfirm={each((ns, n) => actOnWorkflow(ns, n, 'stop'))}
        />
      )}
      {shown('retry') && (
        <ActionButton
          label={`Retry ${count}`}
          disabled={blocked('retry')}
          confirm={`Retry ${count} run(s)?`}
          onConfirm={each((ns, n) => actOnWorkflow(ns, n, 'retry'))}
        />
      )}
      {shown('delete-workflow') && (
        <ActionButton
          label={`Delete ${count}`}
          disabled={blocked('delete-workflow')}
          danger
          confirm={`Delete ${count} run(s) with their logs and artifacts?`}
          onConfirm={each(deleteWorkflow)}
        />
      )}
    </fieldset>
  );
}
