/**
 * `weft run`: one workflow in-process, carried out by a WorkflowExecution (./execution.ts) with
 * a runtime per template (see createRuntime), the control channel and the live display around it.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createWorkflowState, InvalidInputError, toWorkflowObject, type WorkflowState } from '@weft/core';
import { answerControlRequest } from '../control/answer.js';
import { openControlChannel } from '../control/channel.js';
import type { ControlReply, ControlRequest } from '../control/protocol.js';
import { FileMemoCache } from '../memo/file-memo-cache.js';
import { createChoiceRuntime } from '../runtime/choice/index.js';
import { createHostRuntime } from '../runtime/host/index.js';
import { createPodmanRuntime, objectLookup } from '../runtime/podman/index.js';
import type { Runtime, StepExitListener, StepStartListener } from '../runtime/types.js';
import { withSecrets } from '../secrets/with-secrets.js';
import { createRunArtifacts, finishRunArtifacts } from './artifact-flow.js';
import { WorkflowExecution } from './execution.js';
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

/**
 * Steps run on `options.runtime` (default host) unless their template's `weft.dev/runtime`
 * annotation names another; podman is created on first use (a default podman that cannot run
 * throws PodmanUnavailableError, saying what to run, before any step starts).
 */
function createRuntime(
  runDir: string,
  options: RunWorkflowOptions,
  listeners: { onExit: StepExitListener; onStart: StepStartListener },
): Runtime {
  const objects = objectLookup(options.configMaps, options.secrets ?? []);
  const runtime = createChoiceRuntime({
    ...listeners,
    defaultKind: options.runtime ?? 'host',
    factories: {
      host: (given) => createHostRuntime({ ...given, volumesDir: resolve(runDir, 'volumes') }),
      podman: (given) => createPodmanRuntime({ ...given, objects, imageAliases: options.imageAliases ?? {} }),
    },
  });
  // The Secrets given on the command line, for secretKeyRef, envFrom and secret volumes; the
  // ConfigMaps, for configMapKeyRef and envFrom.
  return withSecrets(
    runtime,
    async (namespace, names) =>
      Object.fromEntries(
        names.flatMap((name) => {
          const data = objects('Secret', namespace, name);
          return data ? [[name, data]] : [];
        }),
      ),
    undefined,
    (namespace, name) => objects('ConfigMap', namespace, name),
  );
}

class RunLoop {
  readonly #state: WorkflowState;
  readonly #options: RunWorkflowOptions;
  readonly #runtime: Runtime;
  readonly #execution: WorkflowExecution;
  #changeTimer?: NodeJS.Timeout;

  constructor(state: WorkflowState, runDir: string, options: RunWorkflowOptions) {
    this.#state = state;
    this.#options = options;
    this.#runtime = createRuntime(runDir, options, {
      onExit: (result) => this.#execution.stepExited(result),
      onStart: (id) => this.#execution.dispatch({ type: 'StepStarted', nodeId: id }),
    });
    this.#execution = new WorkflowExecution({
      state,
      runDir,
      runtime: this.#runtime,
      artifacts: createRunArtifacts(state, runDir, options),
      memoCache: options.memoCache ?? new FileMemoCache(),
      // TRANSIENT_ERROR_PATTERN: the errors `retryPolicy: OnTransientError` retries besides Argo's own list.
      transientErrorPattern: process.env.TRANSIENT_ERROR_PATTERN,
      afterBatch: () => this.#scheduleChange(),
      log: (line) => process.stderr.write(`weft: ${line}\n`),
    });
  }

  async run(): Promise<RunWorkflowResult> {
    const onAbort = () => this.#execution.dispatch({ type: 'StopRequested', mode: 'stop' });
    this.#options.signal?.addEventListener('abort', onAbort, { once: true });
    const channel = await openControlChannel(this.#options, (request) => this.#answerControl(request));
    this.#options.onStart?.({
      name: this.#state.workflow.metadata.name ?? '',
      isolation: this.#runtime.isolation,
      ...(channel.socketError ? { controlSocketError: channel.socketError } : {}),
    });
    const logs = this.#execution.logs;
    const workflowName = this.#state.workflow.metadata.name ?? '';
    logs.beginRun({ workflowName, pid: process.pid, startedAt: new Date().toISOString() });
    this.#execution.dispatch({ type: 'WorkflowStarted' });
    await this.#execution.completed;
    await this.#execution.settle();
    await channel.close();
    this.#options.signal?.removeEventListener('abort', onAbort);
    if (this.#changeTimer) clearTimeout(this.#changeTimer);
    await this.#runtime.close();
    logs.endRun(this.#state.phase, new Date().toISOString());
    const artifacts = await finishRunArtifacts(this.#execution.flow.artifacts);
    const workflow = toWorkflowObject(this.#state);
    this.#options.onChange?.(workflow);
    return {
      workflow,
      isolation: this.#runtime.isolation,
      logDirs: this.#execution.logDirs,
      artifacts,
    };
  }

  #answerControl(request: ControlRequest): ControlReply {
    const { reply, event } = answerControlRequest(this.#state, request);
    if (event) this.#execution.dispatch(event);
    return reply;
  }

  #scheduleChange(): void {
    if (!this.#options.onChange || this.#changeTimer) return;
    this.#changeTimer = setTimeout(() => {
      this.#changeTimer = undefined;
      this.#options.onChange?.(toWorkflowObject(this.#state));
    }, 100);
  }
}
