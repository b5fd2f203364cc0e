/**
 * The server's durable workflow controller. Every accepted submission is committed before the
 * caller hears of it; every reducer event is committed to the workflow's event log before it is
 * applied (./workflow-run.ts); at start-up every unfinished workflow is rebuilt by replaying its
 * log and goes on where it stopped, re-attaching to steps the runtime still runs.
 *
 *   submit ─► lint ─► store.create ─► (background) init record ─► WorkflowStarted ─► …
 *   restart ─► list unfinished ─► replay each ─► resume outstanding commands
 */

import { rmSync } from 'node:fs';
import {
  type ConfigMap,
  InvalidInputError,
  isoSeconds,
  lintObject,
  type Workflow,
  type WorkflowTemplate,
} from '@weft/core';
import {
  AlreadyExistsError,
  answerControlRequest,
  InvalidRequestError,
  type MemoCache,
  NotFoundError,
  type SecretData,
  type Store,
  type StoredObject,
} from '@weft/engine';
import { runDirOf } from '../paths.js';
import { assembleWorkflow } from './assemble.js';
import { finishWorkflow } from './finish.js';
import { parseNodeFieldSelector } from './node-selector.js';
import { updateWorkflowObject } from './object-update.js';
import { type InitRecord, parseLog } from './records.js';
import { planRetry } from './retry.js';
import { createSharedLocks, type SharedLocks } from './shared-locks.js';
import type { StepHost } from './step-host.js';
import { Annotations, applySubmitOptions, Labels, sourceLabel, workflowFrom } from './submission.js';
import { checkTemplateReferencing, type TemplateReferencingOf } from './template-referencing.js';
import { referencedTemplates } from './template-refs.js';
import type {
  ResubmitOptions,
  RetryOptions,
  SetOptions,
  SubmitOptions,
  SubmitSource,
  WorkflowController,
} from './types.js';
import { WorkflowRun, type WorkflowRunDeps } from './workflow-run.js';

/** The stored objects a workflow runs with: templates it can reach, its namespace's ConfigMaps. */
interface RunContext {
  readonly templates: WorkflowTemplate[];
  readonly configMaps: ConfigMap[];
}

export interface ControllerHooks {
  readonly stepStarting?: () => void;
  /** A step (Pod node) ended in `phase` after `seconds`. */
  readonly stepFinished?: (phase: string, seconds: number) => void;
  /** Steps waiting for a slot (`parallelism`), over all running workflows. */
  readonly queueDepth?: (depth: number) => void;
  /** A workflow completed, `seconds` after it was submitted. */
  readonly workflowFinished?: (workflow: Workflow, seconds: number) => void;
}

export interface ControllerDeps {
  readonly store: Store;
  readonly steps: StepHost;
  readonly dataDir: string;
  readonly memoCache: MemoCache;
  readonly log: (line: string) => void;
  readonly hooks?: ControllerHooks;
  /** Opens the named Secrets of a namespace (artifact repository credentials). */
  readonly openSecrets?: (namespace: string, names: readonly string[]) => Promise<SecretData>;
  /** A namespace's `templateReferencing` restriction (Strict/Secure), checked on every submit. */
  readonly templateReferencing?: TemplateReferencingOf;
}

export class Controller implements WorkflowController {
  readonly #deps: ControllerDeps;
  readonly #runs = new Map<string, WorkflowRun>();
  /** The same runs by `<namespace>/<name>` (lock holders are named so). */
  readonly #byName = new Map<string, WorkflowRun>();
  readonly #locks: SharedLocks;
  /** When this process accepted each workflow (creationTimestamp has whole seconds only). */
  readonly #submittedAt = new Map<string, number>();
  /** Workflows accepted but not yet begun (their init record not yet written). */
  readonly #starting = new Map<string, Promise<void>>();

  constructor(deps: ControllerDeps) {
    this.#deps = deps;
    this.#locks = createSharedLocks((namespacedName) => this.#byName.get(namespacedName));
  }

  /** Running workflows (for metrics and tests). */
  get running(): number {
    return this.#runs.size;
  }

