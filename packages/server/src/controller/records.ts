/**
 * What the controller keeps in a workflow's event log (Store.appendEvents):
 *
 *   seq 0      init   — everything the reducer's initial state is built from, as resolved at the
 *                       workflow's first start (templates and ConfigMaps are snapshotted, like
 *                       Argo's status.storedWorkflowTemplateSpec), with the name, uid and time
 *   seq 1..n   event  — one reducer event and the time it was applied at (engine JournalRecord)
 *
 * Replaying init + events through the pure reducer rebuilds the exact state (see engine run/replay.ts).
 */
import type { ConfigMap, Workflow, WorkflowTemplate } from '@weft/core';
import type { JournalRecord } from '@weft/engine';

export interface InitRecord {
  readonly kind: 'init';
  readonly workflow: Workflow;
  readonly templates: readonly WorkflowTemplate[];
  readonly configMaps: readonly ConfigMap[];
  readonly uid: string;
  readonly now: number;
}

export interface EventRecord extends JournalRecord {
  readonly kind: 'event';
}

export type LogRecord = InitRecord | EventRecord;

/** Splits a stored log into its init record and events; undefined when it has none. */
export function parseLog(
  records: readonly unknown[],
): { init: InitRecord; events: EventRecord[] } | undefined {
  const [first, ...rest] = records as LogRecord[];
  if (!first) return undefined;
  if (first.kind !== 'init') throw new Error('event log does not start with an init record');
  return { init: first, events: rest as EventRecord[] };
}

export function eventRecord(record: JournalRecord): EventRecord {
  return { kind: 'event', event: record.event, now: record.now };
}
