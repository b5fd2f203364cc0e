/** Build history rows: the run summaries joined with their workflows' labels and parameters. */
import type { RunSummary, Workflow } from '../api/types';
import { type Trigger, triggerOf } from './trigger';

export interface HistoryRow extends RunSummary {
  readonly trigger: Trigger;
  readonly parameters: readonly { readonly name: string; readonly value?: string }[];
}

export function historyRows(runs: readonly RunSummary[], workflows: readonly Workflow[]): HistoryRow[] {
  const byName = new Map(workflows.map((w) => [`${w.metadata.namespace}/${w.metadata.name}`, w]));
  return runs.map((run) => {
    const workflow = byName.get(`${run.namespace}/${run.name}`);
    return {
      ...run,
      trigger: workflow ? triggerOf(workflow.metadata) : 'API',
      parameters: workflow?.spec.arguments?.parameters ?? [],
    };
  });
}
