/**
 * `weft run`: one workflow in-process. The loop is event-driven: a step's exit is dispatched to
 * the reducer the moment the runtime reports it, and the commands that come out are carried out
 * at once — no polling anywhere between a step's exit and its dependents' start.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  advance,
  createWorkflowState,
  InvalidInputError,
  toWorkflowObject,
  type WorkflowCommand,
  type WorkflowEvent,
  type WorkflowState,
} from '@weft/core';
import { answerControlRequest } from '../control/answer.js';
import { openControlChannel } from '../control/channel.js';
import type { ControlReply, ControlRequest } from '../control/protocol.js';
import { FileLogStore } from '../logs/file-log-store.js';
import { logAttemptOf } from '../logs/log-attempt.js';
import { FileMemoCache } from '../memo/file-memo-cache.js';
import { MemoCommands } from '../memo/memo-commands.js';
import { createHostRuntime } from '../runtime/host/index.js';
import type { Runtime, StepResult } from '../runtime/types.js';
import { ArtifactFlow, createRunArtifacts, finishRunArtifacts } from './artifact-flow.js';
import { EngineWork, s3Lister } from './engine-work.js';
import type { RunWorkflowOptions, RunWorkflowResult } from './options.js';

export async function runWorkflow(options: RunWorkflowOptions): Promise<RunWorkflowResult> {
  const runDir = resolve(options.runDir);
  mkdirSync(runDir, { recursive: true });
  const created = createWorkflowState({
    workflow: options.workflow,
    templates: options.templates,
    configMaps: options.configMaps,
    parameters: options.parameters,
    entrypoint: options.entrypoint,
    generatedName: generateName(options.workflow.metadata.generateName),
    uid: randomUUID(),
    now: Date.now(),
    lockManager: options.lockManager,
  });
  if (!created.state) throw new InvalidInputError(created.issues);
  const loop = new RunLoop(created.state, runDir, options);
  return loop.run();
}

function generateName(prefix: string | undefined): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += alphabet[Math.floor(Math.random() * alphabet.length)];
  return `${prefix ?? 'workflow-'}${suffix}`;
}

class RunLoop {
  readonly #state: WorkflowState;
  readonly #runDir: string;
  readonly #options: RunWorkflowOptions;
  readonly #runtime: Runtime;
  /** Step logs: the host runtime writes `steps/<node id>/logs/<container>.log` where this store reads them. */
  readonly #logs: FileLogStore;
  /** Input artifacts fetched before a step starts, outputs stored after it ends. */
  readonly #flow: ArtifactFlow;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #logDirs: Record<string, string> = {};
  readonly #outputKeys = new Map<string, Map<string, string>>();
  readonly #queue: WorkflowEvent[] = [];
  readonly #memo: MemoCommands;
  /** HTTP templates' requests and artifact listings for data templates. */
  readonly #work: EngineWork;
  #dispatching = false;
  #finished?: () => void;
  #changeTimer?: NodeJS.Timeout;

  constructor(state: WorkflowState, runDir: string, options: RunWorkflowOptions) {
    this.#state = state;
    this.#runDir = runDir;
    this.#options = options;
    this.#logs = new FileLogStore(runDir);
    this.#memo = new MemoCommands(options.memoCache ?? new FileMemoCache(), (event) => this.#dispatch(event));
    this.#work = new EngineWork(
      s3Lister((prefix) => this.#flow.artifacts.defaultRepository.list(prefix)),
      (event) => this.#dispatch(event),
    );
    this.#flow = new ArtifactFlow({
      artifacts: createRunArtifacts(state, runDir, options),
      runtime: () => this.#runtime,
      report: (result) =>
        this.#dispatch({ type: 'StepExited', nodeId: result.id, result: this.#outcome(result) }),
      displayName: (nodeId) => this.#state.nodes.get(nodeId)?.displayName,
    });
    this.#runtime = createHostRuntime({
      onExit: (result) => this.#flow.exited(result, resolve(runDir, 'steps', result.id)),
      onStart: (id) => this.#dispatch({ type: 'StepStarted', nodeId: id }),
      volumesDir: resolve(runDir, 'volumes'),
    });
  }

  async run(): Promise<RunWorkflowResult> {
    const done = new Promise<void>((resolveDone) => {
      this.#finished = resolveDone;
    });
    const onAbort = () => this.#dispatch({ type: 'StopRequested', mode: 'stop' });
    this.#options.signal?.addEventListener('abort', onAbort, { once: true });
    const channel = await openControlChannel(this.#options, (request) => this.#answerControl(request));
    this.#options.onStart?.({
      name: this.#state.workflow.metadata.name ?? '',
      isolation: this.#runtime.isolation,
      ...(channel.socketError ? { controlSocketError: channel.socketError } : {}),
    });
    const workflowName = this.#state.workflow.metadata.name ?? '';
    this.#logs.beginRun({ workflowName, pid: process.pid, startedAt: new Date().toISOString() });
    this.#dispatch({ type: 'WorkflowStarted' });
    await done;
    await this.#memo.settle();
    for (const failure of this.#memo.failures) process.stderr.write(`weft: ${failure}\n`);
    await channel.close();
    this.#options.signal?.removeEventListener('abort', onAbort);
    for (const timer of this.#timers.values()) clearTimeout(timer);
    if (this.#changeTimer) clearTimeout(this.#changeTimer);
    await this.#runtime.close();
    this.#logs.endRun(this.#state.phase, new Date().toISOString());
    const artifacts = await finishRunArtifacts(this.#flow.artifacts);
    const workflow = toWorkflowObject(this.#state);
    this.#options.onChange?.(workflow);
    return { workflow, isolation: this.#runtime.isolation, logDirs: this.#logDirs, artifacts };
  }

  #answerControl(request: ControlRequest): ControlReply {
    const { reply, event } = answerControlRequest(this.#state, request);
    if (event) this.#dispatch(event);
    return reply;
  }

  #dispatch(event: WorkflowEvent): void {
    this.#queue.push(event);
    if (this.#dispatching) return;
    this.#dispatching = true;
    try {
      while (this.#queue.length > 0) {
        const next = this.#queue.shift() as WorkflowEvent;
        const { commands } = this.#advanceSafely(next);
        this.#state.changed.clear();
        for (const command of commands) this.#execute(command);
      }
    } finally {
      this.#dispatching = false;
    }
    this.#scheduleChange();
  }

  /** An invariant error (a bug) ends the run as Error with its message rather than hanging it. */
  #advanceSafely(event: WorkflowEvent): { commands: readonly WorkflowCommand[] } {
    try {
      // TRANSIENT_ERROR_PATTERN: the errors `retryPolicy: OnTransientError` retries besides Argo's own list.
      return advance(this.#state, event, {
        now: Date.now(),
        transientErrorPattern: process.env.TRANSIENT_ERROR_PATTERN,
      });
    } catch (error) {
      const message = `internal error while handling ${event.type}: ${(error as Error).message}`;
      process.stderr.write(
        `weft: ${message}\n${process.env.WEFT_DEBUG ? `${(error as Error).stack}\n` : ''}`,
      );
      this.#state.phase = 'Error';
      this.#state.message = message;
      this.#state.finishedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      return { commands: [{ type: 'WorkflowCompleted', phase: 'Error' }] };
    }
  }

  #execute(command: WorkflowCommand): void {
    switch (command.type) {
      case 'StartStep':
        this.#startStep(command);
        return;
      case 'KillStep':
        this.#flow.cancel(command.nodeId);
        this.#runtime.kill(command.nodeId, command.graceMs);
        return;
      case 'SetTimer': {
        const delay = Math.max(0, command.at - Date.now());
        clearTimeout(this.#timers.get(command.timerId));
        const handle = setTimeout(() => {
          this.#timers.delete(command.timerId);
          this.#dispatch({ type: 'TimerFired', timerId: command.timerId });
        }, delay);
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
        setImmediate(() => this.#finished?.());
        return;
    }
  }

  #startStep(command: Extract<WorkflowCommand, { type: 'StartStep' }>): void {
    const stepDir = resolve(this.#runDir, 'steps', command.nodeId);
    this.#logDirs[command.nodeId] = stepDir;
    this.#logs.beginAttempt(logAttemptOf(command, this.#state.nodes.get(command.nodeId), new Date()));
    this.#outputKeys.set(command.nodeId, new Map(command.outputArtifacts.map((a) => [a.name, a.key])));
    this.#flow.start(command, {
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

  #scheduleChange(): void {
    if (!this.#options.onChange || this.#changeTimer) return;
    this.#changeTimer = setTimeout(() => {
      this.#changeTimer = undefined;
      this.#options.onChange?.(toWorkflowObject(this.#state));
    }, 100);
  }
}
