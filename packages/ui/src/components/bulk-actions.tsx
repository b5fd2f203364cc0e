/** Actions on the selected runs: stop, retry, delete (each asks first). */
import { actOnWorkflow, deleteWorkflow } from '../api/endpoints';
import type { Workflow } from '../api/types';
import { ActionButton } from './confirm';

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
  return (
    <fieldset className="row bulk">
      <legend className="sr-only">Bulk actions</legend>
      <span>{count} selected</span>
      <ActionButton
        label={`Stop ${count}`}
        disabled={!count}
        danger
        confirm={`Stop ${count} run(s)?`}
        onConfirm={each((ns, n) => actOnWorkflow(ns, n, 'stop'))}
      />
      <ActionButton
        label={`Retry ${count}`}
        disabled={!count}
        confirm={`Retry ${count} run(s)?`}
        onConfirm={each((ns, n) => actOnWorkflow(ns, n, 'retry'))}
      />
      <ActionButton
        label={`Delete ${count}`}
        disabled={!count}
        danger
        confirm={`Delete ${count} run(s) with their logs and artifacts?`}
        onConfirm={each(deleteWorkflow)}
      />
    </fieldset>
  );
}
