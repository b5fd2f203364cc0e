/**
 * Test-only: a WorkflowController that keeps workflows in the store (so lists and watches see
 * them) and records each call, without running anything. The real controller is tested by the
 * server's own tests.
 */
import { InvalidInputError, type NodeStatus, type Workflow } from '@weft/core';
import { NotFoundError, type Store, type StoredObject } from '@weft/engine';
import type {
  ResubmitOptions,
  RetryOptions,
  SetOptions,
  SubmitOptions,
  SubmitSource,
  WorkflowController,
} from '../../controller/types.js';
import { nodeMap } from '../workflows/workflow-objects.js';

export interface RecordedCall {
  readonly method: string;
  readonly namespace: string;
  readonly name?: string;
  readonly options?: unknown;
}

const templateLabels: Record<SubmitSource['kind'], string> = {
  WorkflowTemplate: 'workflows.argoproj.io/workflow-template',
  ClusterWorkflowTemplate: 'workflows.argoproj.io/cluster-workflow-template',
  CronWorkflow: 'workflows.argoproj.io/cron-workflow',
};

export class FakeController implements WorkflowController {
  readonly calls: RecordedCall[] = [];

  constructor(readonly store: Store) {}

  async submit(workflow: Workflow, options: SubmitOptions = {}): Promise<StoredObject> {
    this.calls.push({ method: 'submit', namespace: workflow.metadata.namespace ?? 'default', options });
    if (!workflow.spec?.entrypoint && !workflow.spec?.workflowTemplateRef)
      throw new InvalidInputError([
        { code: 'missing-entrypoint', path: 'spec.entrypoint', message: 'entrypoint is required' },
      ]);
    const input = {
      ...workflow,
      kind: 'Workflow' as const,
      status: { phase: 'Running', startedAt: new Date().toISOString() },
    };
    if (options.dryRun) return { ...input, metadata: { ...input.metadata } } as unknown as StoredObject;
    return this.store.create(input);
  }

  async submitFrom(
    namespace: string,
    from: SubmitSource,
    options: SubmitOptions = {},
  ): Promise<StoredObject> {
    this.calls.push({ method: 'submitFrom', namespace, name: from.name, options });
    const source = await this.store.get({ kind: from.kind, namespace, name: from.name });
    if (!source) throw new NotFoundError(`${from.kind} "${from.name}" not found`);
    const run = await this.store.nextCounter(`runs/${from.kind}/${namespace}/${from.name}`);
    return this.store.create({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: {
        generateName: `${from.name}-`,
        namespace,
        labels: { [templateLabels[from.kind]]: from.name },
        annotations: { 'weft.dev/run-number': String(run) },
      },
      spec: { workflowTemplateRef: { name: from.name }, entrypoint: options.entryPoint },
      status: { phase: 'Running', startedAt: new Date().toISOString() },
    });
  }

  async get(namespace: string, name: string): Promise<Workflow> {
    const stored = await this.#stored(namespace, name);
    const nodes = await this.store.getNodes(stored.metadata.uid);
    return {
      ...stored,
      status: { ...(stored.status as object), nodes: nodeMap(nodes) },
    } as unknown as Workflow;
  }

  retry(namespace: string, name: string, options?: RetryOptions) {
    return this.#record('retry', namespace, name, options, (w) => this.#setPhase(w, 'Running'));
  }

  async resubmit(namespace: string, name: string, options?: ResubmitOptions): Promise<Workflow> {
    this.calls.push({ method: 'resubmit', namespace, name, options });
    const stored = await this.#stored(namespace, name);
    const created = await this.store.create({
      ...stored,
      metadata: { generateName: `${name}-`, namespace, labels: stored.metadata.labels },
      status: { phase: 'Running' },
    });
    return created as unknown as Workflow;
  }

  suspend(namespace: string, name: string) {
    return this.#record('suspend', namespace, name, undefined, (w) => ({
      ...w,
      spec: { ...(w.spec as object), suspend: true },
    }));
  }

  resume(namespace: string, name: string, options?: { nodeFieldSelector?: string }) {
    return this.#record('resume', namespace, name, options, (w) => {
      const { suspend: _suspend, ...spec } = w.spec as Record<string, unknown>;
      return { ...w, spec };
    });
  }

  stop(namespace: string, name: string, options?: { nodeFieldSelector?: string; message?: string }) {
    return this.#record('stop', namespace, name, options, (w) =>
      this.#setPhase(w, 'Failed', "Stopped with strategy 'Stop'"),
    );
  }

  terminate(namespace: string, name: string) {
    return this.#record('terminate', namespace, name, undefined, (w) =>
      this.#setPhase(w, 'Failed', "Stopped with strategy 'Terminate'"),
    );
  }

  set(namespace: string, name: string, options: SetOptions) {
    return this.#record('set', namespace, name, options, (w) => w);
  }

  async delete(namespace: string, name: string): Promise<void> {
    this.calls.push({ method: 'delete', namespace, name });
    await this.store.delete({ kind: 'Workflow', namespace, name });
  }

  /** Test helper: ends a workflow in `phase` (Succeeded, Failed, Error). */
  async finish(namespace: string, name: string, phase: string): Promise<StoredObject> {
    const stored = await this.#stored(namespace, name);
    return this.store.update(this.#setPhase(stored, phase));
  }

  /** Test helper: writes node rows of a workflow. */
  async putNodes(namespace: string, name: string, nodes: readonly NodeStatus[]): Promise<void> {
    const stored = await this.#stored(namespace, name);
    await this.store.putNodes(stored.metadata.uid, nodes);
  }

  #setPhase(workflow: StoredObject, phase: string, message?: string): StoredObject {
    const done = ['Succeeded', 'Failed', 'Error'].includes(phase);
    const status = {
      ...(workflow.status as object),
      phase,
      ...(done ? { finishedAt: new Date().toISOString() } : {}),
      ...(message ? { message } : {}),
    };
    return { ...workflow, status };
  }

  async #record(
    method: string,
    namespace: string,
    name: string,
    options: unknown,
    change: (workflow: StoredObject) => StoredObject,
  ): Promise<Workflow> {
    this.calls.push({ method, namespace, name, options });
    const stored = await this.#stored(namespace, name);
    const updated = await this.store.update(change(stored));
    return updated as unknown as Workflow;
  }

  async #stored(namespace: string, name: string): Promise<StoredObject> {
    const stored = await this.store.get({ kind: 'Workflow', namespace, name });
    if (!stored) throw new NotFoundError(`workflows.argoproj.io "${name}" not found`);
    return stored;
  }
}
