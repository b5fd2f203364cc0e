/** Who started a run: a cron, a parent workflow, a resubmit, a person in the UI, or the API. */
import { Labels, type ObjectMeta } from '../api/types';

export type Trigger = 'cron' | 'parent' | 'resubmit' | 'manual' | 'API';

/** The UI labels the runs it submits so the build history can say "manual". */
export const triggerLabel = 'weft.dev/trigger';

export function triggerOf(
  metadata: ObjectMeta & { ownerReferences?: readonly { kind?: string }[] },
): Trigger {
  const labels = metadata.labels ?? {};
  if (labels[Labels.cronWorkflow]) return 'cron';
  if (labels[Labels.resubmittedFrom]) return 'resubmit';
  if (metadata.ownerReferences?.some((owner) => owner.kind === 'Workflow')) return 'parent';
  if (labels[triggerLabel] === 'manual') return 'manual';
  return 'API';
}
