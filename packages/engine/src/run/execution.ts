/**
 * One workflow being carried out: events go to the reducer, the commands that come out are
 * executed at once — no polling between a step's exit and its dependents' start. `weft run` uses
 * it as is; `weft server` adds a journal (every event is committed before the reducer applies it,
 * so a restart rebuilds the same state by replay, see ./replay.ts) and a shared runtime.
 *
 *   event ─► [journal.append] ─► advance ─► commands: StartStep → ArtifactFlow → runtime
 *                                                    KillStep, SetTimer, memo, http/listing work
 *                                         ─► afterBatch (the server writes node rows)
 */

import { resolve } from 'node:path';
import type { WorkflowCommand, WorkflowEvent, WorkflowState } from '@weft/core';
import type { RunArtifacts } from '../artifacts/step-artifacts.js';
import { FileLogStore } from '../logs/file-log-store.js';
import { logAttemptOf } from '../logs/log-attempt.js';
import type { MemoCache } from '../memo/memo-cache.js';
import { MemoCommands } from '../memo/memo-commands.js';
import type { Runtime, StepResult } from '../runtime/types.js';
import { ArtifactFlow } from './artifact-flow.js';
import { EngineWork, s3Lister } from './engine-work.js';
import type { Outstanding } from './outstanding.js';
import { applyRecord } from './replay.js';

type StartStep = Extract<WorkflowCommand, { type: 'StartStep' }>;

/** One event as journaled: what happened and the time the reducer applied it at. */
export interface JournalRecord {
  readonly event: WorkflowEvent;
  readonly now: number;
}

export interface ExecutionJournal {
  /** Durably records events before they are applied; a rejection stops the execution. */
  append(records: readonly JournalRecord[]): Promise<void>;
}

export interface ExecutionOptions {
  readonly state: WorkflowState;
  readonly runDir: string;
  /** Runs this workflow's steps; step ids are node ids. */
  readonly runtime: Runtime;
  readonly artifacts: RunArtifacts;
  readonly memoCache: MemoCache;
  readonly journal?: ExecutionJournal;
  /** After each batch of events was applied and its commands started (node rows are written here). */
  readonly afterBatch?: (state: WorkflowState) => void | Promise<void>;
  /** A step's exit is journaled: its result need not be kept any longer. */
  readonly exitRecorded?: (nodeId: string) => void;
  /** Called once for each step the runtime is asked to start. */
  readonly stepStarting?: (nodeId: string) => void;
  readonly transientErrorPattern?: string;
  readonly log: (line: string) => void;
}

export class WorkflowExecution {
  readonly state: WorkflowState;
  readonly logs: FileLogStore;
  readonly flow: ArtifactFlow;
  readonly #options: ExecutionOptions;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #outputKeys = new Map<string, Map<string, string>>();
  /** Steps given to the runtime whose exit has not been applied yet. */
  readonly #inFlight = new Set<string>();
  readonly #queue: WorkflowEvent[] = [];
  readonly #memo: MemoCommands;
  readonly #work: EngineWork;
  readonly #completed: Promise<void>;
  #complete!: () => void;
  #draining = false;
  #paused = false;
  #completedInBatch = false;
  #failed?: Error;
  readonly logDirs: Record<string, string> = {};

