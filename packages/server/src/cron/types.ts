import type { StoredObject } from '@weft/engine';

/** `spec` of an Argo CronWorkflow: the fields the cron controller reads, names verbatim. */
export interface CronWorkflowSpec {
  /** v3.6+: several cron expressions; a run for each time any of them matches. */
  schedules?: string[];
  /** Before v3.6 (removed in v4, still read here): one cron expression; wins over `schedules`. */
  schedule?: string;
  /** IANA zone the schedules are read in; the machine's zone when empty. */
  timezone?: string;
  concurrencyPolicy?: string;
  suspend?: boolean;
  startingDeadlineSeconds?: number;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  when?: string;
  stopStrategy?: { expression?: string; condition?: string };
  workflowSpec?: unknown;
  workflowMetadata?: unknown;
  [field: string]: unknown;
}

/** Kubernetes' ObjectReference, as Argo writes `status.active`. */
export interface ActiveReference {
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string;
  uid: string;
  resourceVersion: string;
}

/** Argo's Condition: one per type, `status` "True". */
export interface CronCondition {
  type: string;
  status: string;
  message?: string;
}

export const ConditionType = {
  /** The spec is invalid (schedule, timezone, policy, stopStrategy expression). */
  SpecError: 'SpecError',
  /** The last submission (or its `when` / policy) failed. */
  SubmissionError: 'SubmissionError',
} as const;

export const CronPhase = { Active: 'Active', Stopped: 'Stopped' } as const;

/** `status` of an Argo CronWorkflow, as Argo writes it. */
export interface CronWorkflowStatus {
  active?: ActiveReference[] | null;
  /** RFC 3339, whole seconds. */
  lastScheduledTime?: string | null;
  conditions?: CronCondition[] | null;
  succeeded?: number;
  failed?: number;
  phase?: string;
}

export interface CronWorkflowObject extends StoredObject {
  kind: 'CronWorkflow';
  spec: CronWorkflowSpec;
  status?: CronWorkflowStatus;
}

/** Reads a stored object as a CronWorkflow (a missing spec reads as empty, for validation to report). */
export function asCronWorkflow(object: StoredObject): CronWorkflowObject {
  const spec = (object.spec ?? {}) as CronWorkflowSpec;
  return { ...object, kind: 'CronWorkflow', spec } as CronWorkflowObject;
}

/** `namespace/name`, the key the controller serializes work on. */
export function cronKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? 'default'}/${name}`;
}
