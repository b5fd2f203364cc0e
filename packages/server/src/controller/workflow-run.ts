/**
 * One stored workflow being carried out by the server: a WorkflowExecution whose events are
 * committed to the workflow's event log before they are applied, whose changed nodes and summary
 * are written after each batch, and whose steps run in the server's shared StepHost.
 */
import {
  createLocalLockManager,
  createWorkflowState,
  InvalidInputError,
  type LockManager,
  type NodeStatus,
  shownNode,
  toWorkflowObject,
  type WorkflowState,
  workflowSummary,
} from '@weft/core';
import {
  createRunArtifacts,
  type MemoCache,
  type RunWorkflowOptions,
  replayRecords,
  type SecretManifest,
  type Store,
  WorkflowExecution,
} from '@weft/engine';
import { type EventRecord, eventRecord, type InitRecord } from './records.js';
import type { StepHost, WorkflowRuntime } from './step-host.js';

export interface WorkflowRunDeps {
  readonly store: Store;
  readonly steps: StepHost;
  readonly memoCache: MemoCache;
  readonly lockManager: LockManager;
  readonly runDir: string;
  readonly log: (line: string) => void;
  readonly onStepStarting?: () => void;
  /** Secrets for artifact repository credentials, opened for this run only (never journaled). */
  readonly artifactSecrets?: readonly SecretManifest[];
  readonly onStepFinished?: (phase: string, seconds: number) => void;
  readonly onBatch?: (run: WorkflowRun) => void;
}

export class WorkflowRun {
  readonly execution: WorkflowExecution;
  readonly uid: string;
  readonly #deps: WorkflowRunDeps;
  readonly #runtime: WorkflowRuntime;
  #seq: number;
  #lastSummary = '';
  /** Pod nodes whose end was reported to onStepFinished. */
  readonly #ended = new Set<string>();

  private constructor(state: WorkflowState, uid: string, seq: number, deps: WorkflowRunDeps) {
    this.uid = uid;
    this.#deps = deps;
    this.#seq = seq;
    this.#runtime = deps.steps.attach(uid, {
      exited: (result) => this.execution.stepExited(result),
      started: (nodeId) => this.execution.dispatch({ type: 'StepStarted', nodeId }),
    });
    this.execution = new WorkflowExecution({
      state,
      runDir: deps.runDir,
      runtime: this.#runtime,
      artifacts: createRunArtifacts(state, deps.runDir, {
        configMaps: state.configMaps,
        secrets: deps.artifactSecrets ?? [],
      } as unknown as RunWorkflowOptions),
      memoCache: deps.memoCache,
      transientErrorPattern: process.env.TRANSIENT_ERROR_PATTERN,
      journal: { append: (records) => this.#append(records.map(eventRecord)) },
      afterBatch: (batchState) => this.#writeNodes(batchState),
      exitRecorded: (nodeId) => this.#runtime.ack(nodeId),
      stepStarting: deps.onStepStarting,
      log: deps.log,
    });
  }

  /** A workflow starting for the first time: the init record is committed, then WorkflowStarted. */
  static async begin(init: InitRecord, deps: WorkflowRunDeps): Promise<WorkflowRun> {
    const state = initialState(init, deps.lockManager);
    await deps.store.appendEvents(init.uid, 0, [init]);
    const run = new WorkflowRun(state, init.uid, 1, deps);
    run.execution.logs.beginRun({
      workflowName: state.workflow.metadata.name ?? '',
      pid: process.pid,
      startedAt: new Date(init.now).toISOString(),
    });
    run.execution.dispatch({ type: 'WorkflowStarted' });
    return run;
  }

  /**
   * A workflow the server carried out before a restart (or a retry rewrote): its state rebuilt by
   * replay, then whatever was outstanding carried on — steps the runtime still knows re-attached.
   */
  static async restore(
    init: InitRecord,
    events: readonly EventRecord[],
    deps: WorkflowRunDeps,
    options: { readonly clearRetriedLogs?: boolean } = {},
  ): Promise<WorkflowRun> {
    const state = initialState(init, deps.lockManager);
    const outstanding = replayRecords(state, events, { log: deps.log });
    const run = new WorkflowRun(state, init.uid, events.length + 1, deps);
    run.execution.logs.continueRun(options.clearRetriedLogs === true);
    for (const node of state.nodes.values()) if (node.finishedAt) run.#ended.add(node.id);
    await run.#writeNodes(state, [...state.nodes.keys()]);
    run.execution.resumeOutstanding(outstanding, (nodeId) => run.#runtime.knows(nodeId));
    // Killed between the init record and the first event: the workflow has yet to start.
    if (!events.some((record) => record.event.type === 'WorkflowStarted'))
      run.execution.dispatch({ type: 'WorkflowStarted' });
    return run;
  }

  /** The final state of a log, without running anything (to plan a retry). */
  static async replayOnly(init: InitRecord, events: readonly EventRecord[]): Promise<WorkflowState> {
    const state = initialState(init, createLocalLockManager());
    replayRecords(state, events);
    return state;
  }

  get state(): WorkflowState {
    return this.execution.state;
  }

  get finished(): boolean {
    return this.state.finishedAt !== undefined;
  }

  /** Stops routing this workflow's step exits here (the run is finished or deleted). */
  detach(): void {
    this.#runtime.detach();
  }

  /** Kills every step of the workflow that may still run (a delete). */
  killAll(): void {
    for (const node of this.state.nodes.values()) {
      if (node.type === 'Pod' && (node.phase === 'Running' || node.phase === 'Pending'))
        this.#runtime.kill(node.id, 0);
    }
  }

  async #append(records: readonly EventRecord[]): Promise<void> {
    const first = this.#seq;
    this.#seq += records.length;
    await this.#deps.store.appendEvents(this.uid, first, records);
  }

  async #writeNodes(state: WorkflowState, ids: Iterable<string> = state.changed): Promise<void> {
    const nodes = [];
    for (const id of ids) {
      const node = state.nodes.get(id);
      if (node?.type === 'Pod') this.#noticeEnd(node);
      if (node) nodes.push(shownNode(node));
    }
    if (nodes.length > 0) await this.#deps.store.putNodes(this.uid, nodes);
    const summary = workflowSummary(state);
    const key = JSON.stringify(summary);
    if (key !== this.#lastSummary) {
      this.#lastSummary = key;
      await this.#deps.store.putSummary(this.uid, summary);
    }
    this.#deps.onBatch?.(this);
  }

  #noticeEnd(node: NodeStatus): void {
    if (!node.finishedAt || this.#ended.has(node.id)) return;
    this.#ended.add(node.id);
    const seconds = (Date.parse(node.finishedAt) - Date.parse(node.startedAt ?? node.finishedAt)) / 1000;
    this.#deps.onStepFinished?.(node.phase, seconds);
  }

  /** The finished workflow's metadata and outputs, as Argo labels and shows them. */
  finalObject(): ReturnType<typeof toWorkflowObject> {
    return toWorkflowObject(this.state);
  }
}

/** The reducer's state before any event of a log: from its init record. */
export function initialState(init: InitRecord, lockManager: LockManager): WorkflowState {
  const created = createWorkflowState({
    workflow: init.workflow,
    templates: init.templates,
    configMaps: init.configMaps,
    generatedName: init.workflow.metadata.name ?? '',
    uid: init.uid,
    now: init.now,
    lockManager,
  });
  if (!created.state) throw new InvalidInputError(created.issues);
  return created.state;
}
