import type { Workflow } from '@weft/core';
import { isoSeconds } from '@weft/core';
import { NotFoundError, type Store, type StoredObject } from '@weft/engine';
import type { SubmitOptions, SubmitSource } from '../../controller/types.js';
import {
  cronWorkflowLabel,
  scheduledTimeAnnotation,
  workflowApiVersion,
  workflowCompletedLabel,
  workflowPhaseLabel,
} from '../argo-names.js';
import type { Clock } from '../clock.js';
import type { CronWorkflowStarter } from '../context.js';

export interface Submission {
  readonly namespace: string;
  readonly cronWorkflow: string;
  readonly name: string | undefined;
  readonly scheduledTime: string | undefined;
}

/**
 * The WorkflowController as the cron controller uses it, in memory over a real store: a submission
 * creates a Running Workflow labelled as Argo labels cron runs; tests finish runs with `finish`.
 */
export class FakeWorkflowController implements CronWorkflowStarter {
  readonly submissions: Submission[] = [];
  readonly terminated: string[] = [];
  readonly stopped: string[] = [];
  readonly deleted: string[] = [];
  /** Called before a run is created (throw to fail the submission, as a lint error would). */
  beforeCreate: (() => Promise<void>) | undefined;
  /** Called after a run is created and before submitFrom resolves (to simulate a crash there). */
  afterCreate: ((run: StoredObject) => Promise<void>) | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async submitFrom(
    namespace: string,
    from: SubmitSource,
    options: SubmitOptions = {},
  ): Promise<StoredObject> {
    const cron = await this.store.get({ kind: 'CronWorkflow', namespace, name: from.name });
    if (!cron) throw new NotFoundError(`cronworkflows "${from.name}" not found`);
    this.submissions.push({
      namespace,
      cronWorkflow: from.name,
      name: options.name,
      scheduledTime: options.scheduledTime && isoSeconds(options.scheduledTime.getTime()),
    });
    await this.beforeCreate?.();
    const run = await this.store.create({
      apiVersion: workflowApiVersion,
      kind: 'Workflow',
      metadata: {
        name: options.name,
        namespace,
        labels: { [cronWorkflowLabel]: from.name },
        annotations: options.scheduledTime
          ? { [scheduledTimeAnnotation]: isoSeconds(options.scheduledTime.getTime()) }
          : {},
        ownerReferences: [
          {
            apiVersion: workflowApiVersion,
            kind: 'CronWorkflow',
            name: from.name,
            uid: cron.metadata.uid,
            controller: true,
          },
        ],
      },
      spec: (cron.spec as { workflowSpec?: unknown }).workflowSpec ?? {},
      status: { phase: 'Running', startedAt: isoSeconds(this.clock.now().getTime()) },
    });
    await this.afterCreate?.(run);
    return run;
  }

  /** Ends a run as the engine would: phase, finishedAt and Argo's completed/phase labels. */
  async finish(namespace: string, name: string, phase: 'Succeeded' | 'Failed' | 'Error'): Promise<void> {
    const run = await this.store.get({ kind: 'Workflow', namespace, name });
    if (!run) throw new NotFoundError(`workflows "${name}" not found`);
    await this.store.update({
      ...run,
      metadata: {
        ...run.metadata,
        labels: { ...run.metadata.labels, [workflowCompletedLabel]: 'true', [workflowPhaseLabel]: phase },
      },
      status: { ...(run.status as object), phase, finishedAt: isoSeconds(this.clock.now().getTime()) },
    });
  }

  async terminate(namespace: string, name: string): Promise<Workflow> {
    this.terminated.push(name);
    await this.finish(namespace, name, 'Failed');
    return (await this.store.get({ kind: 'Workflow', namespace, name })) as unknown as Workflow;
  }

  async stop(namespace: string, name: string): Promise<Workflow> {
    this.stopped.push(name);
    await this.finish(namespace, name, 'Failed');
    return (await this.store.get({ kind: 'Workflow', namespace, name })) as unknown as Workflow;
  }

  async delete(namespace: string, name: string): Promise<void> {
    this.deleted.push(name);
    await this.store.delete({ kind: 'Workflow', namespace, name });
  }
}