  /** At start-up: every unfinished workflow goes on, in creation order. */
  async recover(): Promise<number> {
    const unfinished = await this.#deps.store.list('Workflow', { labelSelector: `!${Labels.completed}` });
    const items = [...unfinished.items].sort((a, b) =>
      a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp),
    );
    for (const object of items) await this.#recoverOne(object);
    return items.length;
  }

  async submit(workflow: Workflow, options: SubmitOptions = {}): Promise<StoredObject> {
    const namespace = workflow.metadata?.namespace ?? 'default';
    const shaped = applySubmitOptions(
      {
        ...workflow,
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        metadata: { ...workflow.metadata, namespace },
      },
      options,
    );
    this.#checkReferencing(shaped, namespace);
    const context = await this.#lint(shaped, namespace);
    if (options.dryRun) return shaped as unknown as StoredObject;
    const stored = await this.#create(stripStatus(shaped));
    this.#startInBackground(stored, context);
    return stored;
  }

  async submitFrom(
    namespace: string,
    from: SubmitSource,
    options: SubmitOptions = {},
  ): Promise<StoredObject> {
    const kind = from.kind;
    const object = await this.#deps.store.get({ kind, namespace, name: from.name });
    if (!object) throw new NotFoundError(`${kind} "${from.name}" not found in namespace "${namespace}"`);
    const base = workflowFrom(from, object, namespace);
    if (from.kind === 'CronWorkflow') {
      base.metadata.labels = { ...copiedCreatorLabels(object), ...(base.metadata.labels ?? {}) };
      base.metadata.ownerReferences = [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'CronWorkflow',
          name: object.metadata.name,
          uid: object.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ];
    }
    const shaped = applySubmitOptions(base, options);
    this.#checkReferencing(shaped, namespace);
    const context = await this.#lint(shaped, namespace);
    if (options.dryRun) return shaped as unknown as StoredObject;
    const fixedName = shaped.metadata.name;
    if (fixedName && (await this.#deps.store.get({ kind: 'Workflow', namespace, name: fixedName })))
      throw new AlreadyExistsError(`workflows.argoproj.io "${fixedName}" already exists`);
    const scope = from.kind === 'ClusterWorkflowTemplate' ? '' : namespace;
    const number = await this.#deps.store.nextCounter(`runs/${from.kind}/${scope}/${from.name}`);
    shaped.metadata.annotations = {
      ...(shaped.metadata.annotations ?? {}),
      [Annotations.runNumber]: String(number),
      ...(options.scheduledTime
        ? { [Annotations.scheduledTime]: isoSeconds(options.scheduledTime.getTime()) }
        : {}),
    };
    shaped.metadata.labels = { ...(shaped.metadata.labels ?? {}), [sourceLabel(from)]: from.name };
    const stored = await this.#create(shaped);
    this.#startInBackground(stored, context);
    return stored;
  }

  async get(namespace: string, name: string): Promise<Workflow> {
    return assembleWorkflow(this.#deps.store, await this.#object(namespace, name));
  }

  async retry(namespace: string, name: string, options: RetryOptions = {}): Promise<Workflow> {
    const object = await this.#object(namespace, name);
    const uid = object.metadata.uid;
    if (this.#runs.has(uid))
      throw new InvalidRequestError(
        `workflow ${name} is still running; it can be retried once it has finished`,
      );
    const parsed = parseLog(await this.#deps.store.readEvents(uid));
    if (!parsed) throw new InvalidRequestError(`workflow ${name} never started; nothing to retry`);
    const final = await WorkflowRun.replayOnly(parsed.init, parsed.events);
    const plan = planRetry(parsed.init, parsed.events, final, options);
    await this.#deps.store.replaceEvents(uid, [plan.init, ...plan.events]);
    const labels = { ...(object.metadata.labels ?? {}) };
    delete labels[Labels.completed];
    labels[Labels.phase] = 'Running';
    await updateWorkflowObject(this.#deps.store, object, { labels });
    await this.#deps.store.putSummary(uid, {
      phase: 'Running',
      startedAt: (object.status as { startedAt?: string } | undefined)?.startedAt,
    });
    const run = await WorkflowRun.restore(plan.init, plan.events, await this.#runDepsFor(plan.init), {
      clearRetriedLogs: true,
    });
    this.#track(run, namespace, name);
    return this.get(namespace, name);
  }

  async resubmit(namespace: string, name: string, options: ResubmitOptions = {}): Promise<Workflow> {
    const object = await this.#object(namespace, name);
    if (options.memoized)
      throw new InvalidRequestError(
        'resubmit --memoized is not supported by weft yet; resubmit without it or use retry',
      );
    const parsed = parseLog(await this.#deps.store.readEvents(object.metadata.uid));
    const original = (parsed?.init.workflow ?? object) as Workflow;
    const labels = Object.fromEntries(
      Object.entries(object.metadata.labels ?? {}).filter(
        ([key]) => ![Labels.creator, Labels.phase, Labels.completed].includes(key as never),
      ),
    );
    const {
      name: _name,
      uid: _uid,
      resourceVersion: _rv,
      creationTimestamp: _ct,
      ...metadata
    } = original.metadata as Record<string, unknown>;
    const fresh: Workflow = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: {
        ...(metadata as Workflow['metadata']),
        generateName: object.metadata.generateName ?? `${name}-`,
        namespace,
        labels: { ...labels, [Labels.previousWorkflow]: name },
      },
      spec: structuredClone(original.spec),
    };
    const stored = await this.submit(fresh, { parameters: options.parameters });
    return this.get(namespace, stored.metadata.name);
  }

  async suspend(namespace: string, name: string): Promise<Workflow> {
    const { object, run } = await this.#running(namespace, name);
    run.execution.pause();
    await updateWorkflowObject(this.#deps.store, object, {
      spec: { ...(object.spec as object), suspend: true },
    });
    return this.get(namespace, name);
  }

  async resume(
    namespace: string,
    name: string,
    options: { nodeFieldSelector?: string } = {},
  ): Promise<Workflow> {
    const { object, run } = await this.#running(namespace, name);
    const paused = (object.spec as { suspend?: boolean }).suspend === true && !run.state.workflowSuspended;
    if (paused) {
      const { suspend: _lifted, ...spec } = object.spec as Record<string, unknown>;
      await updateWorkflowObject(this.#deps.store, object, { spec });
      run.execution.resume();
    }
    for (const node of this.#targets(run, options.nodeFieldSelector)) {
      this.#control(run, { action: 'resume', node: node });
    }
    if (!options.nodeFieldSelector && run.state.workflowSuspended) this.#control(run, { action: 'resume' });
    return this.get(namespace, name);
  }

  async stop(
    namespace: string,
    name: string,
    options: { nodeFieldSelector?: string; message?: string } = {},
  ): Promise<Workflow> {
    if (options.nodeFieldSelector)
      throw new InvalidRequestError('stop with a nodeFieldSelector is not supported by weft yet');
    const { run } = await this.#running(namespace, name);
    run.execution.resume();
    this.#control(run, { action: 'stop' }, options.message);
    return this.get(namespace, name);
  }

  async terminate(namespace: string, name: string): Promise<Workflow> {
    const { run } = await this.#running(namespace, name);
    run.execution.resume();
    this.#control(run, { action: 'terminate' });
    return this.get(namespace, name);
  }

  async set(namespace: string, name: string, options: SetOptions): Promise<Workflow> {
    const { run } = await this.#running(namespace, name);
    const values = parseOutputParameters(options.outputParameters);
    const targets = this.#targets(run, options.nodeFieldSelector);
    if (targets.length === 0)
      throw new InvalidRequestError('set: no suspended node matches the nodeFieldSelector');
    if (options.phase && options.phase !== 'Succeeded')
      throw new InvalidRequestError(`set: phase ${options.phase} is not supported (only Succeeded)`);
    for (const node of targets) {
      // Setting outputs and resuming in one request: the values count for the resume's checks.
      if (options.phase === 'Succeeded') this.#control(run, { action: 'resume', node, values });
      else if (Object.keys(values).length > 0) this.#control(run, { action: 'set', node, values });
    }
    return this.get(namespace, name);
  }

  async delete(namespace: string, name: string): Promise<void> {
    const object = await this.#object(namespace, name);
    const uid = object.metadata.uid;
    await this.#starting.get(uid);
    this.#submittedAt.delete(uid);
    const run = this.#runs.get(uid);
    if (run) {
      run.killAll();
      run.detach();
      this.#runs.delete(uid);
      this.#byName.delete(`${namespace}/${name}`);
      await run.execution.settle();
    }
    await this.#deps.store.delete({ kind: 'Workflow', namespace, name });
    rmSync(runDirOf(this.#deps.dataDir, uid), { recursive: true, force: true });
  }

  /** Stops routing step exits (the server is shutting down; steps keep running in a runner). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#starting.values()]);
    for (const run of this.#runs.values()) {
      run.detach();
      await run.execution.settle();
    }
    this.#runs.clear();
  }

  // ——— internals ———

  /**
   * Stores a new workflow. A name drawn from `generateName` that is taken (five random characters
   * collide about once in a few thousand) is drawn again rather than refused.
   */
  async #create(workflow: Workflow): Promise<StoredObject> {
    const generated = !workflow.metadata.name && Boolean(workflow.metadata.generateName);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#deps.store.create(workflow as never);
      } catch (error) {
        if (!(error instanceof AlreadyExistsError) || !generated || attempt >= 5) throw error;
      }
    }
  }

  #reportQueueDepth(): void {
    const report = this.#deps.hooks?.queueDepth;
    if (!report) return;
    let depth = 0;
    for (const run of this.#runs.values()) depth += run.state.podQueue.length;
    report(depth);
  }

  async #object(namespace: string, name: string): Promise<StoredObject> {
    const object = await this.#deps.store.get({ kind: 'Workflow', namespace, name });
    if (!object) throw new NotFoundError(`workflows.argoproj.io "${name}" not found`);
    return object;
  }

  async #running(namespace: string, name: string): Promise<{ object: StoredObject; run: WorkflowRun }> {
    const object = await this.#object(namespace, name);
    await this.#starting.get(object.metadata.uid);
    const run = this.#runs.get(object.metadata.uid);
    if (!run || run.finished)
      throw new InvalidRequestError(
        `workflow ${name} is not running (${(object.status as { phase?: string } | undefined)?.phase ?? 'unknown'})`,
      );
    return { object, run };
  }

  #targets(run: WorkflowRun, selector: string | undefined): string[] {
    if (!selector) return [];
    const matches = parseNodeFieldSelector(selector);
    return [...run.state.suspended.keys()].filter((id) => {
      const node = run.state.nodes.get(id);
      return node !== undefined && matches(node);
    });
  }

  #control(run: WorkflowRun, request: Parameters<typeof answerControlRequest>[1], message?: string): void {
    const { reply, event } = answerControlRequest(run.state, request);
    if (!reply.ok) throw new InvalidRequestError(reply.error);
    if (event)
      run.execution.dispatch(event.type === 'StopRequested' && message ? { ...event, message } : event);
  }

  #checkReferencing(workflow: Workflow, namespace: string): void {
    const mode = this.#deps.templateReferencing?.(namespace);
    checkTemplateReferencing(mode, namespace, workflow.spec as unknown as Record<string, unknown>);
  }

  /** Lints a workflow against the stored objects it refers to; returns them (its start snapshots them). */
  async #lint(workflow: Workflow, namespace: string): Promise<RunContext> {
    const context = await this.#runContext(workflow, namespace);
    const issues = lintObject({ kind: 'Workflow', object: workflow }, { ...context });
    if (issues.length > 0) throw new InvalidInputError(issues);
    return context;
  }

  /** The templates a workflow can reach and its namespace's ConfigMaps. */
  async #runContext(workflow: Workflow, namespace: string): Promise<RunContext> {
    return {
      templates: await referencedTemplates(this.#deps.store, namespace, workflow.spec),
      configMaps: await this.#configMaps(namespace),
    };
  }

  async #configMaps(namespace: string): Promise<ConfigMap[]> {
    return (await this.#deps.store.list('ConfigMap', { namespace })).items as unknown as ConfigMap[];
  }

  /** `context`: what the submission was linted against, else read now (a workflow recovered unbegun). */
  #startInBackground(object: StoredObject, context?: RunContext): void {
    const uid = object.metadata.uid;
    this.#submittedAt.set(uid, Date.now());
    const started = this.#begin(object, context)
      .catch((error: Error) => this.#failToStart(object, error))
      .finally(() => this.#starting.delete(uid));
    this.#starting.set(uid, started);
  }

  async #begin(object: StoredObject, given?: RunContext): Promise<void> {
    const workflow = object as unknown as Workflow;
    const namespace = object.metadata.namespace ?? 'default';
    const { templates, configMaps } = given ?? (await this.#runContext(workflow, namespace));
    const init: InitRecord = {
      kind: 'init',
      workflow: {
        apiVersion: workflow.apiVersion,
        kind: 'Workflow',
        metadata: workflow.metadata,
        spec: workflow.spec,
      },
      templates,
      configMaps,
      uid: object.metadata.uid,
      now: Date.now(),
    };
    const run = await WorkflowRun.begin(init, await this.#runDepsFor(init));
    this.#track(run, namespace, object.metadata.name);
  }

  async #recoverOne(object: StoredObject): Promise<void> {
    const uid = object.metadata.uid;
    const parsed = parseLog(await this.#deps.store.readEvents(uid));
    if (!parsed) {
      this.#startInBackground(object);
      return;
    }
    const run = await WorkflowRun.restore(parsed.init, parsed.events, await this.#runDepsFor(parsed.init));
    if ((object.spec as { suspend?: boolean }).suspend === true && !run.state.workflowSuspended)
      run.execution.pause();
    this.#track(run, object.metadata.namespace ?? 'default', object.metadata.name);
  }

  /** The run's deps with the Secrets its artifact repositories name, opened for it alone. */
  async #runDepsFor(init: InitRecord): Promise<WorkflowRunDeps> {
    const deps = this.#runDeps(init.uid);
    const namespace = init.workflow.metadata.namespace ?? 'default';
    if (!this.#deps.openSecrets) return deps;
    const stored = await this.#deps.store.list('Secret', { namespace });
    // Names appear in selectors of the spec, templates, or the repository ConfigMaps' YAML.
    const text = JSON.stringify([init.workflow.spec, init.templates, init.configMaps]);
    const names = stored.items.map((item) => item.metadata.name).filter((name) => text.includes(name));
    if (names.length === 0) return deps;
    const data = await this.#deps.openSecrets(namespace, names);
    const artifactSecrets = Object.entries(data).map(([name, values]) => ({
      metadata: { name },
      stringData: values,
    }));
    return { ...deps, artifactSecrets };
  }

  #runDeps(uid: string): WorkflowRunDeps {
    return {
      store: this.#deps.store,
      steps: this.#deps.steps,
      memoCache: this.#deps.memoCache,
      lockManager: this.#locks.manager,
      runDir: runDirOf(this.#deps.dataDir, uid),
      log: this.#deps.log,
      onStepStarting: this.#deps.hooks?.stepStarting,
      onStepFinished: this.#deps.hooks?.stepFinished,
      onBatch: () => {
        this.#locks.notifyWaiting();
        this.#reportQueueDepth();
      },
    };
  }

  #track(run: WorkflowRun, namespace: string, name: string): void {
    this.#runs.set(run.uid, run);
    this.#byName.set(`${namespace}/${name}`, run);
    void run.execution.completed.then(async () => {
      if (this.#runs.get(run.uid) !== run) return;
      this.#runs.delete(run.uid);
      this.#byName.delete(`${namespace}/${name}`);
      run.detach();
      if (run.execution.failure) return; // the store refused a write: left for the next start
      try {
        const finished = await finishWorkflow(this.#deps.store, run, namespace, name);
        const created =
          this.#submittedAt.get(run.uid) ?? Date.parse(finished?.metadata.creationTimestamp ?? '');
        this.#submittedAt.delete(run.uid);
        if (finished) this.#deps.hooks?.workflowFinished?.(finished, (Date.now() - created) / 1000);
      } catch (error) {
        this.#deps.log(`workflow ${name}: could not record its end: ${(error as Error).message}`);
      }
    });
  }

  async #failToStart(object: StoredObject, error: Error): Promise<void> {
    const message =
      error instanceof InvalidInputError ? error.issues.map((i) => i.message).join('; ') : error.message;
    this.#deps.log(`workflow ${object.metadata.name} could not start: ${message}`);
    try {
      const now = isoSeconds(Date.now());
      await this.#deps.store.putSummary(object.metadata.uid, {
        phase: 'Error',
        message,
        startedAt: now,
        finishedAt: now,
      });
      const labels = {
        ...(object.metadata.labels ?? {}),
        [Labels.completed]: 'true',
        [Labels.phase]: 'Error',
      };
      await updateWorkflowObject(this.#deps.store, object, { labels });
    } catch {
      // Deleted meanwhile.
    }
  }
}

/** Argo copies who created a CronWorkflow onto its runs. */
function copiedCreatorLabels(object: StoredObject): Record<string, string> {
  const keys = [Labels.creator, `${Labels.creator}-email`, `${Labels.creator}-preferred-username`];
  const labels = object.metadata.labels ?? {};
  return Object.fromEntries(keys.filter((key) => labels[key] !== undefined).map((key) => [key, labels[key]]));
}

function stripStatus(workflow: Workflow): Workflow {
  const { status: _status, ...rest } = workflow;
  return rest as Workflow;
}

function parseOutputParameters(text: string | undefined): Record<string, string> {
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidRequestError('outputParameters: not a JSON object of name to value');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new InvalidRequestError('outputParameters: not a JSON object of name to value');
  return Object.fromEntries(
    Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
}
