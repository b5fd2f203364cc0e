/**
 * Moves artifacts around a step's run in the runtime: input artifacts are fetched before the
 * runtime starts the step, outputs (and archived main logs) are stored in the repository after it
 * ends and before the reducer hears of the exit. A step without artifacts passes straight through,
 * synchronously, so it pays nothing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowCommand, WorkflowState } from '@weft/core';
import { collectArtifactGarbage } from '../artifacts/artifact-gc.js';
import { InputArtifactError, RunArtifacts, type StoredArtifact } from '../artifacts/step-artifacts.js';
import { failure } from '../runtime/pod/step-result.js';
import type { Runtime, StartStepRequest, StepResult } from '../runtime/types.js';
import type { RunWorkflowOptions } from './options.js';

type StartStep = Extract<WorkflowCommand, { type: 'StartStep' }>;

export interface ArtifactFlowOptions {
  readonly artifacts: RunArtifacts;
  readonly runtime: () => Runtime;
  /** Reports a step's exit to the engine loop (after its outputs are stored). */
  readonly report: (result: StepResult) => void;
  /** The node's display name, for the artifact index. */
  readonly displayName: (nodeId: string) => string | undefined;
}

export class ArtifactFlow {
  readonly #options: ArtifactFlowOptions;
  readonly #commands = new Map<string, StartStep>();
  readonly #staging = new Set<string>();
  readonly #cancelled = new Set<string>();

  constructor(options: ArtifactFlowOptions) {
    this.#options = options;
  }

  get artifacts(): RunArtifacts {
    return this.#options.artifacts;
  }

  /** Knows a step the runtime already runs (after a restart), so its outputs are stored at its exit. */
  adopt(command: StartStep): void {
    this.#commands.set(command.nodeId, command);
  }

  /** Starts the step: at once when it has no input artifacts, else once they are staged. */
  start(command: StartStep, request: StartStepRequest): void {
    const artifacts = this.#options.artifacts;
    const withOutputs = { ...request, outputArtifacts: artifacts.outputRequests(command) };
    this.#commands.set(command.nodeId, command);
    if (!artifacts.hasInputs(command)) {
      this.#options.runtime().start(withOutputs);
      return;
    }
    this.#staging.add(command.nodeId);
    void this.#stageThenStart(command, withOutputs);
  }

  async #stageThenStart(command: StartStep, request: StartStepRequest): Promise<void> {
    const startedAt = Date.now();
    let inputFiles: StartStepRequest['inputFiles'];
    try {
      inputFiles = await this.#options.artifacts.stageInputs(command, request.stepDir);
    } catch (error) {
      const message =
        error instanceof InputArtifactError ? error.message : `input artifacts: ${(error as Error).message}`;
      this.#staging.delete(command.nodeId);
      return this.#reportFailure(command.nodeId, message, startedAt);
    }
    this.#staging.delete(command.nodeId);
    if (this.#cancelled.delete(command.nodeId))
      return this.#reportFailure(command.nodeId, 'step terminated', startedAt);
    this.#options.runtime().start({ ...request, inputFiles });
  }

  #reportFailure(nodeId: string, error: string, startedAt: number): void {
    this.#commands.delete(nodeId);
    this.#options.report(failure(nodeId, error, startedAt));
  }

  /** A kill for a step still fetching its inputs: it ends as terminated instead of starting. */
  cancel(nodeId: string): void {
    if (this.#staging.has(nodeId)) this.#cancelled.add(nodeId);
  }

  /** The runtime's exit report: outputs are stored, then the exit is reported. */
  exited(result: StepResult, stepDir: string): void {
    const command = this.#commands.get(result.id);
    this.#commands.delete(result.id);
    const artifacts = this.#options.artifacts;
    const storesLogs = command !== undefined && artifacts.archivesLogs(command);
    if (!command || (!storesLogs && !result.artifacts.some((a) => a.location !== undefined))) {
      this.#options.report(result);
      return;
    }
    void this.#store(command, result, stepDir, storesLogs).then(this.#options.report);
  }

  async #store(
    command: StartStep,
    result: StepResult,
    stepDir: string,
    storesLogs: boolean,
  ): Promise<StepResult> {
    const artifacts = this.#options.artifacts;
    const stored = await artifacts.storeOutputs(command, result.artifacts);
    const collected = result.artifacts.map((a) => {
      const location = stored.artifacts.find((s) => s.name === a.name)?.location;
      return location ? { ...a, stored: location } : { name: a.name };
    });
    if (storesLogs) {
      const logs = await artifacts
        .archiveMainLog(command, join(stepDir, 'logs', 'main.log'))
        .catch(() => undefined);
      if (logs) collected.push({ name: logs.name, location: '', stored: logs.location });
    }
    const error = result.error ?? (result.exitCode === 0 ? stored.error : undefined);
    this.#writeIndex();
    return { ...result, artifacts: collected, ...(error === undefined ? {} : { error }) };
  }

  /** `<run-dir>/artifacts/index.json`: what `weft artifacts get` and deletion GC read. */
  #writeIndex(): void {
    const artifacts = this.#options.artifacts;
    const index = artifacts.stored.map((entry: StoredArtifact) => ({
      ...entry,
      displayName: this.#options.displayName(entry.nodeId),
    }));
    mkdirSync(artifacts.local.root, { recursive: true });
    writeFileSync(
      join(artifacts.local.root, 'index.json'),
      `${JSON.stringify({ artifacts: index }, null, 2)}\n`,
    );
  }
}

/** The run's artifact movement, from the workflow and what `weft run` was given. */
export function createRunArtifacts(
  state: WorkflowState,
  runDir: string,
  options: RunWorkflowOptions,
): RunArtifacts {
  const metadata = state.workflow.metadata;
  const artifacts = new RunArtifacts({
    localRoot: join(runDir, 'artifacts'),
    workflow: {
      name: metadata.name ?? '',
      namespace: metadata.namespace ?? 'default',
      uid: String(metadata.uid ?? ''),
      createdAt: new Date(String(metadata.creationTimestamp ?? new Date().toISOString())),
      spec: state.spec as unknown as Record<string, unknown>,
    },
    sources: { configMaps: options.configMaps, secrets: options.secrets ?? [], env: process.env },
    ...(options.artifactSizeLimit === undefined ? {} : { sizeLimit: options.artifactSizeLimit }),
  });
  if (artifacts.notice) process.stderr.write(`weft: ${artifacts.notice}\n`);
  return artifacts;
}

/** At the end of a run: `OnWorkflowCompletion` garbage collection; returns what stays stored. */
export async function finishRunArtifacts(artifacts: RunArtifacts): Promise<StoredArtifact[]> {
  await artifacts.local.settle();
  const problems = await collectArtifactGarbage(artifacts.stored, 'OnWorkflowCompletion', (entry) =>
    artifacts.repositoryOf(entry),
  );
  for (const problem of problems) process.stderr.write(`weft: ${problem}\n`);
  const kept = (entry: StoredArtifact) => entry.gcStrategy !== 'OnWorkflowCompletion';
  const indexFile = join(artifacts.local.root, 'index.json');
  if (existsSync(indexFile)) {
    const index = JSON.parse(readFileSync(indexFile, 'utf8')) as { artifacts: StoredArtifact[] };
    writeFileSync(indexFile, `${JSON.stringify({ artifacts: index.artifacts.filter(kept) }, null, 2)}\n`);
  }
  return artifacts.stored.filter(kept);
}
