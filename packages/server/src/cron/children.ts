import type { Store, StoredObject } from '@weft/engine';
import {
  cronWorkflowLabel,
  workflowApiVersion,
  workflowCompletedLabel,
  workflowPhaseLabel,
} from './argo-names.js';
import { type CronChange, statusOf } from './status.js';
import type { ActiveReference, CronWorkflowObject } from './types.js';

/** The runs of one CronWorkflow as the store holds them, read once per reconcile. */
export interface ChildWorkflow {
  readonly object: StoredObject;
  readonly uid: string;
  readonly name: string;
  readonly phase: string | undefined;
  /** Argo's Status.Fulfilled(): the run ended (or carries the completed label). */
  readonly finished: boolean;
  /** When it finished (its creation time when unknown), for history order. */
  readonly finishedAt: string;
}

const finalPhases = new Set(['Succeeded', 'Failed', 'Error']);

export function toChild(object: StoredObject): ChildWorkflow {
  const status = (object.status ?? {}) as { phase?: string; finishedAt?: string };
  const labels = object.metadata.labels ?? {};
  const phase = status.phase ?? labels[workflowPhaseLabel];
  return {
    object,
    uid: object.metadata.uid,
    name: object.metadata.name,
    phase,
    finished: labels[workflowCompletedLabel] === 'true' || (phase !== undefined && finalPhases.has(phase)),
    finishedAt: status.finishedAt ?? object.metadata.creationTimestamp,
  };
}

/**
 * Every Workflow labelled as a run of this CronWorkflow. A run whose controller owner reference
 * names another uid belongs to an earlier CronWorkflow of the same name and is left out.
 */
export async function listChildren(store: Store, cron: CronWorkflowObject): Promise<ChildWorkflow[]> {
  const children: ChildWorkflow[] = [];
  let token: string | undefined;
  do {
    const page = await store.list('Workflow', {
      namespace: cron.metadata.namespace,
      labelSelector: `${cronWorkflowLabel}=${cron.metadata.name}`,
      limit: 500,
      continue: token,
    });
    for (const item of page.items) if (ownedBy(item, cron)) children.push(toChild(item));
    token = page.continue;
  } while (token);
  return children;
}

function ownedBy(workflow: StoredObject, cron: CronWorkflowObject): boolean {
  const owners = workflow.metadata.ownerReferences;
  if (!Array.isArray(owners)) return true;
  const owner = owners.find((ref) => ref?.kind === 'CronWorkflow' && ref?.controller === true);
  return !owner?.uid || owner.uid === cron.metadata.uid;
}

export function activeReference(workflow: StoredObject): ActiveReference {
  return {
    kind: 'Workflow',
    apiVersion: workflowApiVersion,
    name: workflow.metadata.name,
    namespace: workflow.metadata.namespace ?? 'default',
    uid: workflow.metadata.uid,
    resourceVersion: workflow.metadata.resourceVersion,
  };
}

/**
 * Argo's reconcileActiveWfs as a change: unfinished runs missing from `status.active` are added;
 * active entries whose run is gone or finished are removed, and a finished one counts once in
 * `status.succeeded` (Succeeded) or `status.failed` (Failed, Error), after which `afterFinish` runs
 * (Argo checks the stopStrategy there).
 */
export function reconcileActive(children: readonly ChildWorkflow[], afterFinish: CronChange): CronChange {
  return (cron) => {
    const status = statusOf(cron);
    const byUid = new Map(children.map((child) => [child.uid, child]));
    const active = [...(status.active ?? [])];
    let anyFinished = false;
    for (const child of children) {
      if (!child.finished && !active.some((ref) => ref.uid === child.uid))
        active.push(activeReference(child.object));
    }
    status.active = active.filter((ref) => {
      const child = byUid.get(ref.uid);
      if (child && !child.finished) return true;
      if (child?.phase === 'Succeeded') status.succeeded = (status.succeeded ?? 0) + 1;
      if (child?.phase === 'Failed' || child?.phase === 'Error') status.failed = (status.failed ?? 0) + 1;
      if (child) anyFinished = true;
      return false;
    });
    if (anyFinished) afterFinish(cron);
  };
}

/**
 * Argo's enforceHistoryLimit: the finished runs beyond `successfulJobsHistoryLimit` (default 3) and
 * `failedJobsHistoryLimit` (default 1), oldest first by finish time. A negative limit means the default.
 */
export function runsBeyondHistoryLimits(
  cron: CronWorkflowObject,
  children: readonly ChildWorkflow[],
): ChildWorkflow[] {
  const finished = children.filter((child) => child.finished);
  const successful = finished.filter((child) => child.phase === 'Succeeded');
  const failed = finished.filter((child) => child.phase !== 'Succeeded');
  return [
    ...beyondLimit(successful, limitOf(cron.spec.successfulJobsHistoryLimit, 3)),
    ...beyondLimit(failed, limitOf(cron.spec.failedJobsHistoryLimit, 1)),
  ];
}

function limitOf(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value >= 0 ? value : fallback;
}

function beyondLimit(runs: readonly ChildWorkflow[], keep: number): ChildWorkflow[] {
  const newestFirst = [...runs].sort((a, b) => Date.parse(b.finishedAt) - Date.parse(a.finishedAt));
  return newestFirst.slice(keep);
}
