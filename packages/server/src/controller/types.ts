import type { Workflow } from '@weft/core';
import type { StoredObject } from '@weft/engine';

/**
 * The durable workflow controller as the API and cron see it. Every method that changes a workflow
 * commits the change to the store before it resolves. Errors: the store's NotFoundError,
 * ConflictError, AlreadyExistsError, InvalidRequestError, and core's InvalidInputError (lint
 * problems, each with its field path) — the API maps them to argo-server's error shapes.
 */
export interface WorkflowController {
  /**
   * Lints, stores and starts a workflow. `metadata.namespace` defaults to `default`, `generateName`
   * is honoured. Resolves once the submission is committed (the run continues in the background).
   */
  submit(workflow: Workflow, options?: SubmitOptions): Promise<StoredObject>;
  /** Argo's `submit --from kind/name`: a Workflow referencing the stored template or cron's spec. */
  submitFrom(namespace: string, from: SubmitSource, options?: SubmitOptions): Promise<StoredObject>;
  /** The workflow in Argo's shape with `status.nodes` assembled from node rows. */
  get(namespace: string, name: string): Promise<Workflow>;
  /** Argo's retry: failed nodes (or those matching `nodeFieldSelector`) run again. */
  retry(namespace: string, name: string, options?: RetryOptions): Promise<Workflow>;
  /** Argo's resubmit: a new workflow from the same spec (and labels); returns the new one. */
  resubmit(namespace: string, name: string, options?: ResubmitOptions): Promise<Workflow>;
  /** Argo's suspend: no new steps start until resume; running ones go on. */
  suspend(namespace: string, name: string): Promise<Workflow>;
  /** Argo's resume: lifts a suspend and resumes suspended nodes (those matching the selector). */
  resume(namespace: string, name: string, options?: { nodeFieldSelector?: string }): Promise<Workflow>;
  /** Argo's stop (exit handlers run) and terminate (they do not). */
  stop(
    namespace: string,
    name: string,
    options?: { nodeFieldSelector?: string; message?: string },
  ): Promise<Workflow>;
  terminate(namespace: string, name: string): Promise<Workflow>;
  /** Argo's `set`: output parameters / phase / message of suspended nodes matching the selector. */
  set(namespace: string, name: string, options: SetOptions): Promise<Workflow>;
  /** Stops the workflow if running, then deletes it with its nodes, logs and artifacts. */
  delete(namespace: string, name: string): Promise<void>;
}

export type SubmitSource =
  | { readonly kind: 'WorkflowTemplate'; readonly name: string }
  | { readonly kind: 'ClusterWorkflowTemplate'; readonly name: string }
  | { readonly kind: 'CronWorkflow'; readonly name: string };

export interface SubmitOptions {
  /** `NAME=VALUE` overrides of `spec.arguments.parameters` (argo's `submitOptions.parameters`). */
  readonly parameters?: readonly string[];
  readonly entryPoint?: string;
  /** Extra labels, `a=b,c=d` (argo's `submitOptions.labels`). */
  readonly labels?: string;
  readonly annotations?: string;
  readonly name?: string;
  readonly generateName?: string;
  readonly serviceAccount?: string;
  /** Who submitted it: stored as the `workflows.argoproj.io/creator` label. */
  readonly creator?: string;
  /** Lint only; nothing is stored. Returns the workflow as it would be created. */
  readonly dryRun?: boolean;
  /** Set by the cron controller: the scheduled time this run is for (deterministic name). */
  readonly scheduledTime?: Date;
}

export interface RetryOptions {
  readonly nodeFieldSelector?: string;
  readonly restartSuccessful?: boolean;
  readonly parameters?: readonly string[];
}

export interface ResubmitOptions {
  readonly memoized?: boolean;
  readonly parameters?: readonly string[];
}

export interface SetOptions {
  readonly nodeFieldSelector?: string;
  readonly phase?: string;
  readonly message?: string;
  /** JSON object of output parameter name → value, as argo's `set` sends it. */
  readonly outputParameters?: string;
}