  constructor(options: ExecutionOptions) {
    this.#options = options;
    this.state = options.state;
    this.logs = new FileLogStore(options.runDir);
    this.#completed = new Promise((done) => {
      this.#complete = done;
    });
    this.#memo = new MemoCommands(options.memoCache, (event) => this.dispatch(event));
    this.flow = new ArtifactFlow({
      artifacts: options.artifacts,
      runtime: () => options.runtime,
      report: (result) =>
        this.dispatch({ type: 'StepExited', nodeId: result.id, result: this.#outcome(result) }),
      displayName: (nodeId) => this.state.nodes.get(nodeId)?.displayName,
    });
    this.#work = new EngineWork(
      s3Lister((prefix) => this.flow.artifacts.defaultRepository.list(prefix)),
      (event) => this.dispatch(event),
    );
  }

  /** Resolves when the workflow has completed and its commands were carried out. */
  get completed(): Promise<void> {
    return this.#completed;
  }

  /** Why the execution stopped without completing (the journal refused a write), if it did. */
  get failure(): Error | undefined {
    return this.#failed;
  }

  /** The runtime's report of a step's end: outputs are stored, then the reducer hears of it. */
  stepExited(result: StepResult): void {
    if (!this.#inFlight.has(result.id)) {
      // A result delivered again after a restart, its exit already journaled: only acknowledge it.
      this.#options.exitRecorded?.(result.id);
      return;
    }
    this.flow.exited(result, resolve(this.#options.runDir, 'steps', result.id));
  }

  dispatch(event: WorkflowEvent): void {
    this.#queue.push(event);
    if (!this.#draining && !this.#paused) void this.#drain();
  }

  /** While paused (Argo's suspend of a workflow) events wait; running steps go on. */
  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    if (!this.#draining && this.#queue.length > 0) void this.#drain();
  }

  /**
   * Goes on from replayed state: re-arms timers, re-sends engine work and kills, and starts the
   * steps the runtime does not know (`runtimeKnows` false) — those it knows report their exit.
   */
  resumeOutstanding(outstanding: Outstanding, runtimeKnows: (nodeId: string) => boolean): void {
    for (const command of outstanding.steps.values()) {
      if (runtimeKnows(command.nodeId)) this.#adopt(command);
      else this.#execute(command);
    }
    for (const command of outstanding.other()) this.#execute(command);
    if (outstanding.completed) this.#complete();
  }

  /** Stops timers and waits for memo saves; call once completed (or when abandoning the run). */
  async settle(): Promise<void> {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    await this.#memo.settle();
    await this.#work.settle();
    for (const failure of this.#memo.failures) this.#options.log(failure);
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0 && !this.#paused && !this.#failed) {
        const batch = this.#queue.splice(0);
        const records = batch.map((event) => ({ event, now: Date.now() }));
        if (this.#options.journal) await this.#options.journal.append(records);
        const commands: WorkflowCommand[] = [];
        for (const record of records) {
          commands.push(
            ...applyRecord(this.state, record, {
              transientErrorPattern: this.#options.transientErrorPattern,
              log: this.#options.log,
            }),
          );
        }
        for (const record of records) {
          if (record.event.type !== 'StepExited') continue;
          this.#inFlight.delete(record.event.nodeId);
          this.#options.exitRecorded?.(record.event.nodeId);
        }
        for (const command of commands) this.#execute(command);
        await this.#options.afterBatch?.(this.state);
        this.state.changed.clear();
        if (this.#completedInBatch) setImmediate(() => this.#complete());
      }
    } catch (error) {
      this.#failed = error as Error;
      this.#options.log(`workflow ${this.state.workflow.metadata.name}: ${(error as Error).message}`);
      this.#complete();
    } finally {
      this.#draining = false;
    }
  }

  #execute(command: WorkflowCommand): void {
    switch (command.type) {
      case 'StartStep':
        this.#startStep(command);
        return;
      case 'KillStep':
        this.flow.cancel(command.nodeId);
        this.#options.runtime.kill(command.nodeId, command.graceMs);
        return;
      case 'SetTimer': {
        clearTimeout(this.#timers.get(command.timerId));
        const handle = setTimeout(
          () => {
            this.#timers.delete(command.timerId);
            this.dispatch({ type: 'TimerFired', timerId: command.timerId });
          },
          Math.max(0, command.at - Date.now()),
        );
        this.#timers.set(command.timerId, handle);
        return;
      }
      case 'LookupMemo':
      case 'SaveMemo':
        this.#memo.execute(command);
        return;
      case 'HttpRequest':
      case 'ListArtifacts':
        this.#work.execute(command);
        return;
      case 'WorkflowCompleted':
        // After this batch's afterBatch (node rows, summary) has been written.
        this.#completedInBatch = true;
        return;
    }
  }

  #startStep(command: StartStep): void {
    const stepDir = resolve(this.#options.runDir, 'steps', command.nodeId);
    this.logs.beginAttempt(logAttemptOf(command, this.state.nodes.get(command.nodeId), new Date()));
    this.#adopt(command);
    this.#options.stepStarting?.(command.nodeId);
    this.flow.start(command, {
      id: command.nodeId,
      pod: command.pod,
      stepDir,
      // Input artifacts are fetched by the flow; output destinations are its staging paths.
      inputFiles: command.inputFiles.flatMap((file) => (file.kind === 'content' ? [file] : [])),
      outputParameters: command.outputParameters,
      outputArtifacts: [],
      mainContainers: command.mainContainers,
    });
  }

  /** Remembers a step already given to the runtime, so its exit is understood when it comes. */
  #adopt(command: StartStep): void {
    this.logDirs[command.nodeId] = resolve(this.#options.runDir, 'steps', command.nodeId);
    this.#inFlight.add(command.nodeId);
    this.#outputKeys.set(command.nodeId, new Map(command.outputArtifacts.map((a) => [a.name, a.key])));
    this.flow.adopt(command);
  }

  #outcome(result: StepResult) {
    const keys = this.#outputKeys.get(result.id);
    this.#outputKeys.delete(result.id);
    return {
      exitCode: result.exitCode,
      error: result.error,
      stdout: result.stdout,
      parameters: result.parameters,
      artifacts: result.artifacts
        .filter((a) => a.location !== undefined)
        .map((a) => ({ name: a.name, key: keys?.get(a.name), ...(a.stored ? { location: a.stored } : {}) })),
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
    };
  }
}
