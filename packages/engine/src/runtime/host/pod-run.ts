import {
  containerRetriesAnnotation,
  containerRetryDelayAnnotation,
  durationSeconds,
  type PodContainer,
} from '@weft/core';
import type { StartStepRequest } from '../types.js';
import {
  type ContainerContext,
  type ContainerOutcome,
  prepareContainer,
  runPrepared,
  succeeded,
} from './container.js';
import type { SpawnedProcess } from './spawner.js';

/** How the containers of one step ended, before outputs are collected. */
export interface PodOutcome {
  /** The container whose stdout and outputs the step reports. */
  readonly primary?: ContainerOutcome;
  /** The first main container that failed or could not run, if any. */
  readonly failed?: ContainerOutcome;
  /** Set when the step could not run at all (init container failed, bad dependencies). */
  readonly error?: string;
  readonly killed: boolean;
}

/** The container of `pod.spec.containers` that gives stdout and outputs: `main`, else the last main one. */
export function primaryContainer(request: StartStepRequest): PodContainer | undefined {
  const names = request.mainContainers.map((main) => main.name);
  const name = names.includes('main') ? 'main' : names[names.length - 1];
  return request.pod.spec.containers.find((container) => container.name === name);
}

/**
 * Runs one step's containers: init containers in order, then sidecars and main containers
 * (each main container once its dependencies succeeded), then stops the sidecars.
 */
export class PodRun {
  readonly #request: StartStepRequest;
  readonly #context: ContainerContext;
  readonly #sidecarGraceMs: number;
  readonly #onPrimaryStarted: (() => void) | undefined;
  readonly #live = new Set<SpawnedProcess>();
  #killed = false;
  #killTimer: NodeJS.Timeout | undefined;

  /** `onPrimaryStarted`: called once the primary container's process is running. */
  constructor(
    request: StartStepRequest,
    context: ContainerContext,
    sidecarGraceMs: number,
    onPrimaryStarted?: () => void,
  ) {
    this.#request = request;
    this.#context = context;
    this.#sidecarGraceMs = sidecarGraceMs;
    this.#onPrimaryStarted = onPrimaryStarted;
  }

  get killed(): boolean {
    return this.#killed;
  }

