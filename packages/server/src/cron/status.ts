import { ConflictError, type Store } from '@weft/engine';
import {
  type ActiveReference,
  asCronWorkflow,
  type CronCondition,
  type CronWorkflowObject,
  type CronWorkflowStatus,
} from './types.js';

/** A change to a CronWorkflow, applied to a fresh copy on every attempt of a conflicting write. */
export type CronChange = (cron: CronWorkflowObject) => void;

const maxAttempts = 10;

/**
 * Applies `changes` to the stored CronWorkflow (the same uid) and writes it with optimistic
 * concurrency, re-reading and re-applying on ConflictError. Writes nothing when the changes leave it
 * as it was or it is gone. Returns the stored object (or undefined when gone).
 */
export async function writeCronChanges(
  store: Store,
  cron: CronWorkflowObject,
  changes: readonly CronChange[],
): Promise<CronWorkflowObject | undefined> {
  const key = { kind: 'CronWorkflow' as const, namespace: cron.metadata.namespace, name: cron.metadata.name };
  let current: CronWorkflowObject | undefined = cron;
  for (let attempt = 1; ; attempt++) {
    if (!current || current.metadata.uid !== cron.metadata.uid) return undefined;
    const draft = structuredClone(current);
    for (const change of changes) change(draft);
    if (JSON.stringify(draft) === JSON.stringify(current)) return current;
    try {
      return asCronWorkflow(await store.update(draft));
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= maxAttempts) throw error;
      const fresh = await store.get(key);
      current = fresh ? asCronWorkflow(fresh) : undefined;
    }
  }
}

/** The status object of a CronWorkflow, created when absent. */
export function statusOf(cron: CronWorkflowObject): CronWorkflowStatus {
  cron.status ??= {};
  return cron.status;
}

/** Argo's UpsertCondition: one condition per type, `status: "True"`. */
export function setCondition(type: string, message: string): CronChange {
  return (cron) => {
    const status = statusOf(cron);
    const others = (status.conditions ?? []).filter((condition) => condition.type !== type);
    const condition: CronCondition = { type, status: 'True', message };
    status.conditions = [...others, condition];
  };
}

/** Argo's RemoveCondition. */
export function removeCondition(type: string): CronChange {
  return (cron) => {
    const conditions = cron.status?.conditions;
    if (!conditions?.some((condition) => condition.type === type)) return;
    statusOf(cron).conditions = conditions.filter((condition) => condition.type !== type);
  };
}

export function hasCondition(cron: CronWorkflowObject, type: string, message?: string): boolean {
  return (cron.status?.conditions ?? []).some(
    (condition) => condition.type === type && (message === undefined || condition.message === message),
  );
}

export function addActive(reference: ActiveReference): CronChange {
  return (cron) => {
    const status = statusOf(cron);
    const active = status.active ?? [];
    if (!active.some((entry) => entry.uid === reference.uid)) status.active = [...active, reference];
  };
}

export function setLabel(name: string, value: string): CronChange {
  return (cron) => {
    cron.metadata.labels = { ...cron.metadata.labels, [name]: value };
  };
}

export function setAnnotation(name: string, value: string): CronChange {
  return (cron) => {
    cron.metadata.annotations = { ...cron.metadata.annotations, [name]: value };
  };
}

/** A working copy of a CronWorkflow and the changes made to it, to be written with writeCronChanges. */
export class CronDraft {
  readonly cron: CronWorkflowObject;
  readonly changes: CronChange[] = [];

  constructor(readonly original: CronWorkflowObject) {
    this.cron = structuredClone(original);
  }

  apply(change: CronChange): void {
    change(this.cron);
    this.changes.push(change);
  }

  write(store: Store): Promise<CronWorkflowObject | undefined> {
    return writeCronChanges(store, this.original, this.changes);
  }
}
