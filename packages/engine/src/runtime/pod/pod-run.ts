/**
 * How every runtime runs one step's Pod, whatever runs its containers (local processes in host/,
 * podman containers in podman/):
 *
 *   init containers, one after another (a failure ends the step)
 *     ─► sidecars + main containers (each main one once its containerSet dependencies succeeded,
 *        run again per the containerSet's retryStrategy)
 *     ─► the sidecars get SIGTERM, then SIGKILL after the grace period
 *
 * A ContainerDriver runs one container and signals the running ones.
 */
import {
  containerRetriesAnnotation,
  containerRetryDelayAnnotation,
  durationSeconds,
  type PodContainer,
} from '@weft/core';
import type { StartStepRequest } from '../types.js';

/** How a container ended: its exit code (or the signal that killed it) and captured stdout. */
export interface ContainerExit {
  readonly code: number | null;
  readonly signal?: string | null;
  readonly stdout: string;
}

/** How one container ended; `exit` is absent when it never ran. */
export interface ContainerOutcome {
  readonly name: string;
  readonly exit?: ContainerExit;
  /** Why it could not run or failed to start (Argo reports these as Error). */
  readonly error?: string;
}

export const succeeded = (outcome: ContainerOutcome): boolean =>
  outcome.error === undefined && outcome.exit?.code === 0;

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

/** Runs the containers of one step for a PodRun. */
export interface ContainerDriver {
  /**
   * Runs one container to its end; `onStarted` once its process runs. `killed` says whether the
   * step was killed meanwhile (a driver that prepares before starting checks it again).
   */
  run(
    container: PodContainer,
    capture: boolean,
    onStarted: (() => void) | undefined,
    killed: () => boolean,
  ): Promise<ContainerOutcome>;
  /** Signals the running containers, or only the ones named. */
  signal(signal: 'SIGTERM' | 'SIGKILL', names?: readonly string[]): void;
}

export interface PodRunOptions {
  /** Grace between SIGTERM and SIGKILL for sidecars once the main containers ended. */
  readonly sidecarGraceMs: number;
  /** Called once the primary container's process is running. */
  readonly onPrimaryStarted?: () => void;
}

/** The container of `pod.spec.containers` that gives stdout and outputs: `main`, else the last main one. */
export function primaryContainer(request: StartStepRequest): PodContainer | undefined {
  const names = request.mainContainers.map((main) => main.name);
  const name = names.includes('main') ? 'main' : names[names.length - 1];
  return request.pod.spec.containers.find((container) => container.name === name);
}

/** The grace sidecars get: `override`, else the pod's terminationGracePeriodSeconds, else 10 s. */
export function sidecarGraceMs(request: StartStepRequest, override: number | undefined): number {
  const seconds = request.pod.spec.terminationGracePeriodSeconds;
  return override ?? (typeof seconds === 'number' ? seconds * 1000 : 10_000);
}

export class PodRun {
  readonly #request: StartStepRequest;
  readonly #driver: ContainerDriver;
  readonly #options: PodRunOptions;
  #killed = false;
  #killTimer: NodeJS.Timeout | undefined;

  constructor(request: StartStepRequest, driver: ContainerDriver, options: PodRunOptions) {
    this.#request = request;
    this.#driver = driver;
    this.#options = options;
  }

  get killed(): boolean {
    return this.#killed;
  }

  /** SIGTERM to every running container, SIGKILL after `graceMs`; nothing new starts. */
  kill(graceMs: number): void {
    this.#killed = true;
    this.#driver.signal('SIGTERM');
    clearTimeout(this.#killTimer);
    this.#killTimer = setTimeout(() => this.#driver.signal('SIGKILL'), graceMs);
  }

  async run(): Promise<PodOutcome> {
    try {
      const initError = await this.#runInitContainers();
      if (initError !== undefined || this.#killed) return { error: initError, killed: this.#killed };
      const cycle = findDependencyCycle(this.#request);
      if (cycle !== undefined) return { error: cycle, killed: false };
      const sidecars = this.#sidecars();
      const running = sidecars.map((container) => this.#runContainer(container, false));
      const outcomes = await this.#runMainContainers();
      await this.#stopSidecars(
        sidecars.map((container) => container.name),
        running,
      );
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

  #runContainer(container: PodContainer, capture: boolean): Promise<ContainerOutcome> {
    if (this.#killed) return Promise.resolve({ name: container.name });
    const onStarted = capture ? this.#options.onPrimaryStarted : undefined;
    return this.#driver.run(container, capture, onStarted, () => this.#killed);
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

  #sidecars(): PodContainer[] {
    const mains = new Set(this.#request.mainContainers.map((main) => main.name));
    return this.#request.pod.spec.containers.filter((container) => !mains.has(container.name));
  }

  async #stopSidecars(
    names: readonly string[],
    running: readonly Promise<ContainerOutcome>[],
  ): Promise<void> {
    if (running.length === 0) return;
    this.#driver.signal('SIGTERM', names);
    const timer = setTimeout(() => this.#driver.signal('SIGKILL', names), this.#options.sidecarGraceMs);
    await Promise.all(running);
    clearTimeout(timer);
  }

  /** containerSet.retryStrategy: a failed main container runs again, its log appended. */
  async #runWithContainerRetries(container: PodContainer, capture: boolean): Promise<ContainerOutcome> {
    const { retries, delayMs } = containerRetries(this.#request);
    let outcome = await this.#runContainer(container, capture);
    for (let attempt = 0; attempt < retries && !this.#killed && ranAndFailed(outcome); attempt++) {
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

/** The container ran to an exit that was not 0 (one that could not start is not retried). */
function ranAndFailed(outcome: ContainerOutcome): boolean {
  return outcome.exit !== undefined && outcome.error === undefined && outcome.exit.code !== 0;
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