  /** SIGTERM to every running container's process group, SIGKILL after `graceMs`; nothing new starts. */
  kill(graceMs: number): void {
    this.#killed = true;
    for (const process of this.#live) process.signal('SIGTERM');
    clearTimeout(this.#killTimer);
    this.#killTimer = setTimeout(() => {
      for (const process of this.#live) process.signal('SIGKILL');
    }, graceMs);
  }

  async run(): Promise<PodOutcome> {
    try {
      const initError = await this.#runInitContainers();
      if (initError !== undefined || this.#killed) return { error: initError, killed: this.#killed };
      const cycle = findDependencyCycle(this.#request);
      if (cycle !== undefined) return { error: cycle, killed: false };
      const sidecars = this.#startSidecars();
      const outcomes = await this.#runMainContainers();
      await this.#stopSidecars(sidecars);
      const primaryName = primaryContainer(this.#request)?.name;
      return {
        primary: outcomes.find((outcome) => outcome.name === primaryName),
        failed:
          outcomes.find((outcome) => outcome.exit !== undefined && !succeeded(outcome)) ??
          outcomes.find((outcome) => outcome.error !== undefined),
        killed: this.#killed,
      };
    } finally {
      clearTimeout(this.#killTimer);
    }
  }

  async #runContainer(container: PodContainer, capture: boolean): Promise<ContainerOutcome> {
    const prepared = await prepareContainer(this.#context, container, capture);
    if (this.#killed) return { name: container.name };
    return runPrepared(container.name, prepared, this.#live, capture ? this.#onPrimaryStarted : undefined);
  }

  async #runInitContainers(): Promise<string | undefined> {
    for (const container of this.#request.pod.spec.initContainers ?? []) {
      const outcome = await this.#runContainer(container, false);
      if (this.#killed) return undefined;
      if (outcome.error !== undefined) return `init container "${container.name}": ${outcome.error}`;
      if (!succeeded(outcome)) return `init container "${container.name}" failed: ${describeExit(outcome)}`;
    }
    return undefined;
  }

  #startSidecars(): Promise<ContainerOutcome>[] {
    const mains = new Set(this.#request.mainContainers.map((main) => main.name));
    return this.#request.pod.spec.containers
      .filter((container) => !mains.has(container.name))
      .map((container) => this.#runContainer(container, false));
  }

  async #stopSidecars(sidecars: readonly Promise<ContainerOutcome>[]): Promise<void> {
    if (sidecars.length === 0) return;
    for (const process of this.#live) process.signal('SIGTERM');
    const timer = setTimeout(() => {
      for (const process of this.#live) process.signal('SIGKILL');
    }, this.#sidecarGraceMs);
    await Promise.all(sidecars);
    clearTimeout(timer);
  }

  /** containerSet.retryStrategy: a failed main container's command runs again in place, its log appended. */
  async #runWithContainerRetries(container: PodContainer, capture: boolean): Promise<ContainerOutcome> {
    const { retries, delayMs } = containerRetries(this.#request);
    let outcome = await this.#runContainer(container, capture);
    for (
      let attempt = 0;
      attempt < retries && !this.#killed && !succeeded(outcome) && outcome.exit;
      attempt++
    ) {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (this.#killed) break;
      outcome = await this.#runContainer(container, capture);
    }
    return outcome;
  }

  #runMainContainers(): Promise<ContainerOutcome[]> {
    const byName = new Map(this.#request.pod.spec.containers.map((c) => [c.name, c]));
    const primary = primaryContainer(this.#request)?.name;
    const outcomes = new Map<string, Promise<ContainerOutcome>>();
    const outcomeOf = (name: string): Promise<ContainerOutcome> => {
      const known = outcomes.get(name);
      if (known) return known;
      const main = this.#request.mainContainers.find((m) => m.name === name);
      const container = byName.get(name);
      const started = (async (): Promise<ContainerOutcome> => {
        if (!container || !main) return { name, error: `container "${name}" is not in the pod` };
        const dependencies = await Promise.all(main.dependencies.map(outcomeOf));
        if (this.#killed || !dependencies.every(succeeded)) return { name };
        return this.#runWithContainerRetries(container, name === primary);
      })();
      outcomes.set(name, started);
      return started;
    };
    return Promise.all(this.#request.mainContainers.map((main) => outcomeOf(main.name)));
  }
}

/** The retries and the delay between them that a containerSet's `retryStrategy` asks for. */
function containerRetries(request: StartStepRequest): { retries: number; delayMs: number } {
  const annotations = request.pod.metadata.annotations ?? {};
  const retries = Number.parseInt(annotations[containerRetriesAnnotation] ?? '0', 10);
  const delay = (durationSeconds(annotations[containerRetryDelayAnnotation]) ?? 0) * 1000;
  return { retries: Number.isFinite(retries) && retries > 0 ? retries : 0, delayMs: delay };
}

export function describeExit(outcome: ContainerOutcome): string {
  if (outcome.error !== undefined) return outcome.error;
  if (outcome.exit?.signal) return `killed by ${outcome.exit.signal}`;
  return `exit code ${outcome.exit?.code ?? 'unknown'}`;
}

/** containerSet dependencies must form a DAG; returns a message naming a cycle, if any. */
export function findDependencyCycle(request: StartStepRequest): string | undefined {
  const deps = new Map(request.mainContainers.map((main) => [main.name, main.dependencies]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: readonly string[]): string | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting')
      return `container dependencies form a cycle: ${[...trail, name].join(' -> ')}`;
    state.set(name, 'visiting');
    for (const dep of deps.get(name) ?? []) {
      const found = visit(dep, [...trail, name]);
      if (found !== undefined) return found;
    }
    state.set(name, 'done');
    return undefined;
  };
  for (const name of deps.keys()) {
    const found = visit(name, []);
    if (found !== undefined) return found;
  }
  return undefined;
}
