/**
 * Fields a local run accepts but cannot act on (there is one node and no pods to collect), said
 * once so a user is not surprised: notes, not problems.
 */
import type { Template, WorkflowSpec } from '../spec/types.js';

export function localRunNotes(spec: WorkflowSpec | undefined, templates: readonly Template[] = []): string[] {
  const notes: string[] = [];
  const all = [...(spec?.templates ?? []), ...templates];
  const affinity =
    spec?.retryStrategy?.affinity !== undefined || all.some((t) => t.retryStrategy?.affinity !== undefined);
  if (affinity) notes.push('retryStrategy.affinity is ignored: a local run has a single node to retry on');
  if (spec?.podGC !== undefined)
    notes.push(
      'podGC has no effect locally: step processes end with their steps; logs and artifacts stay in the run directory',
    );
  if (spec?.ttlStrategy !== undefined)
    notes.push(
      'ttlStrategy has no effect on weft run: the run directory is kept until you delete it (weft delete)',
    );
  return notes;
}
